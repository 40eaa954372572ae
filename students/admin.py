from django.contrib import admin

from .models import Applicant, InfoMeeting, Meeting, Placement, Trainee, UnitCapacity


@admin.register(UnitCapacity)
class UnitCapacityAdmin(admin.ModelAdmin):
    list_display = ["unit", "capacity"]


@admin.register(Trainee)
class TraineeAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "programme", "intake", "status"]
    list_filter = ["programme", "status"]
    search_fields = ["first_name", "last_name", "intake"]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["trainee", "unit", "supervisor", "starts_on", "ends_on"]
    list_select_related = ["trainee", "unit", "supervisor"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["placement", "kind", "due_on", "held_on"]
    list_select_related = ["placement__trainee", "placement__unit"]


admin.site.register(InfoMeeting)
admin.site.register(Applicant)
