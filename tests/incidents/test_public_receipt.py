"""The public reporter gets a receipt code and follows the report with it: status and feedback, nothing
else of the case; codes cannot be tried in bulk."""

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident
from incidents.services import RECEIPT_ALPHABET, new_receipt_code, report_incident

from .test_public import public_data

pytestmark = pytest.mark.django_db


def _report(client, org):
    response = client.post(reverse("incidents:public"), public_data(org.homecare), follow=True)
    return Incident.objects.get(), response.content.decode()


def test_public_report_shows_its_receipt_code_once(client, org, groups):
    incident, thanks = _report(client, org)
    assert len(incident.receipt_code) == 11 and incident.receipt_code in thanks
    assert "Din kvitteringskode" in thanks
    again = client.get(reverse("incidents:public_thanks")).content.decode()
    assert incident.receipt_code not in again


def test_staff_reports_get_no_receipt_code(org, groups, ssh_vest):
    data = {
        k: v
        for k, v in public_data(org.homecare).items()
        if k in ("description", "reported_actual", "reported_possible")
    }
    incident = report_incident(
        data={**data, "unit": org.vest1, "occurred_at": timezone.now()}, reported_by=ssh_vest
    )
    assert incident.receipt_code == ""


def test_codes_are_random_and_readable():
    codes = {new_receipt_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(set(c.replace("-", "")) <= set(RECEIPT_ALPHABET) for c in codes)


def test_follow_the_report_with_the_code(client, org, groups):
    incident, _thanks = _report(client, org)
    page = client.post(reverse("incidents:public_receipt"), {"code": incident.receipt_code.lower()})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Vi har modtaget din indberetning" in body
    assert "Min mor fik forkert medicin" not in body  # nothing of the case but its status
    Incident.objects.filter(pk=incident.pk).update(
        status="closed",
        closed_at=timezone.now(),
        feedback="Vi har ændret rutinen.",
        feedback_at=timezone.now(),
    )
    body = client.post(reverse("incidents:public_receipt"), {"code": incident.receipt_code}).content.decode()
    assert "Vi er færdige med at behandle din indberetning" in body and "Vi har ændret rutinen." in body


def test_receipt_page_is_public_and_labelled(client):
    body = client.get(reverse("incidents:public_receipt")).content.decode()
    assert '<label for="id_code"' in body


@pytest.mark.parametrize(
    "code, message",
    [
        ("", "Skriv kvitteringskoden."),
        ("ABCDE-FGH23", "Vi kan ikke finde en indberetning med den kode"),
        ("x" * 30, "højst"),
    ],
)
def test_bad_code_is_refused_in_danish(code, message, client, org, groups):
    _report(client, org)
    body = client.post(reverse("incidents:public_receipt"), {"code": code}).content.decode()
    assert message in body
    assert "Vi har modtaget din indberetning" not in body


def test_codes_cannot_be_tried_in_bulk(client, settings):
    settings.RATELIMIT_ENABLE = True
    url = reverse("incidents:public_receipt")
    statuses = [client.post(url, {"code": "AAAAA-AAAAA"}).status_code for _ in range(22)]
    assert statuses[:20] == [200] * 20 and statuses[-1] == 429
    assert "Der er prøvet for mange koder" in client.post(url, {"code": "x"}).content.decode()
