"""In English the data labels are English too: incident types, stay types and access-log parts; in
Danish they stay Danish, and a name an administrator wrote is shown as written."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from citizens.models import AccessLog, AccessPart
from incidents.models import IncidentType
from rehab.models import StayType

from ..incidents.factories import IncidentFactory, handler_group, incident_type
from ..rehab.factories import StayFactory

pytestmark = pytest.mark.django_db


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_default_labels_follow_the_language():
    fall = IncidentType.objects.get(code="fald")
    training = StayType.objects.get(code="genoptraening")
    with translation.override("en"):
        assert (str(fall), training.label, str(AccessPart.BED_BOARD.label)) == (
            "Fall",
            "Rehabilitation training",
            "Rehab: bed board",
        )
    with translation.override("da"):
        assert (str(fall), training.label, str(AccessPart.BED_BOARD.label)) == (
            "Fald",
            "Genoptræning",
            "Rehab: sengeoversigt",
        )


def test_a_name_an_administrator_wrote_is_shown_as_written():
    fall = IncidentType.objects.get(code="fald")
    fall.name = "Fald og nærfald"
    with translation.override("en"):
        assert fall.label == "Fald og nærfald"
    assert incident_type("eget").label == "Eget"


def test_english_pages_show_english_incident_types(client, org, risk_manager, citizen_vest):
    group = handler_group("srp", org.top, risk_manager)
    IncidentFactory(unit=org.vest1, citizen=citizen_vest, handler_group=group, type=incident_type("fald"))
    client.force_login(risk_manager)
    assert "<td>Fald</td>" in client.get(reverse("incidents:list")).content.decode()
    body = in_english(client).get(reverse("incidents:list")).content.decode()
    assert "<td>Fall</td>" in body and "<td>Fald</td>" not in body


def test_english_pages_show_english_stay_types_and_access_parts(client, leader_vest, visitator, citizen_vest):
    stay = StayFactory(citizen=citizen_vest)
    client.force_login(visitator)
    body = in_english(client).get(reverse("rehab:stay", args=[stay.pk])).content.decode()
    assert "Rehabilitation training" in body and "Genoptræning" not in body

    AccessLog.objects.create(username="sygeplejerske", citizen=citizen_vest, part=AccessPart.BED_BOARD)
    client.force_login(leader_vest)
    body = in_english(client).get(reverse("citizens:access", args=[citizen_vest.pk])).content.decode()
    assert "Rehab: bed board" in body and "Rehab: sengeoversigt" not in body
