"""Samlerapportering counted from other modules' records, never tallied by hand (e.g. a dose recorded as
not given in Min dag). The incidents module knows no other module: every app in INSTALLED_APPS may have
a `samlerapportering.py` (found like `citizens.timeline`'s providers) with

    def counts(start, end) -> dict[tuple[str, int], int]

the events from `start` to `end` (aware datetimes), counted per (short-form type code, unit id), in a
fixed number of queries. They count as events without harm: harm or risk beyond the short-form rules
is reported in full (the module offers the pre-filled report)."""

from collections import Counter

from carecore.discovery import app_hooks


def providers():
    return [counts for _label, counts in app_hooks("samlerapportering", "counts", exclude=(__package__,))]


def counts(start, end):
    """Every provider's counts from `start` to `end`: {(type code, unit id): n}."""
    total = Counter()
    for provider in providers():
        total.update(provider(start, end))
    return dict(total)
