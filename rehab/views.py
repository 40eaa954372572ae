"""Placeholder pages until this module's issue lands; each checks its roles already."""

from django.utils.translation import gettext_lazy as _

from carecore.roles import Role, require_role
from carecore.views import coming_soon


@require_role(Role.VISITATOR, Role.LEADER)
def discharges(request):
    return coming_soon(request, _("Discharges"))


@require_role(Role.VISITATOR, Role.NURSE, Role.LEADER, Role.THERAPIST)
def beds(request):
    return coming_soon(request, _("Bed board"))


@require_role(Role.THERAPIST, Role.LEADER, Role.VISITATOR)
def pathways(request):
    return coming_soon(request, _("Rehabilitation pathways"))


@require_role(Role.LEADER)
def overview(request):
    return coming_soon(request, _("Rehab key figures"))

