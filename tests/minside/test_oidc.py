"""MitID through an OpenID Connect broker, tested against a real provider in a second process
(tests/oidc_idp): the code flow lands on Min side; state, nonce, PKCE and the ID token's signature are
checked; a person is matched by the CPR number alone, and someone unknown is refused in Danish."""

import base64
import hashlib
import os
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from django.test import Client

from citizens.models import AccessLog
from minside.identity import SESSION_KEY
from minside.models import CitizenAccount, PowerOfAttorney, Scope

from ..factories import CitizenFactory, make_staff
from ..oidc_idp.harness import CITIZEN_CPR, RELATIVE_CPR, UNKNOWN_CPR
from ..oidc_idp.tamper import token_proxy, unsigned, with_claims
from .test_security import staff_urls

pytestmark = pytest.mark.django_db

START = "/min-side/log-ind/mitid/"
REFUSED = "Log ind blev ikke gennemført. Prøv igen."
UNKNOWN = "Vi kan ikke finde dig blandt kommunens borgere."


@pytest.fixture
def mitid(settings, oidc_idp):
    settings.OIDC_PROVIDERS = oidc_idp.providers()
    return oidc_idp


@pytest.fixture
def inger(org):
    return CitizenFactory(cpr=CITIZEN_CPR, first_name="Inger", last_name="Vestesen", units=[org.vest1])


def start(client):
    answer = client.get(START)
    assert answer.status_code == 302
    return answer["Location"]


def with_query(url, **changes):
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changes
    return urlunsplit(parts._replace(query=urlencode(query)))


def logged_in(client):
    return "_auth_user_id" in client.session


def test_without_a_broker_there_is_no_mitid_button_and_no_flow(client):
    assert "Log ind med MitID" not in client.get("/min-side/log-ind/").content.decode()
    assert client.get(START).status_code == 404
    assert client.get("/min-side/log-ind/mitid/retur/?code=x&state=y").status_code == 404


def test_with_a_broker_the_login_page_offers_mitid_next_to_the_demo_form(client, mitid):
    body = client.get("/min-side/log-ind/").content.decode()
    assert f'href="{START}"' in body and "Log ind med MitID" in body
    assert '<label for="id_username"' in body


def test_the_authorization_request_carries_state_nonce_and_a_pkce_challenge(client, mitid):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["response_type"] == ["code"] and query["client_id"] == ["omsorg-borger"]
    assert query["redirect_uri"] == ["http://testserver/min-side/log-ind/mitid/retur/"]
    stored = client.session["oidc_states"][query["state"][0]]
    assert stored["nonce"] == query["nonce"][0]
    digest = hashlib.sha256(stored["code_verifier"].encode()).digest()
    assert query["code_challenge"] == [base64.urlsafe_b64encode(digest).rstrip(b"=").decode()]
    assert query["code_challenge_method"] == ["S256"]


def test_citizen_logs_in_with_mitid_and_lands_on_own_page_with_the_look_logged(client, mitid, inger):
    answer = client.get(mitid.log_in(start(client), "borger"))
    assert answer.status_code == 302 and answer["Location"] == "/min-side/"
    page = client.get("/min-side/")
    assert page.status_code == 200 and "Vestesen" in page.content.decode()
    assert client.session[SESSION_KEY] is True
    account = CitizenAccount.objects.get(cpr=CITIZEN_CPR)
    assert account.user.has_usable_password() is False and CITIZEN_CPR not in account.user.username
    look = AccessLog.objects.get(citizen=inger, user=account.user)
    assert look.purpose == "egen adgang"


def test_the_next_login_finds_the_same_account_by_cpr(client, mitid, inger):
    client.get(mitid.log_in(start(client), "borger"))
    client.post("/logout/")
    client.get(mitid.log_in(start(client), "borger"))
    assert logged_in(client)
    assert CitizenAccount.objects.filter(cpr=CITIZEN_CPR).count() == 1


