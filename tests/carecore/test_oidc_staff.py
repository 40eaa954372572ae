"""Staff log in with the municipality's identity provider (OpenID Connect), tested against a real provider
in a second process (tests/oidc_idp): the IdP's groups give roles and units by configuration, a login
without a mapped group is refused, and local accounts (demo, break-glass) keep working."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model

from carecore.models import ExternalIdentity, Membership, StaffProfile
from carecore.roles import Role
from minside.identity import SESSION_KEY

from ..factories import UserFactory, make_staff
from ..oidc_idp.harness import STAFF_GROUPS

pytestmark = pytest.mark.django_db

START = "/login/oidc/"
NO_ROLE = "Dit login giver dig ingen rolle i Omsorg."
CLASH = "En lokal konto har allerede dit brugernavn."


@pytest.fixture
def idp(settings, oidc_idp, org):
    settings.OIDC_PROVIDERS = oidc_idp.providers()
    settings.OIDC_STAFF_GROUPS = STAFF_GROUPS
    return oidc_idp


def log_in(client, idp, person, start=START):
    answer = client.get(start)
    assert answer.status_code == 302
    return client.get(idp.log_in(answer["Location"], person), follow=True)


def roles(user):
    return set(user.groups.values_list("name", flat=True))


def memberships(user):
    return {(m.unit.code, m.is_leader) for m in Membership.objects.filter(user=user).select_related("unit")}


def test_without_an_idp_the_staff_login_has_only_the_local_form(client):
    body = client.get("/login/").content.decode()
    assert "Log ind med kommunens login" not in body and '<label for="id_username"' in body
    assert client.get(START).status_code == 404
    assert client.get("/login/oidc/retur/?code=x&state=y").status_code == 404


def test_with_an_idp_the_staff_login_offers_it_next_to_local_accounts(client, idp):
    body = client.get("/login/?next=/borgere/").content.decode()
    assert 'href="/login/oidc/?next=/borgere/"' in body and "Log ind med kommunens login" in body
    assert '<label for="id_username"' in body


def test_the_staff_flow_uses_its_own_client_with_pkce(client, idp):
    query = parse_qs(urlsplit(client.get(START)["Location"]).query)
    assert query["client_id"] == ["omsorg-personale"]
    assert query["redirect_uri"] == ["http://testserver/login/oidc/retur/"]
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]


def test_home_carer_logs_in_and_gets_role_and_team_from_the_idp_group(client, idp, org, citizen_vest):
    answer = log_in(client, idp, "ssh")
    assert answer.redirect_chain[-1][0] == "/"
    user = get_user_model().objects.get(username="ssh.idp@kommune.dk")
    assert roles(user) == {Role.SSH}
    assert memberships(user) == {("vest-team-1", False)}
    assert StaffProfile.objects.get(user=user).job_title == Role.SSH
    assert user.first_name == "Sif" and not user.has_usable_password()
    assert ExternalIdentity.objects.get(user=user).issuer == idp.issuer
    assert client.session[SESSION_KEY] is False
    assert client.get(f"/borgere/{citizen_vest.pk}/").status_code == 200


def test_leader_group_gives_the_leader_role_and_leads_the_area(client, idp):
    log_in(client, idp, "leder")
    user = get_user_model().objects.get(username="leder.idp@kommune.dk")
    assert roles(user) == {Role.LEADER}
    assert memberships(user) == {("hjemmepleje-vest", True)}


def test_next_login_replaces_roles_and_units_with_what_the_groups_say_today(client, idp, org):
    log_in(client, idp, "ssh")
    user = get_user_model().objects.get(username="ssh.idp@kommune.dk")
    user.groups.add(*type(user.groups.first()).objects.filter(name=Role.VISITATOR))
    Membership.objects.create(user=user, unit=org.oest1)
    client.post("/logout/")
    log_in(client, idp, "ssh")
    assert roles(user) == {Role.SSH}
    assert memberships(user) == {("vest-team-1", False)}
    assert get_user_model().objects.filter(username="ssh.idp@kommune.dk").count() == 1


def test_login_without_a_mapped_group_is_refused_in_danish(client, idp):
    answer = log_in(client, idp, "ingen-rolle")
    assert answer.redirect_chain[-1][0] == "/login/"
    assert NO_ROLE in answer.content.decode()
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="ingen@kommune.dk").exists()


def test_login_without_a_user_name_is_refused(client, idp):
    answer = log_in(client, idp, "uden-navn")
    assert "Log ind blev ikke gennemført. Prøv igen." in answer.content.decode()
    assert "_auth_user_id" not in client.session and not ExternalIdentity.objects.exists()


def test_an_idp_user_never_takes_over_a_local_account_of_the_same_name(client, idp, org):
    local = make_staff("lokal.bruger", role=Role.LEADER, units=[org.oest])
    answer = log_in(client, idp, "navnefaelle")
    assert CLASH in answer.content.decode()
    assert "_auth_user_id" not in client.session
    assert roles(local) == {Role.LEADER} and not ExternalIdentity.objects.exists()


def test_local_break_glass_account_still_logs_in_with_its_password(client, idp, org):
    make_staff("nødadgang", role=Role.SYSADMIN, units=[org.top])
    answer = client.post("/login/", {"username": "nødadgang", "password": "demo"})
    assert answer.status_code == 302 and "_auth_user_id" in client.session


def test_a_staff_login_through_the_idp_never_reaches_min_side(client, idp):
    log_in(client, idp, "ssh")
    assert client.get("/min-side/").status_code == 403


def test_a_citizen_account_is_never_a_staff_login(client, idp):
    """A citizen session started at /login/oidc/ ends as a staff session, never a mix of the two."""
    from minside.models import CitizenAccount

    citizen = UserFactory(username="borger.x")
    CitizenAccount.objects.create(user=citizen, cpr="150550-1231")
    client.force_login(citizen)
    log_in(client, idp, "ssh")
    assert int(client.session["_auth_user_id"]) != citizen.pk
    assert client.session[SESSION_KEY] is False
