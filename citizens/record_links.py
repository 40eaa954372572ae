"""Links from the citizen record to the modules' pages about that citizen: the pages declared with
`record_link=True` (carecore.registry) that the user may open. No queries: the roles are already on
the user (carecore.authz)."""

from django.urls import reverse

from carecore import registry

_pages = []


def links_for(user, citizen):
    if not _pages:
        _pages.extend(page for page in registry.registry.values() if page.record_link)
    return [
        {"label": page.label, "url": reverse(page.name, args=[citizen.pk])}
        for page in _pages
        if page.allows(user)
    ]
