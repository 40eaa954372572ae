"""Placeholder pages until this module's issue lands; each checks its roles already."""

from django.utils.translation import gettext_lazy as _

from carecore.roles import Role, require_role
from carecore.views import coming_soon


@require_role(Role.TRAINEE_COORDINATOR, Role.TRAINEE_SUPERVISOR, Role.LEADER)
def index(request):
    return coming_soon(request, _("Trainees"))


@require_role(Role.TRAINEE_COORDINATOR, Role.LEADER)
def placements(request):
    return coming_soon(request, _("Placements"))


@require_role(Role.TRAINEE_COORDINATOR)
def recruitment(request):
    return coming_soon(request, _("Recruitment"))


@require_role(Role.TRAINEE_COORDINATOR, Role.LEADER)
def overview(request):
    return coming_soon(request, _("Trainees overview"))

