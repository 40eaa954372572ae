"""Placeholder pages until this module's issue lands; each checks its roles already."""

from django.utils.translation import gettext_lazy as _

from carecore.roles import Role, require_role
from carecore.views import coming_soon


@require_role(Role.SSH, Role.SSA)
def my_day(request):
    return coming_soon(request, _("My day"))


@require_role(Role.NURSE, Role.SSA, Role.LEADER)
def triage(request):
    return coming_soon(request, _("Triage"))


@require_role(Role.LEADER)
def planning(request):
    return coming_soon(request, _("Planning"))


@require_role(Role.LEADER)
def overview(request):
    return coming_soon(request, _("Home care overview"))


@require_role(Role.LEADER, Role.SSA, Role.SSH)
def startup_meetings(request):
    return coming_soon(request, _("Start-up meetings"))

