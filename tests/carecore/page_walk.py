"""Every page of every role, as the page registry declares them: one (role, user, url) per page a role may
open, with the objects the page registry's own test builds for pages that take an id. Shared by the Danish
text test and the 360-px browser test, so a new page in any `pages.py` is walked by both."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from carecore import registry

from ..factories import CitizenFactory
from .test_page_registry import NOT_200, NOT_GUARDED_BY_THE_REGISTRY, id_kwargs, role_users, sft_serves

# Not a page of Omsorg: Django admin (its own templates and language) and the login-free start page
# (walked as "home").
NOT_WALKED = NOT_GUARDED_BY_THE_REGISTRY - {"home"}


def walk(org, citizen):
    """(role, user, url) for each page each of its roles opens with 200 on a GET, by role."""
    users = role_users(org)
    sft_serves(citizen)
    pages = []
    for name in sorted(set(registry.registry) - NOT_WALKED):
        page = registry.registry[name]
        kwargs = {}
        if page.model:
            try:
                with transaction.atomic():
                    kwargs = id_kwargs(page, org, citizen, users)
            except (ValidationError, IntegrityError):  # one per citizen (a case, an open referral): another
                kwargs = id_kwargs(page, org, sft_serves(CitizenFactory(units=[org.vest1])), users)
        url = reverse(name, kwargs=kwargs)
        for role, user in users.items():
            if name != "home" and str(role) not in page.allowed_roles:
                continue
            if NOT_200.get((name, role), NOT_200.get((name, None), 200)) != 200:
                continue
            pages.append((role, user, name, url))
    return sorted(pages, key=lambda row: (str(row[0]), row[2]))
