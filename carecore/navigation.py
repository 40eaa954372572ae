"""Role-aware navigation, built from the pages' declarations (carecore.registry)."""

from django.urls import NoReverseMatch, reverse

from . import registry
from .roles import role_names

_urls = {}
_entries = []


def url_for(name):
    """Reversed once per process: the navigation and tiles are on every page and their URLs never change."""
    if name not in _urls:
        try:
            _urls[name] = reverse(name)
        except NoReverseMatch:
            _urls[name] = None
    return _urls[name]


def _navigation():
    """(label, url name, roles) of the pages in the navigation, in order; computed on first use, once
    every app has declared its pages and permissions."""
    if not _entries:
        pages = sorted((p for p in registry.registry.values() if p.nav is not None), key=lambda p: p.nav)
        _entries.extend((p.label, p.name, p.allowed_roles) for p in pages)
    return _entries


def navigation_for(user):
    names = role_names(user)
    items = []
    for label, url_name, roles in _navigation():
        if names & roles:
            url = url_for(url_name)
            if url:
                items.append({"label": label, "url": url, "name": url_name})
    return items