def test_an_existing_demo_account_with_the_cpr_is_the_one_logged_in(client, mitid, inger):
    from .conftest import make_account

    demo = make_account("borger.demo", CITIZEN_CPR)
    client.get(mitid.log_in(start(client), "borger"))
    assert int(client.session["_auth_user_id"]) == demo.pk


def test_relative_with_a_power_of_attorney_logs_in_and_sees_the_grant(client, mitid, inger, visitator):
    PowerOfAttorney.objects.create(
        citizen=inger,
        grantee_cpr=RELATIVE_CPR,
        grantee_name="Ane Datter",
        scope=Scope.ALL,
        registered_by=visitator,
    )
    answer = client.get(mitid.log_in(start(client), "paaroerende"))
    assert answer["Location"] == "/min-side/"
    assert client.get(f"/min-side/fuldmagt/{inger.pk}/").status_code == 200
    assert AccessLog.objects.filter(citizen=inger, purpose="fuldmagt").exists()


@pytest.mark.parametrize("person", ["ukendt", "uden-cpr"])
def test_unknown_cpr_is_refused_with_a_clear_danish_message(client, mitid, inger, person):
    answer = client.get(mitid.log_in(start(client), person), follow=True)
    assert answer.redirect_chain[-1][0] == "/min-side/log-ind/"
    assert UNKNOWN in answer.content.decode()
    assert not logged_in(client)
    assert not CitizenAccount.objects.filter(cpr=UNKNOWN_CPR).exists()


def test_a_relative_whose_power_of_attorney_has_ended_is_unknown(client, mitid, inger, visitator):
    from datetime import date

    PowerOfAttorney.objects.create(
        citizen=inger,
        grantee_cpr=RELATIVE_CPR,
        grantee_name="Ane Datter",
        scope=Scope.ALL,
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 12, 31),
        registered_by=visitator,
    )
    answer = client.get(mitid.log_in(start(client), "paaroerende"), follow=True)
    assert UNKNOWN in answer.content.decode() and not logged_in(client)


def test_a_callback_with_another_state_is_refused(client, mitid, inger):
    callback = mitid.log_in(start(client), "borger")
    answer = client.get(with_query(callback, state="not-the-state"), follow=True)
    assert REFUSED in answer.content.decode()
    assert not logged_in(client)


def test_a_callback_from_another_browser_session_is_refused(client, mitid, inger):
    callback = mitid.log_in(start(client), "borger")
    other_browser = Client()
    answer = other_browser.get(callback, follow=True)
    assert "_auth_user_id" not in other_browser.session
    assert answer.redirect_chain[-1][0] == "/min-side/log-ind/"


def test_a_replayed_callback_is_refused(client, mitid, inger):
    callback = mitid.log_in(start(client), "borger")
    assert client.get(callback)["Location"] == "/min-side/"
    client.post("/logout/")
    start(client)  # a new login under way: the old state is not in the session any more
    answer = client.get(callback, follow=True)
    assert REFUSED in answer.content.decode()
    assert not logged_in(client)


def test_an_id_token_with_another_nonce_is_refused(client, mitid, inger):
    """The provider signs an ID token for another login (its nonce): the session's nonce does not match."""
    authorize = start(client)
    callback = mitid.log_in(with_query(authorize, nonce="nonce-of-another-login"), "borger")
    answer = client.get(callback, follow=True)
    assert REFUSED in answer.content.decode()
    assert not logged_in(client)


def test_the_provider_refuses_a_wrong_pkce_verifier(client, mitid, inger):
    authorize = start(client)
    session = client.session
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    session["oidc_states"][state]["code_verifier"] = "x" * 64
    session.save()
    answer = client.get(mitid.log_in(authorize, "borger"), follow=True)
    assert REFUSED in answer.content.decode()
    assert not logged_in(client)


