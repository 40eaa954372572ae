"""The nursing leader's overview (/sygepleje/oversigt/) gathers key figures from the modules without
knowing them: every app in INSTALLED_APPS may have a `nursing.py` with

    def tables(user, *, today) -> list[Table]

returning only what `user` may see (the module's own `visible_to` or scope), with a fixed number of
queries whatever the data size. The page that shows them calls `tables(user, today=...)` below."""

from dataclasses import dataclass, field

from .discovery import app_hooks


@dataclass(frozen=True)
class Table:
    """A heading, its column titles and rows (lists of cells, the first the row's title); `empty` is
    said when there are no rows; `order` places it on the page."""

    key: str
    heading: str
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    note: str = ""
    empty: str = ""
    order: int = 100


def tables(user, *, today):
    """Every installed module's tables for `user`, in their order."""
    found = [
        table for _label, provide in app_hooks("nursing", "tables") for table in provide(user, today=today)
    ]
    return sorted(found, key=lambda t: t.order)
