from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident

pytestmark = pytest.mark.django_db


def public_data(place, **extra):
    when = timezone.localtime() - timedelta(days=1)
    return {
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        "unit": place.pk,
        "description": "Min mor fik forkert medicin",
        "reported_actual": "mild",
        "reported_possible": "severe",
        "prevention": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
        **extra,
    }


def test_public_form_opens_without_login(client, org):
    response = client.get(reverse("incidents:public"))
    assert response.status_code == 200
    assert 'name="website"' in response.content.decode()


def test_anonymous_public_report_is_saved_and_routed(client, org, groups):
    response = client.post(reverse("incidents:public"), public_data(org.homecare))
    assert response.status_code == 302 and response.url == reverse("incidents:public_thanks")
    incident = Incident.objects.get()
    assert incident.source == "public" and incident.reported_by is None
    assert incident.handler_group == groups[0]
    assert incident.contact_name == "" and incident.citizen is None


def test_public_report_keeps_optional_contact_details(client, org, groups):
    client.post(
        reverse("incidents:public"),
        public_data(org.homecare, contact_name="Jens Hansen", contact_email="jens@example.org"),
    )
    assert Incident.objects.get().contact_email == "jens@example.org"


def test_honeypot_filled_saves_nothing(client, org, groups):
    response = client.post(reverse("incidents:public"), public_data(org.homecare, website="http://spam"))
    assert response.status_code == 302
    assert not Incident.objects.exists()


def test_forged_field_is_refused_without_internals(client, org, groups, ssh_vest):
    response = client.post(
        reverse("incidents:public"), public_data(org.homecare, reported_by=ssh_vest.pk, status="closed")
    )
    body = response.content.decode()
    assert "Formularen kunne ikke læses" in body
    assert "reported_by" not in body and "Traceback" not in body
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("occurred_at", "2999-01-01T10:00", "Tidspunktet kan ikke ligge i fremtiden."),
        ("reported_actual", "catastrophic", "Vælg en alvorlighed fra listen."),
        ("unit", "999999", "Vælg et sted fra listen."),
    ],
)
def test_public_bad_input(client, org, groups, field, value, message):
    body = client.post(
        reverse("incidents:public"), public_data(org.homecare, **{field: value})
    ).content.decode()
    assert message in body
    assert not Incident.objects.exists()


def test_oversized_body_is_refused(client, org, groups):
    response = client.post(reverse("incidents:public"), public_data(org.homecare, description="x" * 25_000))
    assert response.status_code == 413
    assert not Incident.objects.exists()


def test_rate_limit_per_ip(client, org, groups):
    for _i in range(5):
        assert (
            client.post(
                reverse("incidents:public"), public_data(org.homecare), REMOTE_ADDR="10.0.0.1"
            ).status_code
            == 302
        )
    response = client.post(reverse("incidents:public"), public_data(org.homecare), REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "Prøv igen senere" in response.content.decode()
    assert Incident.objects.count() == 5
    # another IP is not limited
    assert (
        client.post(
            reverse("incidents:public"), public_data(org.homecare), REMOTE_ADDR="10.0.0.2"
        ).status_code
        == 302
    )


def test_script_injection_in_public_text_is_inert(client, org, groups, risk_manager, login):
    client.post(
        reverse("incidents:public"), public_data(org.homecare, description='<img src=x onerror="alert(1)">')
    )
    incident = Incident.objects.get()
    body = login(risk_manager).get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert '<img src=x onerror="alert(1)">' not in body and "&lt;img src=x" in body
