from django.contrib import admin

from .models import Membership, Notification, StaffProfile, Unit


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


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]

    def has_change_permission(self, request, obj=None):
        return False
