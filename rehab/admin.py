from django.contrib import admin

from .models import Bed, StayType


@admin.register(StayType)
class StayTypeAdmin(admin.ModelAdmin):
    """The stay types and their standard lengths are data an administrator maintains."""

    list_display = [
        "name",
        "code",
        "standard_days",
        "max_days",
        "is_acute",
        "legal_basis",
        "is_active",
        "order",
    ]
    list_editable = ["standard_days", "max_days", "legal_basis", "is_active", "order"]


@admin.register(Bed)
class BedAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "is_active", "order"]
    list_editable = ["is_active", "order"]
