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
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.functional import lazy

from carecore.discovery import app_hooks


@dataclass(frozen=True)
class Item:
    """One line: what (`title`), when (`when`, already formatted), an optional detail and an optional
    link (`url`, e.g. a letter served by the module's own `citizen_page` view)."""

    title: str
    when: str = ""
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class Section:
    """A heading with its lines; `empty` is said when there are none. `order` places it on the page."""

    key: str
    heading: str
    items: list = field(default_factory=list)
    empty: str = ""
    order: int = 100


def providers():
    """(app label, sections) of every installed app with a `minside.py`, in INSTALLED_APPS order."""
    return app_hooks("minside", "sections", exclude=("minside",))


def sections(citizen, *, today):
    """Every module's sections for the citizen, in their order."""
    rows = []
    for _label, provide in providers():
        rows.extend(provide(citizen, today=today))
    return sorted(rows, key=lambda s: s.order)


_identity = {"citizen_of": None, "page": None, "look": None, "login_url": None}


def set_identity(citizen_of, *, page=None, look=None, login_url=None):
    """Registered by the app that logs citizens in (minside): `citizen_of(request)` answers the citizen
    whose own session this is, or None; `page(view)` wraps a view for citizen sessions only; `look(request,
    citizen, part)` checks and logs a look (see `look`); `login_url` is where citizens log in."""
    _identity.update(citizen_of=citizen_of, page=page, look=look, login_url=login_url)


def _login_url():
    return _identity["login_url"] or settings.LOGIN_URL


def citizen_page(view):
    """A module's own page for citizen sessions (e.g. a letter linked from its `minside.py` items): staff
    sessions are refused, anonymous visitors sent to the citizens' login. The view calls `look` before it
    shows anything of a citizen."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        page = _identity["page"]
        if page is None:
            raise PermissionDenied
        return page(view)(request, *args, **kwargs)

    wrapped.citizen_page = True
    wrapped.login_url = lazy(_login_url, str)()
    return wrapped


def look(request, citizen, part):
    """The session's person may see this citizen's `part` (it is their own record, or a power of attorney
    in force today covers their care): the look is logged ("egen adgang" / "fuldmagt"). Otherwise the
    refusal is logged and PermissionDenied raised."""
    check = _identity["look"]
    if check is None:
        raise PermissionDenied
    check(request, citizen, part)


def citizen_of(request):
    """The citizen the request's session belongs to (a citizen logged in to their own page), else None —
    staff, relatives and anonymous visitors alike. For public pages that link what a citizen sends."""
    resolve = _identity["citizen_of"]
    return resolve(request) if resolve is not None else None


def seed_demo(citizen, *, today, out=None):
    """The demo's Min side citizen (`borger.demo`), given rows by the modules: each installed app whose
    `demo.py` has `min_side(citizen, *, today, out=None)` (e.g. an incident report sent while logged in).
    Called by the app that makes the demo citizen's login, after every module has seeded."""
    for _label, add in app_hooks("demo", "min_side", exclude=("minside",)):
        add(citizen, today=today, out=out)
