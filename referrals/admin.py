from django.contrib import admin

from .models import Receiver


@admin.register(Receiver)
class ReceiverAdmin(admin.ModelAdmin):
    """Which units take referrals, and what they are referred for, are data an administrator keeps."""

    list_display = ["unit", "description", "is_active", "order"]
    list_editable = ["description", "is_active", "order"]
    autocomplete_fields = []
