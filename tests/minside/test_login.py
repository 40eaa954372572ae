"""The citizen login at /min-side/: public, demo accounts by CPR, staff refused there; anonymous users
are sent to it."""

import pytest

from carecore.roles import Role
from citizens.models import Citizen
from minside.identity import citizen_for_cpr

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_citizen_login(client):
    response = client.get("/min-side/")
    assert response.status_code == 302
    assert response["Location"].startswith("/min-side/log-ind/")
    assert client.get("/min-side/adgange/")["Location"].startswith("/min-side/log-ind/")


def test_login_page_is_public_labelled_and_danish(client):
    response = client.get("/min-side/log-ind/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Log ind på Min side" in body
    assert '<label for="id_username"' in body and '<label for="id_password"' in body
    assert "<main" in body and "<header" in body


def test_citizen_logs_in_and_sees_own_page(client, borger, citizen_vest):
    response = client.post("/min-side/log-ind/", {"username": "borger", "password": "demo"})
    assert response.status_code == 302 and response["Location"] == "/min-side/"
    page = client.get("/min-side/")
    assert page.status_code == 200
    assert citizen_vest.last_name in page.content.decode()


def test_wrong_password_is_refused_in_danish(client, borger):
    response = client.post("/min-side/log-ind/", {"username": "borger", "password": "forkert"})
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_empty_login_form_says_what_is_missing(client):
    response = client.post("/min-side/log-ind/", {"username": "", "password": ""})
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.content.decode()


def test_staff_cannot_log_in_at_the_citizen_login(client, org):
    staff = make_staff("ssh.x", role=Role.SSH, units=[org.vest1])
    staff.set_password("demo")
    staff.save()
    response = client.post("/min-side/log-ind/", {"username": "ssh.x", "password": "demo"})
    assert response.status_code == 200
    assert "Medarbejdere logger ind på medarbejderlogin" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_session_is_refused_on_every_citizen_page(client, org, citizen_vest):
    client.force_login(make_staff("ssh.y", role=Role.SSH, units=[org.vest1]))
    for url in (
        "/min-side/",
        "/min-side/adgange/",
        "/min-side/adgange/spoerg/",
        f"/min-side/fuldmagt/{citizen_vest.pk}/",
    ):
        assert client.get(url).status_code == 403, url


def test_identity_matches_a_citizen_by_cpr_alone(citizen_vest):
    assert citizen_for_cpr(citizen_vest.cpr) == citizen_vest
    assert citizen_for_cpr(citizen_vest.cpr.replace("-", "")) == citizen_vest
    assert citizen_for_cpr("010101-0000") is None
    assert citizen_for_cpr("not a cpr") is None
    assert citizen_for_cpr(f"{citizen_vest.first_name} {citizen_vest.last_name}") is None
    assert Citizen.objects.count() == 1


def test_citizen_logging_in_at_the_staff_login_gets_a_citizen_session(client, borger):
    response = client.post("/login/", {"username": "borger", "password": "demo"}, follow=True)
    assert response.redirect_chain[-1][0] == "/min-side/"
    assert client.get("/borgere/").status_code == 403
