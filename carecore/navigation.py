"""Role-aware navigation and start-page tiles. Each entry: (label, url name, roles that see it)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import CARE_STAFF, Role, role_names

ALL = tuple(Role)
LEADERS = (Role.LEADER,)

NAV = [
    (_("Start page"), "home", ALL),
    (_("Citizens"), "citizens:list", CARE_STAFF + (Role.VISITATOR, Role.LEADER)),
    (_("My day"), "homecare:my_day", (Role.SSH, Role.SSA)),
    (_("Triage"), "homecare:triage", (Role.NURSE, Role.SSA, Role.LEADER)),
    (_("Planning"), "homecare:planning", LEADERS),
    (_("Competences"), "homecare:competences", (Role.LEADER, Role.NURSE)),
    (_("Visitation"), "visitation:list", (Role.VISITATOR,)),
    (_("Orders"), "visitation:list", LEADERS),
    (_("Discharges"), "rehab:discharges", (Role.VISITATOR, Role.LEADER)),
    (_("Beds"), "rehab:beds", (Role.VISITATOR, Role.NURSE, Role.LEADER, Role.THERAPIST)),
    (_("Pathways"), "rehab:pathways", (Role.THERAPIST, Role.LEADER, Role.VISITATOR)),
    (_("Incidents"), "incidents:list", (Role.RISK_MANAGER, Role.UTH_HANDLER, Role.LEADER)),
    (_("Trainees"), "students:list", (Role.TRAINEE_COORDINATOR, Role.TRAINEE_SUPERVISOR, Role.LEADER)),
    (_("Access log"), "access_log", (Role.LEADER, Role.SYSADMIN)),
]


_urls = {}


def _url(name):
    """Reversed once per process: the navigation is on every page and its URLs never change."""
    if name not in _urls:
        try:
            _urls[name] = reverse(name)
        except NoReverseMatch:
            _urls[name] = None
    return _urls[name]


def navigation_for(user):
    names = role_names(user)
    items = []
    for label, url_name, roles in NAV:
        if names & {str(r) for r in roles}:
            url = _url(url_name)
            if url:
                items.append({"label": label, "url": url, "name": url_name})
    return items
