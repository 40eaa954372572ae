"""Placeholder pages until this module's issue lands; each checks its roles already."""

from django.utils.translation import gettext_lazy as _

from carecore.roles import Role, require_role
from carecore.views import coming_soon


@require_role(Role.RISK_MANAGER, Role.UTH_HANDLER, Role.LEADER)
def index(request):
    return coming_soon(request, _("Incidents"))


@require_role(Role.SSH, Role.SSA, Role.NURSE, Role.THERAPIST, Role.VISITATOR, Role.LEADER, Role.RISK_MANAGER, Role.UTH_HANDLER, Role.TRAINEE_COORDINATOR, Role.TRAINEE_SUPERVISOR, Role.SYSADMIN)
def report(request):
    return coming_soon(request, _("Report an incident"))


@require_role(Role.SSH, Role.SSA, Role.NURSE, Role.THERAPIST, Role.VISITATOR, Role.LEADER, Role.RISK_MANAGER, Role.UTH_HANDLER, Role.TRAINEE_COORDINATOR, Role.TRAINEE_SUPERVISOR, Role.SYSADMIN)
def mine(request):
    return coming_soon(request, _("My reports"))


@require_role(Role.RISK_MANAGER)
def dpsd(request):
    return coming_soon(request, _("DPSD reports"))


@require_role(Role.RISK_MANAGER, Role.LEADER)
def overview(request):
    return coming_soon(request, _("Incidents overview"))

