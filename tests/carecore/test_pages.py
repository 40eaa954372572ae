import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from carecore.demo import DEMO_USERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", citizens=30, stdout=open("/dev/null", "w"))


EXPECTED_HEADINGS = {
    "ssh.vest": "Hjemmepleje",
    "ssh.oest": "Hjemmepleje",
    "ssa.midt": "Hjemmepleje",
    "sygeplejerske": "Sygepleje",
    "terapeut": "Rehabilitering",
    "visitator": "Kom Godt Hjem",
    "leder.vest": "Ledelse",
    "leder.rehab": "Ledelse",
    "leder.sygepleje": "Ledelse",
    "risikomanager": "Patientsikkerhed",
    "uth.plejehjem": "Sagsbehandling af hændelser",
    "elevkoordinator": "SOSU-elever",
    "elevvejleder": "Mine elever",
    "admin": "Administration",
    "dpo": "Databeskyttelse",
    "forebyggelse": "Sundhedsfremme, Forebyggelse og Træning",
    "traener": "Rehabilitering",
    "leder.sft": "Ledelse",
}


@pytest.mark.parametrize("username", sorted(DEMO_USERS))
def test_every_demo_role_lands_on_its_start_page(demo, client, django_user_model, username):
    client.force_login(django_user_model.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 200
    assert f"<h1>{EXPECTED_HEADINGS[username]}</h1>" in response.content.decode()


def test_demo_seed_is_idempotent(demo, django_user_model):
    from citizens.models import Citizen, JournalEntry

    counts = (Citizen.objects.count(), JournalEntry.objects.count(), django_user_model.objects.count())
    call_command("seed_demo", citizens=30, stdout=open("/dev/null", "w"))
    assert (
        Citizen.objects.count(),
        JournalEntry.objects.count(),
        django_user_model.objects.count(),
    ) == counts


def test_demo_users_log_in_with_demo_password(demo):
    client = Client()
    response = client.post(reverse("login"), {"username": "ssh.vest", "password": "demo"})
    assert response.status_code == 302 and response["Location"] == "/min-dag/"  # a field role's landing


def test_login_page_is_danish(client):
    body = client.get(reverse("login")).content.decode()
    assert "Log ind i Omsorg" in body and 'lang="da"' in body
    assert "Brugernavn" in body and "Adgangskode" in body


def test_english_is_available(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert "Log in to Omsorg" in client.get(reverse("login")).content.decode()


def test_wrong_password_gives_danish_error(demo):
    response = Client().post(reverse("login"), {"username": "ssh.vest", "password": "forkert"})
    assert response.status_code == 200
    assert "Indtast venligst korrekt brugernavn og adgangskode" in response.content.decode()


def test_brute_force_locks_the_account(demo):
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "ssh.vest", "password": "forkert"})
    response = client.post(reverse("login"), {"username": "ssh.vest", "password": "demo"})
    assert response.status_code == 429
    assert "For mange mislykkede loginforsøg" in response.content.decode()


def test_healthz_needs_no_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["checks"]["database"] == "ok"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/adgangslog/",
        "/indbakke/",
        "/borgere/",
        "/min-dag/",
        "/hjemmepleje/min-dag/",
        "/rehab/senge/",
        "/uth/",
        "/elever/",
    ],
)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


def test_security_headers(client):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_404_page_is_danish(login, ssh_vest):
    response = login(ssh_vest).get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_idle_sessions_expire_and_activity_extends_them(login, ssh_vest, settings):
    import time_machine

    # The database engine: its expiry follows the (travelled) clock. With Redis, cached_db entries also
    # expire in Redis after the same SESSION_COOKIE_AGE, on Redis's own clock.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    with time_machine.travel("2026-03-02 08:00 +01:00", tick=False) as clock:
        client = login(ssh_vest)
        assert client.get("/").status_code == 200
        clock.shift(25 * 60)
        assert client.get("/").status_code == 200  # active: the session is extended
        clock.shift(25 * 60)
        assert client.get("/").status_code == 200
        clock.shift(31 * 60)
        response = client.get("/")  # idle for over 30 minutes: logged out
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_navigation_is_role_aware(login, ssh_vest, risk_manager):
    body = login(ssh_vest).get("/").content.decode()
    assert "Min dag" in body and "Adgangslog" not in body
    body = login(risk_manager).get("/").content.decode()
    assert "Utilsigtede hændelser" in body and ">Borgere<" not in body


def test_citizen_record_access_tab_for_leader_only(login, ssh_vest, leader_vest, citizen_vest):
    assert login(ssh_vest).get(reverse("citizens:access", args=[citizen_vest.pk])).status_code == 403
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    body = login(leader_vest).get(reverse("citizens:access", args=[citizen_vest.pk])).content.decode()
    assert "ssh.vest" in body


def test_danish_even_when_the_browser_asks_for_english(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Log ind i Omsorg" in body


def test_static_files_are_served_without_debug_or_collectstatic(client, settings):
    assert settings.DEBUG is False
    response = client.get("/static/css/omsorg.css")
    assert response.status_code == 200
    assert b".topbar" in b"".join(response.streaming_content)
    assert client.get("/static/vendor/htmx.min.js").status_code == 200
