from django.contrib import admin

from .models import Citizen


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin):
    """Master data only; journals and assessments are written in the application, never here."""

    list_display = ["last_name", "first_name", "status"]
    search_fields = ["last_name", "first_name", "cpr"]
    list_filter = ["status"]

    def has_delete_permission(self, request, obj=None):
        return False
