"""A citizen logged in to Min side who reports on the public form has the report linked to them and
follows it on Min side; anonymous reports and relatives' stay unlinked."""

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident

from ..incidents.factories import handler_group
from ..incidents.test_public import public_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def srp(org):
    return handler_group("srp", org.top)


def test_a_logged_in_citizens_report_is_linked_and_followed_on_min_side(
    client, citizen_login, borger, citizen_vest, org, srp
):
    citizen_login(borger)
    response = client.post(reverse("incidents:public"), public_data(org.homecare), follow=True)
    incident = Incident.objects.get()
    assert incident.citizen == citizen_vest and incident.source == "public"
    assert incident.receipt_code in response.content.decode()
    body = client.get("/min-side/").content.decode()
    assert "Dine indberetninger om utilsigtede hændelser" in body and incident.receipt_code in body
    assert "Vi har modtaget din indberetning" in body
    Incident.objects.filter(pk=incident.pk).update(
        feedback="Tak, vi har talt med holdet.", feedback_at=timezone.now()
    )
    assert "Tak, vi har talt med holdet." in client.get("/min-side/").content.decode()


def test_an_anonymous_report_stays_anonymous(client, org, srp, citizen_vest, citizen_login, borger):
    client.post(reverse("incidents:public"), public_data(org.homecare))
    assert Incident.objects.get().citizen is None
    citizen_login(borger)
    assert "Dine indberetninger" not in client.get("/min-side/").content.decode()


def test_a_relatives_report_is_not_linked_to_anyone(
    client, org, srp, citizen_vest, citizen_login, relative_of
):
    citizen_login(relative_of(citizen_vest))
    client.post(reverse("incidents:public"), public_data(org.homecare))
    assert Incident.objects.get().citizen is None
