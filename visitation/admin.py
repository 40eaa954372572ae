from django.contrib import admin

from .models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    """The catalogue of services, its quality standards and legal bases are data an administrator keeps."""

    list_display = [
        "name",
        "code",
        "service_type",
        "basis_pension_age",
        "basis_younger",
        "standard_minutes",
        "is_active",
        "order",
    ]
    list_editable = ["basis_pension_age", "basis_younger", "standard_minutes", "is_active", "order"]
