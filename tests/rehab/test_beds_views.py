"""Bed board, assignment form, stay actions, waiting list: roles, scope, bad input, query counts."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from carecore.models import OutboxMessage
from citizens.models import AccessLog
from rehab import tasks
from rehab.models import Bed, DecisionLetter, Stay, StayEventKind, StayType, WaitingListEntry

from ..factories import CitizenFactory
from .conftest import at
from .factories import StayFactory

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 09:00 +01:00"


@pytest.mark.parametrize(
    "name",
    ["rehab:beds", "rehab:discharges", "rehab:pathways", "rehab:overview", "rehab:assign", "rehab:waiting"],
)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize(
    "user,status",
    [
        ("visitator", 200),
        ("nurse", 200),
        ("leader_vest", 200),
        ("therapist", 200),
        ("ssh_vest", 403),
        ("risk_manager", 403),
    ],
)
def test_bed_board_roles(login, request, user, status, rehab_units):
    response = login(request.getfixturevalue(user)).get(reverse("rehab:beds"))
    assert response.status_code == status


@time_machine.travel(NOW, tick=False)
def test_bed_board_shows_stay_masked_and_free_beds(login, visitator, citizen_vest, bed):
    StayFactory(
        bed=bed, citizen=citizen_vest, starts_at=at("2026-03-01 10:00"), ends_at=at("2026-03-15 10:00")
    )
    body = login(visitator).get(reverse("rehab:beds")).content.decode()
    assert citizen_vest.cpr[:6] + "-xxxx" in body
    assert citizen_vest.cpr not in body
    assert "Inger V." in body
    assert "18 senge ledige i dag." in body
    assert AccessLog.objects.filter(citizen=citizen_vest, part="rehab:senge").count() == 1


@time_machine.travel(NOW, tick=False)
def test_bed_board_hides_who_for_citizens_outside_scope(login, leader_vest, citizen_oest, bed):
    StayFactory(bed=bed, citizen=citizen_oest, starts_at=at("2026-03-01 10:00"))
    body = login(leader_vest).get(reverse("rehab:beds")).content.decode()
    assert "Poul" not in body and citizen_oest.cpr[:6] + "-xxxx" in body
    assert not AccessLog.objects.filter(citizen=citizen_oest).exists()


@pytest.mark.parametrize("clock", ["06:00", "13:00", "23:30"])
@pytest.mark.parametrize("stays", [10, 200])
def test_bed_board_query_count_is_fixed(login, visitator, org, django_assert_num_queries, stays, clock):
    """Stays from two hours ago onwards, so each bed has a current stay (and, with more stays, next ones)
    whatever the time of day: the count must not depend on which stays are around now."""
    with time_machine.travel(f"2026-03-02 {clock} +01:00", tick=False):
        beds = list(Bed.objects.all())
        start = timezone.now() - timedelta(hours=2)
        training = StayType.objects.get(code="genoptraening")
        rows = []
        for n in range(stays):
            slot = n // len(beds)
            rows.append(
                Stay(
                    bed=beds[n % len(beds)],
                    citizen=CitizenFactory(units=[org.vest1 if n % 2 else org.oest1]),
                    stay_type=training,
                    created_by=visitator,
                    starts_at=start + timedelta(hours=6 * slot),
                    ends_at=start + timedelta(hours=6 * slot + 6),
                )
            )
        Stay.objects.bulk_create(rows)
        client = login(visitator)
        client.get(reverse("rehab:beds"))
        # session, user, beds, stays (with visibility), staff profile, access log, waiting list
        with django_assert_num_queries(7):
            response = client.get(reverse("rehab:beds"))
    assert response.status_code == 200
    assert "Optaget" in response.content.decode()


def test_assign_form_good_input(login, visitator, citizen_vest, bed):
    training = StayType.objects.get(code="genoptraening")
    response = login(visitator).post(
        reverse("rehab:assign"),
        {
            "bed": bed.pk,
            "citizen": citizen_vest.cpr,
            "stay_type": training.pk,
            "starts_at": "2026-04-01T10:00",
        },
    )
    assert response.status_code == 302
    stay = Stay.objects.get()
    assert stay.ends_at == at("2026-04-15 10:00")
    # The decision letter is asked for in the outbox and made by the worker, once however often it runs.
    message = OutboxMessage.objects.get(key=f"rehab-letter:stay:{stay.pk}")
    assert message.task_name == "rehab.make_stay_letter" and message.args == [stay.pk, visitator.pk]
    tasks.make_stay_letter(*message.args)
    tasks.make_stay_letter(*message.args)
    assert DecisionLetter.objects.filter(stay=stay).count() == 1


@pytest.mark.parametrize(
    "data,field,message",
    [
        (
            {"starts_at": "2026-04-10T10:00", "ends_at": "2026-04-01T10:00"},
            "ends_at",
            "Slut skal ligge efter start",
        ),
        ({"starts_at": "32-13-2026 10:00"}, "starts_at", "Indtast"),
        ({"bed": 999999}, "bed", "Sengen findes ikke"),
        ({"citizen": "010101-0000"}, "citizen", "Ingen borger med det CPR-nummer"),
        ({"citizen": "hej"}, "citizen", "DDMMÅÅ-LLLL"),
        ({"ends_at": "2026-05-10T10:00"}, "reason", "skriv en begrundelse"),
    ],
)
def test_assign_form_bad_input_shows_danish_message_and_saves_nothing(
    login, visitator, citizen_vest, bed, data, field, message
):
    training = StayType.objects.get(code="genoptraening")
    post = {
        "bed": bed.pk,
        "citizen": citizen_vest.cpr,
        "stay_type": training.pk,
        "starts_at": "2026-04-01T10:00",
        **data,
    }
    response = login(visitator).post(reverse("rehab:assign"), post)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body and message in body
    assert not Stay.objects.exists()


def test_assign_citizen_outside_scope_is_refused(login, visitator, org, bed):
    elsewhere = CitizenFactory(units=[org.staff_unit])
    training = StayType.objects.get(code="genoptraening")
    response = login(visitator).post(
        reverse("rehab:assign"),
        {"bed": bed.pk, "citizen": elsewhere.cpr, "stay_type": training.pk, "starts_at": "2026-04-01T10:00"},
    )
    assert "Ingen borger med det CPR-nummer" in response.content.decode()
    assert not Stay.objects.exists()


def test_second_assignment_of_same_bed_offers_waiting_list(login, visitator, citizen_vest, citizen_oest, bed):
    training = StayType.objects.get(code="genoptraening")
    StayFactory(bed=bed, citizen=citizen_vest, starts_at=at("2026-04-01 10:00"))
    response = login(visitator).post(
        reverse("rehab:assign"),
        {
            "bed": bed.pk,
            "citizen": citizen_oest.cpr,
            "stay_type": training.pk,
            "starts_at": "2026-04-03T10:00",
        },
    )
    body = response.content.decode()
    assert "Sengen er allerede optaget" in body
    assert "Sæt borgeren på ventelisten?" in body and citizen_oest.cpr in body
    assert Stay.objects.count() == 1


def test_acute_bed_form_refuses_visitator_and_allows_akutteam(login, visitator, akut_nurse, citizen_vest):
    acute = Bed.objects.get(label="A1")
    akut = StayType.objects.get(code="akut")
    data = {
        "bed": acute.pk,
        "citizen": citizen_vest.cpr,
        "stay_type": akut.pk,
        "starts_at": "2026-04-01T10:00",
    }
    response = login(visitator).post(reverse("rehab:assign"), data)
    assert "Sengen findes ikke" in response.content.decode()
    response = login(akut_nurse).post(reverse("rehab:assign"), {**data, "ends_at": "2026-04-05T10:00"})
    assert "højst vare 3 døgn" in response.content.decode()
    assert not Stay.objects.exists()
    assert login(akut_nurse).post(reverse("rehab:assign"), data).status_code == 302
    assert Stay.objects.get().ends_at == at("2026-04-04 10:00")


def test_nurse_outside_akutteam_cannot_open_assign(login, nurse):
    assert login(nurse).get(reverse("rehab:assign")).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_stay_actions_extend_end_move_with_history(login, visitator, citizen_vest, bed, bed2):
    stay = StayFactory(bed=bed, citizen=citizen_vest, starts_at=at("2026-03-01 10:00"), created_by=visitator)
    client = login(visitator)
    assert client.get(reverse("rehab:stay", args=[stay.pk])).status_code == 200
    response = client.post(
        reverse("rehab:stay_change_end", args=[stay.pk]), {"new_end": "2026-03-16T10:00", "reason": ""}
    )
    assert response.status_code == 400 and "Dette felt er påkrævet" in response.content.decode()
    client.post(
        reverse("rehab:stay_change_end", args=[stay.pk]), {"new_end": "2026-03-16T10:00", "reason": "Venter"}
    )
    new = client.post(
        reverse("rehab:stay_move", args=[stay.pk]),
        {"to_bed": bed2.pk, "at": "2026-03-03T12:00", "reason": "Enestue"},
    )
    assert new.status_code == 302
    moved = Stay.objects.get(bed=bed2)
    client.post(
        reverse("rehab:stay_end", args=[moved.pk]),
        {"kind": "discharge", "at": "2026-03-10T11:00", "reason": "Klarer sig selv"},
    )
    moved.refresh_from_db()
    assert moved.discharged_at == at("2026-03-10 11:00")
    kinds = [e.kind for e in stay.events.all()] + [e.kind for e in moved.events.all()]
    assert kinds == [
        StayEventKind.EXTENDED,
        StayEventKind.MOVED_OUT,
        StayEventKind.MOVED_IN,
        StayEventKind.DISCHARGED,
    ]
    body = client.get(reverse("rehab:stay", args=[moved.pk])).content.decode()
    assert "Udskrevet til hjemmet" in body and "Klarer sig selv" in body


def test_leader_reads_stay_but_cannot_change_it(login, leader_vest, citizen_vest, bed):
    stay = StayFactory(bed=bed, citizen=citizen_vest, starts_at=at("2026-03-01 10:00"))
    client = login(leader_vest)
    assert client.get(reverse("rehab:stay", args=[stay.pk])).status_code == 200
    response = client.post(
        reverse("rehab:stay_change_end", args=[stay.pk]), {"new_end": "2026-03-16T10:00", "reason": "x"}
    )
    assert response.status_code == 403


def test_stay_of_citizen_outside_scope_is_refused_and_logged(login, leader_vest, citizen_oest, bed):
    stay = StayFactory(bed=bed, citizen=citizen_oest, starts_at=at("2026-03-01 10:00"))
    assert login(leader_vest).get(reverse("rehab:stay", args=[stay.pk])).status_code == 403
    assert AccessLog.objects.get().outcome == "refused"


@time_machine.travel(NOW, tick=False)
def test_home_carer_sees_only_that_own_citizen_is_in_a_bed(
    login, ssh_vest, citizen_vest, citizen_oest, bed, bed2
):
    StayFactory(bed=bed, citizen=citizen_vest, starts_at=at("2026-03-01 10:00"))
    StayFactory(bed=bed2, citizen=citizen_oest, starts_at=at("2026-03-01 10:00"))
    client = login(ssh_vest)
    body = client.get(reverse("rehab:citizen_stay", args=[citizen_vest.pk])).content.decode()
    assert "Har plads på Rehab- og Akutcenteret" in body and "T01" in body
    assert client.get(reverse("rehab:citizen_stay", args=[citizen_oest.pk])).status_code == 403
    assert client.get(reverse("rehab:stay", args=[1])).status_code == 403


def test_waiting_list_add_and_order(login, visitator, leader_vest, citizen_vest):
    training = StayType.objects.get(code="genoptraening")
    client = login(visitator)
    response = client.post(
        reverse("rehab:waiting"), {"citizen": citizen_vest.cpr, "stay_type": training.pk, "priority": 2}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("rehab:waiting"), {"citizen": citizen_vest.cpr, "stay_type": training.pk, "priority": 2}
    )
    assert "står allerede på ventelisten" in response.content.decode()
    assert WaitingListEntry.objects.count() == 1
    assert citizen_vest.full_name in login(leader_vest).get(reverse("rehab:waiting")).content.decode()
    assert login(leader_vest).post(reverse("rehab:waiting"), {}).status_code == 403


def test_days_waited_count_danish_calendar_days(visitator, citizen_vest):
    training = StayType.objects.get(code="genoptraening")
    with time_machine.travel("2026-03-02 00:30 +01:00", tick=False):  # 1 March 23:30 UTC
        entry = WaitingListEntry.objects.create(
            citizen=citizen_vest, stay_type=training, created_by=visitator
        )
        assert entry.waited_days == 0
    entry.closed_at = at("2026-03-05 00:30")  # 4 March in UTC
    assert entry.waited_days == 3


@time_machine.travel(NOW, tick=False)
def test_freed_bed_proposes_first_on_the_waiting_list(login, visitator, citizen_vest, citizen_oest, bed):
    training = StayType.objects.get(code="genoptraening")
    stay = StayFactory(bed=bed, citizen=citizen_vest, starts_at=at("2026-03-01 10:00"))
    WaitingListEntry.objects.create(citizen=citizen_oest, stay_type=training, created_by=visitator)
    client = login(visitator)
    response = client.post(
        reverse("rehab:stay_end", args=[stay.pk]),
        {"kind": "early", "at": "2026-03-02T08:00", "reason": "Indlagt"},
        follow=True,
    )
    assert "Seng T01 er ledig. Først på ventelisten: Poul Østesen" in response.content.decode()
    body = client.get(reverse("rehab:beds")).content.decode()
    assert "Giv til den første på ventelisten" in body
