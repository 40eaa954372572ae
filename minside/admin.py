from django.contrib import admin

from .models import AccessQuestion, CitizenAccount, PowerOfAttorney


@admin.register(CitizenAccount)
class CitizenAccountAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(PowerOfAttorney)
class PowerOfAttorneyAdmin(admin.ModelAdmin):
    """Staff register a paper power of attorney here (scope and last day); revoking sets `revoked_at`."""

    list_display = ["grantee_name", "citizen", "scope", "starts_on", "ends_on", "revoked_at"]
    list_filter = ["scope"]
    raw_id_fields = ["citizen"]
    exclude = ["registered_by", "registered_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.registered_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessQuestion)
class AccessQuestionAdmin(admin.ModelAdmin):
    """Citizens' questions about looks at their record, read-only: the data-protection contact answers
    them at /databeskyttelse/ (minside.views.dpo_questions)."""

    list_display = ["receipt", "asked_at", "answered_at"]
    readonly_fields = [
        "citizen",
        "look",
        "asked_by",
        "question",
        "receipt",
        "asked_at",
        "answer",
        "answered_by",
        "answered_at",
    ]
    search_fields = ["receipt"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
