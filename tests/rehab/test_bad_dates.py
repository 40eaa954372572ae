"""A stay's dates in year 1 or 9999 are a Danish message next to the field, never a 500 (issue 11, part 6):
the end or time must lie after the start and at most YEARS_AHEAD years ahead."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rehab.models import Stay, StayEvent, StayType

from .conftest import at
from .factories import StayFactory

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 09:00 +01:00"
FAR_AWAY = ["0001-01-01T00:00", "0001-01-01T10:00", "9999-12-31T10:00", "9999-12-31T23:59"]
RANGE_MESSAGE = "Skriv en dato mellem 01.01.1900 og 31.12.2036"


def _error_next_to(response, field, message):
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body, body
    assert message in body


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("field", ["starts_at", "ends_at"])
@pytest.mark.parametrize("value", FAR_AWAY)
def test_assign_with_a_far_away_date_is_refused_next_to_the_field(
    login, visitator, citizen_vest, bed, field, value
):
    data = {
        "bed": bed.pk,
        "citizen": citizen_vest.cpr,
        "stay_type": StayType.objects.get(code="genoptraening").pk,
        "starts_at": "2026-04-01T10:00",
        "reason": "Lang genoptræning",
        field: value,
    }
    client = Client(raise_request_exception=False)
    client.force_login(visitator)
    response = client.post(reverse("rehab:assign"), data)
    assert response.status_code == 200
    _error_next_to(response, field, RANGE_MESSAGE)
    assert not Stay.objects.exists()


@pytest.fixture
def stay(citizen_vest, bed, visitator):
    return StayFactory(bed=bed, citizen=citizen_vest, starts_at=at("2026-03-01 10:00"), created_by=visitator)


ACTIONS = {
    "rehab:stay_change_end": ("new_end", {"reason": "Venter på hjælpemidler"}),
    "rehab:stay_end": ("at", {"kind": "discharge", "reason": "Klarer sig selv"}),
    "rehab:stay_move": ("at", {"reason": "Enestue"}),
}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("name", sorted(ACTIONS))
@pytest.mark.parametrize("value", FAR_AWAY)
def test_stay_actions_with_a_far_away_date_are_refused_next_to_the_field(
    login, visitator, stay, bed2, name, value
):
    field, data = ACTIONS[name]
    client = Client(raise_request_exception=False)
    client.force_login(visitator)
    response = client.post(reverse(name, args=[stay.pk]), {**data, "to_bed": bed2.pk, field: value})
    assert response.status_code == 400
    _error_next_to(response, field, RANGE_MESSAGE)
    stay.refresh_from_db()
    assert stay.ends_at == at("2026-03-15 10:00") and stay.bed_id != bed2.pk
    assert not StayEvent.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_new_end_before_the_start_is_refused_next_to_the_field(login, visitator, stay):
    client = Client(raise_request_exception=False)
    client.force_login(visitator)
    response = client.post(
        reverse("rehab:stay_change_end", args=[stay.pk]), {"new_end": "2026-02-01T10:00", "reason": "Fejl"}
    )
    assert response.status_code == 400
    _error_next_to(response, "new_end", "Slut skal ligge efter start")
    stay.refresh_from_db()
    assert stay.ends_at == at("2026-03-15 10:00")
