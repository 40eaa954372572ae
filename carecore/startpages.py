"""What each role sees first after login: a heading and the tiles of its daily work. The tiles are
declared with the pages (carecore.registry); the headings are here."""

from django.utils.translation import gettext_lazy as _

from . import registry
from .navigation import url_for
from .roles import Role

HEADINGS = {
    Role.SSH: _("Home care"),
    Role.SSA: _("Home care"),
    Role.NURSE: _("Nursing"),
    Role.THERAPIST: _("Rehabilitation"),
    Role.VISITATOR: _("Kom Godt Hjem"),
    Role.LEADER: _("Leadership"),
    Role.RISK_MANAGER: _("Patient safety"),
    Role.UTH_HANDLER: _("Incident handling"),
    Role.TRAINEE_COORDINATOR: _("SOSU trainees"),
    Role.TRAINEE_SUPERVISOR: _("My trainees"),
    Role.SYSADMIN: _("Administration"),
    Role.DPO: _("Data protection"),
    Role.PREVENTION: _("Health promotion, prevention and training"),
}

_tiles = {}


def tiles_for(role):
    """(label, url name, description) of the role's tiles in order, from the page declarations."""
    if role not in _tiles:
        found = [(p.tiles[role], p.name) for p in registry.registry.values() if role in p.tiles]
        found.sort(key=lambda pair: pair[0].order)
        _tiles[role] = [(tile.label, name, tile.description) for tile, name in found]
    return _tiles[role]


def start_page_for(user):
    staff = getattr(user, "staff", None)
    role = staff.job_title if staff else None
    heading = HEADINGS.get(role, _("Omsorg"))
    resolved = []
    for label, url_name, description in tiles_for(role) if role in HEADINGS else ():
        url = url_for(url_name)
        if url:
            resolved.append({"label": label, "url": url, "description": description})
    return role, heading, resolved


def landing_url(user):
    """The page a role is sent to right after login (a page declaring it in `lands`), or None."""
    staff = getattr(user, "staff", None)
    role = staff.job_title if staff else None
    for page in registry.registry.values():
        if role in page.lands and page.allows(user):
            return url_for(page.name)
    return None


_panels = []


def register_panel(panel):
    """An app adds a section to the start page from its AppConfig.ready(): `panel(request)` returns
    the section's HTML, or "" when it has nothing for this user. The core knows no app's data."""
    if panel not in _panels:
        _panels.append(panel)


def panels_for(request):
    return [html for panel in _panels if (html := panel(request))]
