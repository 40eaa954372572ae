"""A citizen (or relative) session never reaches a staff page, and a Min side page never shows another
citizen: every URL comes from the resolver, so a new page cannot be forgotten."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from citizens.models import AccessLog

from ..factories import CitizenFactory
from ..homecare.factories import make_visit
from ..rehab.factories import StayFactory

pytestmark = pytest.mark.django_db

# Open to everyone without login, so to a citizen too: the pages that are not staff pages.
PUBLIC = {
    "login",
    "healthz",
    "set_language",
    "logout",
    "incidents:public",
    "incidents:public_thanks",
    "incidents:public_receipt",
}
PUBLIC_API = {
    "hospital:notification",  # a MedCom endpoint with its own client authentication
    # OpenID Connect: the start of a login and the provider's callback (state, PKCE and signature are its
    # authentication; tests/minside/test_oidc.py, tests/carecore/test_oidc_staff.py).
    "oidc_login",
    "oidc_callback",
    "minside:oidc_login",
    "minside:oidc_callback",
}


def all_urls(patterns=None, namespace=""):
    """(url name, pattern) of every named URL pattern."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


ADMIN_VALUES = {"app_label": "citizens", "model_name": "citizen", "object_id": "1", "content_type_id": "1"}


def url_for(name, pattern, pk):
    converters = getattr(pattern.pattern, "converters", {})
    if converters:
        kwargs = {k: pk if type(c).__name__ == "IntConverter" else "csv" for k, c in converters.items()}
        return reverse(name, kwargs=kwargs)
    groups = list(re.compile(pattern.pattern.regex.pattern).groupindex)
    try:
        return reverse(name, kwargs={g: ADMIN_VALUES.get(g, str(pk)) for g in groups})
    except Exception:
        return None


def staff_urls(pk):
    for name, pattern in all_urls():
        if name.startswith("minside:") or name in PUBLIC or name in PUBLIC_API:
            continue
        url = url_for(name, pattern, pk)
        if url:
            yield name, url


def test_the_walk_covers_the_staff_pages():
    assert len(list(staff_urls(1))) > 150


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_citizen_session_reaches_no_staff_page(method, client, citizen_login, borger, citizen_vest):
    make_visit(citizen_vest)
    citizen_login(borger)
    answers = {}
    for name, url in staff_urls(citizen_vest.pk):
        status = getattr(client, method)(url).status_code
        if status not in (302, 403, 404, 405):
            answers[name] = status
        if status == 302:
            location = getattr(client, method)(url)["Location"]
            assert location.startswith(("/min-side/", "/admin/login/")), (
                f"{name} sends the citizen to {location}"
            )
    assert answers == {}


def test_a_relative_session_reaches_no_staff_page(client, citizen_login, relative_of, citizen_vest):
    citizen_login(relative_of(citizen_vest))
    statuses = {name: client.get(url).status_code for name, url in staff_urls(citizen_vest.pk)}
    assert {n: s for n, s in statuses.items() if s == 200} == {}


def test_public_pages_left_out_are_public(client):
    views = {name: p.callback for name, p in all_urls()}
    for name in PUBLIC | PUBLIC_API:
        assert getattr(views[name], "login_required", True) is False or name == "logout", name


def minside_urls(other_pk, look_pk, grant_pk):
    """Every Min side URL, any id in it set to the other citizen's (a citizen's id, or the id of their
    power of attorney)."""
    ids = {"citizen_pk": other_pk, "pk": grant_pk}
    for name, pattern in all_urls():
        if name.startswith("minside:") and name not in PUBLIC_API and name != "minside:login":
            converters = pattern.pattern.converters
            url = reverse(name, kwargs={k: ids[k] for k in converters})
            yield name, url + (f"?look={look_pk}" if name.startswith("minside:ask") else "")


def test_every_min_side_url_with_another_citizens_ids_is_refused_and_shows_nothing_of_them(
    client, citizen_login, borger, citizen_vest, citizen_oest, relative_of
):
    other = citizen_oest
    visit = make_visit(other)
    type(visit).objects.filter(pk=visit.pk).update(title="Hemmelig Østpleje")
    StayFactory(citizen=other)
    relative_of(citizen_vest, username="fremmed")  # a power of attorney for someone else
    from minside.models import PowerOfAttorney

    relative_of(other, username="oests.paaroerende")
    other_grant = PowerOfAttorney.objects.get(citizen=other)
    other_look = AccessLog.objects.create(username="x", citizen=other, part="journal")
    citizen_login(borger)
    walked = 0
    for name, url in minside_urls(other.pk, other_look.pk, other_grant.pk):
        response = client.get(url)
        body = response.content.decode()
        for secret in (other.cpr, other.last_name, "Hemmelig Østpleje"):
            assert secret not in body, f"{name} shows {secret!r}"
        if name.endswith("_for"):
            assert response.status_code == 403, f"{name} answered {response.status_code}"
            walked += 1
        post = client.post(url, {"question": "Hvem så min journal?", "look": other_look.pk})
        assert post.status_code in (200, 400, 403), name
        assert other.cpr not in post.content.decode()
        walked += name == "minside:attorney_revoke" and post.status_code == 403
    assert walked == 4
    other_grant.refresh_from_db()
    assert other_grant.revoked_at is None
    assert AccessLog.objects.filter(
        citizen=other, outcome=AccessLog.Outcome.REFUSED, username="borger"
    ).exists()
    assert not AccessLog.objects.filter(
        citizen=other, outcome=AccessLog.Outcome.SHOWN, username="borger"
    ).exists()
    from minside.models import AccessQuestion

    assert not AccessQuestion.objects.filter(look=other_look).exists()


def test_no_other_cpr_and_no_staff_username_on_the_citizens_own_pages(
    client, citizen_login, borger, citizen_vest, org
):
    from carecore.roles import Role

    from ..factories import make_staff

    carer = make_staff("sofie.vest", role=Role.SSH, units=[org.vest1])
    make_visit(citizen_vest, assigned_to=carer)
    others = CitizenFactory.create_batch(3, units=[org.vest1])
    AccessLog.objects.create(user=carer, username=carer.username, citizen=citizen_vest, part="journal")
    citizen_login(borger)
    for url in ("/min-side/", "/min-side/adgange/", "/min-side/adgange/spoerg/", "/min-side/fuldmagter/"):
        body = client.get(url).content.decode()
        assert "sofie.vest" not in body, url
        for other in others:
            assert other.cpr not in body and other.masked_cpr not in body, url
