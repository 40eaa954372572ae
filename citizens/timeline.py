"""The citizen's pathway across units, newest first: requests, decisions, admissions, stays, pathways,
referrals and granted services, each from the module that owns it. The core knows no module: every app
in INSTALLED_APPS may have a `timeline.py` (found like `pages.py`, with `autodiscover_modules`).

The provider contract, for a module's `timeline.py`:

    def entries(user, citizen) -> list[Entry]

- `citizen` is already checked: `user` may see the record (the view used `get_visible_or_403`).
- Return an `Entry` only for an object the user may open: its page allows the user's role
  (`may_open(user, "<url name>")`; `page_url` answers None when not) and the object is in the user's scope.
  Where the model's scope is narrower than the citizen's (visit plans by team, a leader's orders), filter
  with it; where it is the citizen's (`visible_to` = "of a citizen the user may see"), the record check
  already covers it. An object whose page the role may not open is left out, not shown without its link:
  the entry's title alone may say more than the role should learn.
  A fact with no page of its own (a hospital message) may be returned with `url=None`.
- A fixed number of queries, whatever the number of entries (select_related / prefetch_related):
  the timeline page has a query-count test.
- `kind` and `title` are shown as they are: translate them (gettext); `module` is the app label.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone

from carecore import registry
from carecore.discovery import app_hooks


@dataclass(frozen=True)
class Entry:
    """One event in the citizen's pathway. `when` is a datetime, or a date for day-precise events."""

    when: datetime | date
    kind: str
    title: str
    url: str | None
    module: str

    @property
    def sort_key(self):
        if isinstance(self.when, datetime):
            return self.when
        return timezone.make_aware(datetime.combine(self.when, time.min))

    @property
    def has_time(self):
        return isinstance(self.when, datetime)


def may_open(user, name):
    """May the user's role open page `name` (carecore.registry)? No query."""
    return registry.get(name).allows(user)


def page_url(user, name, *args):
    """The URL of page `name` if the user's role may open it, else None."""
    return reverse(name, args=args) if may_open(user, name) else None


def discover(submodule, attr):
    """(app label, function) of every installed app but this one whose `<submodule>.py` has `attr`, in
    INSTALLED_APPS order (carecore.discovery.app_hooks, found once)."""
    return app_hooks(submodule, attr, exclude=(__package__,))


def providers():
    """(app label, entries) of every installed app with a `timeline.py`, in INSTALLED_APPS order."""
    return discover("timeline", "entries")


def timeline(user, citizen):
    """Every module's entries for the citizen that `user` may open, newest first."""
    rows = []
    for _label, entries in providers():
        rows.extend(entries(user, citizen))
    return sorted(rows, key=lambda e: e.sort_key, reverse=True)
