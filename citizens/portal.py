"""What a citizen sees of their own care on Min side, gathered from the modules. The record knows no
module: every app in INSTALLED_APPS may have a `minside.py` (found like `timeline.py`).

The provider contract, for a module's `minside.py`:

    def sections(citizen, *, today) -> list[Section]

- `citizen` is the person themself (or the one a relative holds a power of attorney for): the caller
  has checked who is looking and logged the look. Return only this citizen's rows.
- Plain, short Danish for citizens (gettext): no internal terms, no staff usernames, no other citizen.
  A carer's first name only when `settings.MINSIDE_SHOW_CARER_FIRST_NAME` is on.
- A fixed number of queries whatever the number of rows.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class Item:
    """One line: what (`title`), when (`when`, already formatted) and an optional detail."""

    title: str
    when: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Section:
    """A heading with its lines; `empty` is said when there are none. `order` places it on the page."""

    key: str
    heading: str
    items: list = field(default_factory=list)
    empty: str = ""
    order: int = 100


_providers = None


def providers():
    """(app label, sections) of every installed app with a `minside.py`, in INSTALLED_APPS order."""
    global _providers
    if _providers is None:
        found = []
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, "minside") and config.name != "minside":
                sections = getattr(import_module(f"{config.name}.minside"), "sections", None)
                if sections is not None:
                    found.append((config.label, sections))
        _providers = found
    return _providers


def sections(citizen, *, today):
    """Every module's sections for the citizen, in their order."""
    rows = []
    for _label, provide in providers():
        rows.extend(provide(citizen, today=today))
    return sorted(rows, key=lambda s: s.order)


_identity = {"citizen_of": None}


def set_identity(citizen_of):
    """Registered by the app that logs citizens in (minside): `citizen_of(request)` answers the citizen
    whose own session this is, or None."""
    _identity["citizen_of"] = citizen_of


def citizen_of(request):
    """The citizen the request's session belongs to (a citizen logged in to their own page), else None —
    staff, relatives and anonymous visitors alike. For public pages that link what a citizen sends."""
    resolve = _identity["citizen_of"]
    return resolve(request) if resolve is not None else None
