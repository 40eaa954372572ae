from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from carecore.admin import CitizenLookAdmin

from .models import HospitalMessage, HospitalSender


@admin.register(HospitalSender)
class HospitalSenderAdmin(admin.ModelAdmin):
    list_display = ["name", "sor_code", "is_active", "created_at"]
    fields = ["name", "sor_code", "is_active"]
    actions = ["issue_token"]

    def save_model(self, request, obj, form, change):
        if not obj.token_hash:
            token = obj.issue_token()
            messages.warning(request, _("The sender's token (shown only now): %(token)s") % {"token": token})
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Issue a new token (the old one stops working)"))
    def issue_token(self, request, queryset):
        for sender in queryset:
            token = sender.issue_token()
            sender.save(update_fields=["token_hash"])
            messages.warning(
                request,
                _("New token for %(name)s (shown only now): %(token)s") % {"name": sender, "token": token},
            )


@admin.register(HospitalMessage)
class HospitalMessageAdmin(CitizenLookAdmin, admin.ModelAdmin):
    citizen_field = "citizen"  # a matched message shows its citizen: each look is logged
    list_display = ["received_at", "event", "status", "sender", "episode"]
    list_filter = ["status", "event"]
    fields = ["message_id", "sender", "event", "status", "episode", "ward", "received_at", "citizen"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
