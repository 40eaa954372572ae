from django.contrib import admin

from .models import Clinic


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    """The nursing clinics an appointment can be booked at (an administrator keeps the list)."""

    list_display = ["name", "address", "unit", "is_active"]
    list_filter = ["is_active"]