def test_the_provider_refuses_a_code_without_its_verifier(client, mitid, inger):
    callback = parse_qs(urlsplit(mitid.log_in(start(client), "borger")).query)
    answer = requests.post(
        f"{mitid.issuer}/token/",
        data={
            "grant_type": "authorization_code",
            "code": callback["code"][0],
            "redirect_uri": "http://testserver/min-side/log-ind/mitid/retur/",
            "client_id": "omsorg-borger",
            "client_secret": "borger-secret",
        },
        timeout=10,
    )
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_request"


@pytest.mark.parametrize(
    "tamper",
    [lambda token: with_claims(token, cpr="220440-1115"), unsigned],
    ids=["claims-changed", "signature-removed"],
)
def test_a_tampered_id_token_is_refused(client, mitid, inger, settings, tamper):
    other = CitizenFactory(cpr="220440-1115")
    providers = mitid.providers()
    with token_proxy(providers["citizen"]["OIDC_OP_TOKEN_ENDPOINT"], tamper) as proxy:
        providers["citizen"]["OIDC_OP_TOKEN_ENDPOINT"] = proxy
        settings.OIDC_PROVIDERS = providers
        answer = client.get(mitid.log_in(start(client), "borger"), follow=True)
    assert REFUSED in answer.content.decode()
    assert not logged_in(client)
    assert not CitizenAccount.objects.filter(cpr=other.cpr).exists()


def test_an_id_token_from_another_issuer_is_refused(client, mitid, inger, settings):
    providers = mitid.providers()
    providers["citizen"]["OIDC_OP_ISSUER"] = "https://another-broker.example"
    settings.OIDC_PROVIDERS = providers
    answer = client.get(mitid.log_in(start(client), "borger"), follow=True)
    assert REFUSED in answer.content.decode() and not logged_in(client)


def test_a_staff_member_logging_in_with_mitid_gets_a_citizen_session_without_roles(client, mitid, org):
    staff = make_staff("ssh.borger", units=[org.vest1])
    CitizenFactory(cpr=CITIZEN_CPR)
    client.force_login(staff)
    client.get(mitid.log_in(start(client), "borger"))
    assert int(client.session["_auth_user_id"]) != staff.pk
    assert client.session[SESSION_KEY] is True


def test_a_mitid_session_reaches_no_staff_page(client, mitid, inger):
    client.get(mitid.log_in(start(client), "borger"))
    reached = {}
    for name, url in staff_urls(inger.pk):
        status = client.get(url).status_code
        if status not in (302, 403, 404, 405):
            reached[name] = status
    assert reached == {}
    assert client.get("/")["Location"] == "/min-side/"


def test_make_idp_writes_the_demo_citizens_cprs_and_omsorgs_settings(tmp_path, capsys, inger, monkeypatch):
    import json

    from config.settings import _oidc_provider
    from tests.oidc_idp import demo

    from .conftest import make_account

    make_account("borger.demo", CITIZEN_CPR)
    make_account("paaroerende.demo", RELATIVE_CPR)
    demo.main(["--config", str(tmp_path / "idp.json"), "--port", "9000"])
    config = json.loads((tmp_path / "idp.json").read_text())
    assert config["users"]["borger.demo"]["claims"]["cpr"] == CITIZEN_CPR
    assert config["users"]["paaroerende.demo"]["claims"]["cpr"] == RELATIVE_CPR
    assert "http://127.0.0.1:8000/min-side/log-ind/mitid/retur/" in config["clients"][0]["redirect_uris"]
    for line in capsys.readouterr().out.splitlines():
        name, _eq, value = line.partition("=")
        monkeypatch.setenv(name, value.strip("'"))
    assert _oidc_provider("OIDC_CITIZEN")["OIDC_OP_TOKEN_ENDPOINT"] == "http://127.0.0.1:9000/o/token/"
    assert _oidc_provider("OIDC_STAFF")["OIDC_RP_CLIENT_ID"] == "omsorg-personale"
    assert json.loads(os.environ["OIDC_STAFF_GROUPS"])["omsorg-leder-vest"]["role"] == "leader"
