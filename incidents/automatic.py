"""Samlerapportering counted from other modules' records, never tallied by hand (e.g. a dose recorded as
not given in Min dag). The incidents module knows no other module: every app in INSTALLED_APPS may have
a `samlerapportering.py` (found like `citizens.timeline`'s providers) with

    def counts(start, end) -> dict[tuple[str, int], int]

the events from `start` to `end` (aware datetimes), counted per (short-form type code, unit id), in a
fixed number of queries. They count as events without harm: harm or risk beyond the short-form rules
is reported in full (the module offers the pre-filled report)."""

from collections import Counter
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

_providers = None


def providers():
    global _providers
    if _providers is None:
        found = []
        for config in apps.get_app_configs():
            if config.name != __package__ and module_has_submodule(config.module, "samlerapportering"):
                counts = getattr(import_module(f"{config.name}.samlerapportering"), "counts", None)
                if counts is not None:
                    found.append(counts)
        _providers = found
    return _providers


def counts(start, end):
    """Every provider's counts from `start` to `end`: {(type code, unit id): n}."""
    total = Counter()
    for provider in providers():
        total.update(provider(start, end))
    return dict(total)
