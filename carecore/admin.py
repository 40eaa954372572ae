from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied

from .access import log_look, log_looks
from .models import ExternalIdentity, Membership, Notification, RetentionRun, StaffProfile, Unit


class ReadOnlyAdmin:
    """A log or history table: shown in the admin, never added, changed or deleted there, by anyone
    (superusers too). Mix in before the ModelAdmin class."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CitizenLookAdmin:
    """Every look at a citizen through this admin is written to the access log (Sundhedsloven §42a):
    the list (one row per citizen shown), the change view and the history view, and a refused one.
    The citizen is the object itself (the citizen model) or the model's `citizen_field`; an admin may
    name the path itself in `citizen_field`. Parts are values of citizens.models.AccessPart."""

    citizen_field = None
    look_part = "admin"
    history_look_part = "aendringslog"

    def _logged(self, view, part, request, object_id, *args):
        """Run one object's admin view and log the look, or the refused look, under `part`."""
        path = self.citizen_field
        try:
            response = view(request, object_id, *args)
        except PermissionDenied:
            log_look(request, self.model, unquote(object_id), part, refused=True, path=path)
            raise
        if response.status_code == 200:
            log_look(request, self.model, unquote(object_id), part, path=path)
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            log_looks(request, changelist.result_list, self.look_part, path=self.citizen_field)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self._logged(super().change_view, self.look_part, request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        return self._logged(super().history_view, self.history_look_part, request, object_id, extra_context)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    filter_horizontal = ["covers"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "job_title"]
    list_filter = ["job_title"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "is_leader", "since"]
    list_filter = ["is_leader"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Link a local account to its identity at the municipality's IdP (issuer and subject), or unlink it."""

    list_display = ["user", "issuer", "subject", "linked_at"]
    search_fields = ["user__username", "subject"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["at", "table", "cutoff", "deleted", "by"]
    list_filter = ["table"]
    date_hierarchy = "at"


def _read_only_login_records():
    """django-axes' login records (lockout counters, successes, failures) are read-only here too; a
    locked-out user is let in by the cool-off or `manage.py axes_reset_username`."""
    from axes import admin as axes_admin
    from axes.models import AccessAttempt, AccessFailureLog
    from axes.models import AccessLog as LoginLog

    for model, base in [
        (AccessAttempt, axes_admin.AccessAttemptAdmin),
        (LoginLog, axes_admin.AccessLogAdmin),
        (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
    ]:
        if admin.site.is_registered(model):  # django-axes shows them unless AXES_ENABLE_ADMIN = False
            admin.site.unregister(model)
            admin.site.register(model, type(base.__name__, (ReadOnlyAdmin, base), {"actions": []}))


_read_only_login_records()
