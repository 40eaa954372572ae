"""Headers, logging, session lifetime and login throttling (issue 11, part 5)."""

import logging
from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from citizens.models import AccessLog

pytestmark = pytest.mark.django_db


def _no_store(response):
    control = response.get("Cache-Control", "")
    return "no-store" in control and "private" in control


def test_pages_fragments_and_files_with_citizen_data_are_never_stored(
    login, ssh_vest, citizen_vest, risk_manager
):
    client = login(ssh_vest)
    urls = [
        "/",
        reverse("citizens:list"),
        reverse("citizens:detail", args=[citizen_vest.pk]),
        reverse("citizens:journal", args=[citizen_vest.pk]),
        reverse("incidents:mine"),
    ]
    for url in urls:
        response = client.get(url, headers={"HX-Request": "true"} if "journal" in url else {})
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_files_are_never_stored_and_static_files_may_be(login, risk_manager, client):
    from datetime import date

    from incidents import dpsd

    report = dpsd.build_report(date(2025, 4, 1))
    staff = login(risk_manager)
    for fmt in ("csv", "pdf"):
        response = staff.get(reverse("incidents:dpsd_file", args=[report.pk, fmt]))
        assert response.status_code == 200 and _no_store(response)
    static = Client().get("/static/css/omsorg.css")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")


def test_anonymous_pdf_or_csv_is_never_stored():
    from django.http import HttpResponse
    from django.test import RequestFactory

    from carecore.middleware import NoStoreMiddleware

    def view(_request):
        return HttpResponse(BytesIO(b"%PDF").getvalue(), content_type="application/pdf")

    request = RequestFactory().get("/x.pdf")
    assert _no_store(NoStoreMiddleware(view)(request))


def test_a_refused_request_is_logged_without_traceback(login, ssh_vest, caplog):
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = login(ssh_vest).get(reverse("incidents:dpsd"))
    assert response.status_code == 403
    refusals = [r for r in caplog.records if r.name == "django.request"]
    assert len(refusals) == 1 and refusals[0].levelno == logging.WARNING
    assert refusals[0].exc_info is None and "Traceback" not in caplog.text


def test_an_active_session_still_ends_twelve_hours_after_login(login, ssh_vest, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600
    with time_machine.travel("2026-03-02 07:00 +01:00", tick=False) as clock:
        client = login(ssh_vest)
        assert client.get("/").status_code == 200
        for _ in range(35):  # a request every 20 minutes for 11h40
            clock.shift(20 * 60)
            assert client.get("/").status_code == 200
        clock.shift(20 * 60)  # 12 hours after the login
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert client.get("/").status_code == 302  # the session is gone, not only this answer


def _try(username, password, ip, **extra):
    return Client().post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def test_password_spraying_from_one_address_is_locked_out(org, ssh_vest, settings):
    for n in range(settings.LOGIN_FAILURES_PER_IP - 1):
        assert _try(f"guess{n}", "Sommer2026!", "203.0.113.9").status_code == 200
    assert _try("guess-last", "Sommer2026!", "203.0.113.9").status_code == 429
    assert _try("ssh.vest", "demo", "203.0.113.9").status_code == 429
    assert _try("ssh.vest", "demo", "198.51.100.7").status_code == 302  # other addresses are not


def test_wrong_passwords_lock_a_user_out_only_from_that_address_and_only_for_the_cool_off(org, ssh_vest):
    with time_machine.travel("2026-03-02 08:00 +01:00", tick=False) as clock:
        for _ in range(5):
            _try("ssh.vest", "forkert", "203.0.113.9")
        assert _try("ssh.vest", "demo", "203.0.113.9").status_code == 429
        assert _try("ssh.vest", "demo", "198.51.100.7").status_code == 302
        clock.shift(timedelta(minutes=16))
        assert _try("ssh.vest", "demo", "203.0.113.9").status_code == 302


def test_behind_the_proxy_the_real_client_is_throttled_and_logged(
    login, org, ssh_vest, citizen_vest, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for n in range(5):
        # The client forges the leftmost entry; the proxy appends the address it saw.
        _try("ssh.vest", "forkert", proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9")
    assert _try("ssh.vest", "demo", proxy, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert (
        _try("ssh.vest", "demo", proxy, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7").status_code == 302
    )
    client = login(ssh_vest)
    client.get(
        reverse("citizens:detail", args=[citizen_vest.pk]),
        headers={"X-Forwarded-For": "1.2.3.4, 198.51.100.7"},
        REMOTE_ADDR=proxy,
    )
    assert AccessLog.objects.filter(citizen=citizen_vest).latest("pk").ip_address == "198.51.100.7"


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(login, ssh_vest, citizen_vest):
    client = login(ssh_vest)
    client.get(
        reverse("citizens:detail", args=[citizen_vest.pk]),
        headers={"X-Forwarded-For": "1.2.3.4"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert AccessLog.objects.filter(citizen=citizen_vest).latest("pk").ip_address == "198.51.100.7"
