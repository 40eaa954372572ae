"""The bed picker (free beds for a period, first free bed for N days), a refusal that names the blocking
stay, cancelling a stay that has not begun, and the waiting-list priority rule."""

import pytest
import time_machine
from django.urls import reverse

from carecore.models import OutboxMessage
from rehab import services
from rehab.models import Bed, Stay, StayEventKind, StayType, WaitingListEntry

from ..factories import CitizenFactory
from .conftest import at
from .factories import StayFactory

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 09:00 +01:00"


def fill_temporary_beds(org, until, *, except_label=None, except_until=None):
    for bed in Bed.objects.filter(kind="temporary"):
        end = except_until if bed.label == except_label else until
        StayFactory(
            bed=bed,
            citizen=CitizenFactory(units=[org.vest1]),
            starts_at=at("2026-03-01 10:00"),
            ends_at=end,
        )


@time_machine.travel(NOW, tick=False)
def test_refusal_names_the_blocking_stay_and_from_when(login, visitator, citizen_vest, citizen_oest, bed):
    StayFactory(
        bed=bed, citizen=citizen_oest, starts_at=at("2026-02-01 10:00"), ends_at=at("2026-03-20 10:00")
    )
    response = login(visitator).post(
        reverse("rehab:assign"),
        {
            "bed": bed.pk,
            "citizen": citizen_vest.cpr,
            "stay_type": StayType.objects.get(code="genoptraening").pk,
            "starts_at": "2026-03-05T10:00",
        },
    )
    body = response.content.decode()
    assert "Sengen er allerede optaget: et ophold (Genoptræning) har sengen fra 01.02.2026 10:00" in body
    assert "netop booket" not in body and citizen_oest.first_name not in body
    assert not Stay.objects.filter(citizen=citizen_vest).exists()


@time_machine.travel(NOW, tick=False)
def test_picker_shows_free_beds_and_the_first_bed_free_for_n_days(login, visitator, org):
    fill_temporary_beds(org, at("2026-03-20 10:00"), except_label="T05", except_until=at("2026-03-06 14:00"))
    body = login(visitator).get(reverse("rehab:assign"), {"fra": "2026-03-03", "dage": "7"}).content.decode()
    assert "Ingen seng er ledig hele perioden." in body
    assert "Første ledige seng i 7 dage: T05 fra 06.03.2026 14:00." in body
    assert f"seng={Bed.objects.get(label='T05').pk}&amp;dag=2026-03-06&amp;kl=14:00" in body
    body = login(visitator).get(reverse("rehab:assign"), {"fra": "2026-03-21", "dage": "3"}).content.decode()
    assert ">T01</a>" in body and ">T17</a>" in body and ">A1</a>" not in body  # acute beds: the akutteam's


@pytest.mark.parametrize(
    "query,message",
    [
        ({"fra": "2026-03-03", "dage": "0"}, "Denne værdi skal være større end eller lig 1."),
        ({"fra": "2026-03-03", "dage": "mange"}, "Indtast et heltal."),
        ({"fra": "32.13.2026", "dage": "7"}, "Indtast"),
        ({"fra": "2026-03-03", "dage": "500"}, "mindre end eller lig 90"),
    ],
)
def test_picker_bad_input_shows_a_danish_message(login, visitator, query, message):
    response = login(visitator).get(reverse("rehab:assign"), query)
    assert response.status_code == 200 and message in response.content.decode()
    assert "Første ledige seng" not in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_stay_not_begun_is_cancelled_with_a_reason_and_frees_the_bed(login, visitator, citizen_vest, bed):
    training = StayType.objects.get(code="genoptraening")
    stay = services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-05 10:00"), by=visitator
    )
    client = login(visitator)
    assert "Aflys opholdet" in client.get(reverse("rehab:stay", args=[stay.pk])).content.decode()
    response = client.post(reverse("rehab:stay_cancel", args=[stay.pk]), {"reason": "Borgeren er indlagt"})
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.cancelled_at is not None
    event = stay.events.last()
    assert (event.kind, event.reason) == (StayEventKind.CANCELLED, "Borgeren er indlagt")
    assert OutboxMessage.objects.filter(key=f"rehab-letter:event:{event.pk}").exists()
    assert bed in services.free_beds(["temporary"], at("2026-03-05 10:00"), at("2026-03-10 10:00"))
    again = services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-06 10:00"), by=visitator
    )
    assert again.pk != stay.pk  # the database's no-overlap guard skips the cancelled stay


