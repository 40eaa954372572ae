from django.contrib import admin

from .models import AccessLog, Citizen


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin):
    """Master data only; journals and assessments are written in the application, never here."""

    list_display = ["last_name", "first_name", "status"]
    search_fields = ["last_name", "first_name", "cpr"]
    list_filter = ["status"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is written by the application and never changed through it."""

    list_display = ["at", "username", "citizen_id", "part", "outcome"]
    list_filter = ["outcome", "part"]
    search_fields = ["username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
