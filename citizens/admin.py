from django.contrib import admin

from carecore.admin import CitizenLookAdmin, ReadOnlyAdmin

from .models import AccessLog, AccessPart, Citizen


@admin.register(Citizen)
class CitizenAdmin(CitizenLookAdmin, admin.ModelAdmin):
    """Master data only; journals and assessments are written in the application, never here. Every
    look is in the access log."""

    look_part = AccessPart.ADMIN
    history_look_part = AccessPart.CHANGES

    list_display = ["last_name", "first_name", "status"]
    search_fields = ["last_name", "first_name", "cpr"]
    list_filter = ["status"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read-only: the access log is written by the application and never changed through it."""

    list_display = ["at", "username", "unit_name", "citizen_id", "part", "outcome"]
    list_filter = ["outcome", "part"]
    search_fields = ["username"]
    date_hierarchy = "at"
