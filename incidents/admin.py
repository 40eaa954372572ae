from django.contrib import admin

from .models import HandlerGroup, IncidentType, ShortFormType


@admin.register(IncidentType, ShortFormType)
class TypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "active"]
    list_editable = ["position", "active"]


@admin.register(HandlerGroup)
class HandlerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "root_unit", "handles_force"]
    filter_horizontal = ["members"]
    autocomplete_fields = ["root_unit"]
