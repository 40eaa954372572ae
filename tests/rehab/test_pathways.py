"""§83a pathways and §140 plans, follow-ups 1 and 3 months later, the reminder job, decision letters."""

import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from carecore.models import Notification
from rehab import services, tasks
from rehab.letters import make_letter
from rehab.models import FollowUp, Pathway, PathwayScore, PathwayStatus

from ..factories import CitizenFactory
from .conftest import at
from .factories import PathwayFactory, StayFactory

pytestmark = pytest.mark.django_db


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(data))).pages)


@pytest.mark.parametrize(
    "day,months,expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), 3, date(2026, 6, 30)),
    ],
)
def test_follow_up_due_dates_across_month_ends(day, months, expected):
    assert services.add_months(day, months) == expected


@pytest.mark.parametrize(
    "user,status",
    [("therapist", 200), ("leader_vest", 200), ("visitator", 200), ("ssh_vest", 403), ("nurse", 403)],
)
def test_pathway_list_roles(login, request, user, status):
    assert login(request.getfixturevalue(user)).get(reverse("rehab:pathways")).status_code == status


def test_open_pathway_with_goals_levels_and_letter(login, therapist, citizen_vest, org, rehab_units):
    from citizens.models import CitizenUnit

    CitizenUnit.objects.create(citizen=citizen_vest, unit=rehab_units[1])
    client = login(therapist)
    response = client.post(
        reverse("rehab:pathway_new"),
        {
            "citizen": citizen_vest.cpr,
            "kind": "83a",
            "goals": "Jeg vil selv gå til Brugsen",
            "planned_weeks": 10,
            "start_on": "2026-03-02",
            "fsiii_mobility.walking": "3",
        },
    )
    assert response.status_code == 302
    pathway = Pathway.objects.get()
    assert (pathway.status, pathway.therapist, pathway.planned_end) == (
        PathwayStatus.ACTIVE,
        therapist,
        date(2026, 5, 11),
    )
    assert PathwayScore.objects.get().level == 3
    text = pdf_text(pathway.letters.get().pdf)
    assert "Inger Vestesen" in text and "Serviceloven § 83 a" in text and "Ankestyrelsen" in text