@time_machine.travel(NOW, tick=False)
def test_cancel_bad_input_and_a_begun_stay(login, visitator, citizen_vest, citizen_oest, bed, bed2):
    future = StayFactory(bed=bed, citizen=citizen_vest, starts_at=at("2026-03-05 10:00"))
    begun = StayFactory(bed=bed2, citizen=citizen_oest, starts_at=at("2026-03-01 10:00"))
    client = login(visitator)
    response = client.post(reverse("rehab:stay_cancel", args=[future.pk]), {"reason": ""})
    assert response.status_code == 400 and "Dette felt er påkrævet" in response.content.decode()
    response = client.post(reverse("rehab:stay_cancel", args=[begun.pk]), {"reason": "Fortrudt"})
    assert response.status_code == 400 and "Opholdet er begyndt" in response.content.decode()
    assert not Stay.objects.filter(cancelled_at__isnull=False).exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("user,status", [("nurse", 403), ("ssh_vest", 403), ("therapist", 403)])
def test_only_the_bed_manager_cancels(login, request, user, status, citizen_vest, bed):
    stay = StayFactory(bed=bed, citizen=citizen_vest, starts_at=at("2026-03-05 10:00"))
    response = login(request.getfixturevalue(user)).post(
        reverse("rehab:stay_cancel", args=[stay.pk]), {"reason": "x"}
    )
    assert response.status_code == status
    stay.refresh_from_db()
    assert stay.cancelled_at is None


def test_anonymous_cannot_cancel(client, citizen_vest, bed):
    stay = StayFactory(bed=bed, citizen=citizen_vest)
    response = client.post(reverse("rehab:stay_cancel", args=[stay.pk]), {"reason": "x"})
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_waiting_priority_follows_the_rule_and_is_shown(login, visitator, org):
    terminal = StayType.objects.get(code="terminal")
    home = StayType.objects.get(code="venter-bolig")
    first, second = CitizenFactory(units=[org.vest1]), CitizenFactory(units=[org.vest1])
    client = login(visitator)
    client.post(reverse("rehab:waiting"), {"citizen": second.cpr, "stay_type": home.pk})
    client.post(reverse("rehab:waiting"), {"citizen": first.cpr, "stay_type": terminal.pk})
    assert [(e.citizen, e.priority) for e in WaitingListEntry.objects.waiting()] == [(first, 1), (second, 3)]
    body = client.get(reverse("rehab:waiting")).content.decode()
    assert "Sådan ordnes ventelisten" in body and "Terminal pleje</td><td>Akut" in body
    assert "Venter på bolig/hjælpemidler</td><td>Normal" in body


def test_waiting_for_a_home_cannot_be_urgent(login, visitator, org):
    citizen = CitizenFactory(units=[org.vest1])
    response = login(visitator).post(
        reverse("rehab:waiting"),
        {"citizen": citizen.cpr, "stay_type": StayType.objects.get(code="venter-bolig").pk, "priority": "1"},
    )
    assert response.status_code == 400
    assert "Venter på bolig/hjælpemidler er ikke akut efter ventelistens regel." in response.content.decode()
    assert not WaitingListEntry.objects.exists()


def test_the_rule_is_a_setting(login, visitator, org, settings):
    settings.OMSORG_REHAB_WAITING_PRIORITY = {"aflastning": 1}
    citizen = CitizenFactory(units=[org.vest1])
    login(visitator).post(
        reverse("rehab:waiting"),
        {"citizen": citizen.cpr, "stay_type": StayType.objects.get(code="aflastning").pk},
    )
    assert WaitingListEntry.objects.get().priority == 1
