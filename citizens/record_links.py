"""Links from the citizen record to the modules' pages about that citizen.

Each module registers its links in AppConfig.ready(); the record shows those the user's roles allow.
No queries: the roles are already on the user (carecore.authz)."""

from django.urls import reverse

from carecore.roles import has_role

_LINKS = []


def register(label, url_name, roles):
    """`url_name` takes the citizen's pk as its only argument."""
    _LINKS.append((label, url_name, tuple(roles)))


def links_for(user, citizen):
    return [
        {"label": label, "url": reverse(url_name, args=[citizen.pk])}
        for label, url_name, roles in _LINKS
        if has_role(user, *roles)
    ]