def test_open_pathway_bad_input(login, therapist, citizen_vest, rehab_units):
    from citizens.models import CitizenUnit

    CitizenUnit.objects.create(citizen=citizen_vest, unit=rehab_units[1])
    response = login(therapist).post(
        reverse("rehab:pathway_new"),
        {"citizen": citizen_vest.cpr, "kind": "140", "goals": "Gå", "planned_weeks": 0},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_planned_weeks_error"' in body and 'id="id_start_deadline_error"' in body
    assert "startfrist" in body
    assert not Pathway.objects.exists()


def test_only_therapists_open_pathways(login, visitator):
    assert login(visitator).get(reverse("rehab:pathway_new")).status_code == 403


def test_therapist_cannot_open_other_therapists_pathway_outside_scope(login, therapist, org):
    other = PathwayFactory(citizen=CitizenFactory(units=[org.oest1]))
    assert login(therapist).get(reverse("rehab:pathway", args=[other.pk])).status_code == 403


def test_end_pathway_schedules_follow_ups_and_closes_after_both(login, therapist, citizen_vest):
    pathway = PathwayFactory(citizen=citizen_vest, therapist=therapist, start_on=date(2025, 11, 3))
    PathwayScore.objects.create(pathway=pathway, phase="start", code="mobility.walking", level=3)
    client = login(therapist)
    response = client.post(
        reverse("rehab:pathway_end", args=[pathway.pk]),
        {"end_on": "2026-01-31", "result": "met", "note": "Går selv", "fsiii_mobility.walking": "1"},
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.ENDED
    assert [(f.months, f.due_on) for f in pathway.follow_ups.all()] == [
        (1, date(2026, 2, 28)),
        (3, date(2026, 4, 30)),
    ]
    assert PathwayScore.objects.get(phase="end").level == 1
    for f in pathway.follow_ups.all():
        r = client.post(
            reverse("rehab:pathway", args=[pathway.pk]),
            {"action": "follow_up", "follow_up": f.pk, f"f{f.pk}-reached": "yes", f"f{f.pk}-status": "Godt"},
        )
        assert r.status_code == 302
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.CLOSED


def test_end_before_start_is_refused(login, therapist, citizen_vest):
    pathway = PathwayFactory(citizen=citizen_vest, therapist=therapist, start_on=date(2026, 3, 1))
    response = login(therapist).post(
        reverse("rehab:pathway_end", args=[pathway.pk]), {"end_on": "2026-02-01", "result": "met"}
    )
    assert response.status_code == 400 and "Slut skal ligge efter start" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_training_plan_shows_start_deadline(login, therapist, citizen_vest):
    PathwayFactory(
        citizen=citizen_vest,
        therapist=therapist,
        kind="140",
        start_on=None,
        status="planned",
        start_deadline=date(2026, 3, 1),
    )
    with time_machine.travel("2026-03-05 10:00 +01:00", tick=False):
        body = login(therapist).get(reverse("rehab:pathways")).content.decode()
    assert "start senest" in body and "fristen er overskredet" in body


@pytest.fixture
def ended_pathway(therapist, citizen_vest):
    pathway = PathwayFactory(
        citizen=citizen_vest,
        therapist=therapist,
        start_on=date(2025, 11, 1),
        end_on=date(2026, 1, 31),
        status="ended",
        result="met",
    )
    FollowUp.objects.create(pathway=pathway, months=1, due_on=date(2026, 2, 28))
    FollowUp.objects.create(pathway=pathway, months=3, due_on=date(2026, 4, 30))
    return pathway


def test_reminder_job_runs_twice_one_reminder(therapist, ended_pathway):
    with time_machine.travel("2026-02-27 07:00 +01:00", tick=False):
        assert tasks.remind_follow_ups() == 0
    with time_machine.travel("2026-02-28 06:30 +01:00", tick=False):
        tasks.remind_follow_ups()
        tasks.remind_follow_ups()
    note = Notification.objects.get()
    assert note.user == therapist and "Opfølgning i dag" in note.title and "Inger Vestesen" in note.title
    with time_machine.travel("2026-03-01 06:30 +01:00", tick=False):
        tasks.remind_follow_ups()
        tasks.remind_follow_ups()
    assert Notification.objects.count() == 2
    assert "overskredet" in Notification.objects.order_by("-id").first().title


def test_reminder_job_stops_when_follow_up_is_done(therapist, ended_pathway):
    follow = ended_pathway.follow_ups.get(months=1)
    services.record_follow_up(follow, reached=True, status="Godt", new_needs="", by=therapist)
    with time_machine.travel("2026-03-02 06:30 +01:00", tick=False):
        assert tasks.remind_follow_ups() == 0
    assert not Notification.objects.exists()


def test_reminder_task_is_scheduled_and_runs(beat_schedule):
    assert beat_schedule["rehab-remind-follow-ups-daily"].task == "rehab.remind_follow_ups"
    assert tasks.remind_follow_ups.name == "rehab.remind_follow_ups"


def test_stay_decision_letter_pdf(visitator, citizen_vest, citizen_oest, bed, bed2):
    StayFactory(bed=bed2, citizen=citizen_oest, starts_at=at("2026-03-01 10:00"))
    stay = StayFactory(bed=bed, citizen=citizen_vest, starts_at=at("2026-03-01 10:00"))
    letter = make_letter(stay=stay, by=visitator)
    text = pdf_text(letter.pdf)
    assert "Inger Vestesen" in text and "Serviceloven § 84, stk. 2" in text
    assert "Afgørelse om midlertidigt ophold" in text and "klage" in text
    assert "Østesen" not in text and citizen_oest.cpr not in text


def test_letter_download_is_scoped(login, visitator, leader_vest, citizen_oest, bed):
    stay = StayFactory(bed=bed, citizen=citizen_oest, starts_at=at("2026-03-01 10:00"))
    response = login(visitator).get(reverse("rehab:stay_letter", args=[stay.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert login(leader_vest).get(reverse("rehab:stay_letter", args=[stay.pk])).status_code == 403
