"""Visit plans, triage board, leader overview, start-up meetings and the survey table."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from carecore.models import Notification
from carecore.roles import Role
from homecare import reports, services
from homecare.models import StartupMeeting, SurveyAnswer, Triage, Visit, VisitPlan, VisitStatus

from ..factories import CitizenFactory, make_staff
from .factories import VisitPlanFactory

pytestmark = pytest.mark.django_db


def plan_data(org, **overrides):
    data = {
        "team": org.vest1.pk,
        "service_type": "personal_care",
        "title": "Morgenpleje",
        "tasks": "Bad\nTøj",
        "delegated_task": "",
        "recurrence": "weekly",
        "weekdays": ["0", "3"],
        "interval_weeks": 1,
        "window_start": "07:30",
        "window_end": "08:30",
        "duration_minutes": 30,
        "starts_on": "2026-03-23",
        "ends_on": "",
    }
    data.update(overrides)
    return data


def test_leader_creates_plan_and_visits_are_generated(frozen, login, leader_vest, citizen_vest, org):
    response = login(leader_vest).post(
        reverse("homecare:citizen_plans", args=[citizen_vest.pk]), plan_data(org)
    )
    assert response.status_code == 302
    plan = VisitPlan.objects.get()
    assert plan.weekdays == "03" and plan.created_by == leader_vest
    assert Visit.objects.filter(plan=plan).count() == 4


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("ends_on", "2026-03-01", "Sidste dag ligger før første dag."),
        ("duration_minutes", 0, "Varigheden skal være mindst ét minut."),
        ("weekdays", [], "Vælg mindst én ugedag."),
        ("window_end", "07:00", "Tidsvinduet skal slutte, efter det begynder."),
        ("delegated_task", "", "En delegeret sygeplejeydelse skal have den opgave, der delegeres."),
    ],
)
def test_bad_plan_gets_danish_message_and_saves_nothing(
    frozen, login, leader_vest, citizen_vest, org, field, value, message
):
    data = plan_data(org, **{field: value})
    if field == "delegated_task":
        data["service_type"] = "nursing"
    response = login(leader_vest).post(reverse("homecare:citizen_plans", args=[citizen_vest.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not VisitPlan.objects.exists() and not Visit.objects.exists()


def test_plan_pages_refused_outside_area_and_role(
    frozen, login, leader_vest, ssh_vest, citizen_oest, citizen_vest
):
    plan = VisitPlanFactory(citizen=citizen_oest)
    client = login(leader_vest)
    assert client.get(reverse("homecare:citizen_plans", args=[citizen_oest.pk])).status_code == 403
    assert client.get(reverse("homecare:plan_edit", args=[plan.pk])).status_code == 403
    assert login(ssh_vest).get(reverse("homecare:citizen_plans", args=[citizen_vest.pk])).status_code == 403


def test_plan_edit_updates_future_visits(frozen, login, leader_vest, citizen_vest, org):
    plan = VisitPlanFactory(citizen=citizen_vest)
    services.generate_visits()
    response = login(leader_vest).post(
        reverse("homecare:plan_edit", args=[plan.pk]),
        plan_data(org, recurrence="daily", weekdays=[], title="Ny titel"),
    )
    assert response.status_code == 302
    assert set(Visit.objects.values_list("title", flat=True)) == {"Ny titel"}


# --- triage ---------------------------------------------------------------------------------------
def test_triage_board_by_colour_and_nurse_sets_red(
    frozen, login, nurse, ssh_vest, citizen_vest, citizen_oest
):
    colleague = make_staff("syg.kollega", role=Role.NURSE, units=[nurse.memberships.get().unit])
    services.record_observation(citizen_vest, by=ssh_vest, changes=["tired"])
    client = login(nurse)
    body = client.get(reverse("homecare:triage")).content.decode()
    assert citizen_vest.full_name in body and "Gul (1)" in body
    response = client.post(
        reverse("homecare:triage_set", args=[citizen_vest.pk]),
        {"colour": "red", "action": "Besøg i dag"},
        HTTP_HX_REQUEST="true",
    )
    assert "Rød (1)" in response.content.decode()
    assert Triage.objects.current().get().colour == "red"
    # the area's other nurses are told at once; the nurse who set it is not told about her own triage
    assert Notification.objects.filter(user=colleague).count() == 1
    assert Notification.objects.filter(user=nurse).count() == 0


def test_triage_red_without_action_is_refused(frozen, login, nurse, ssh_vest, citizen_vest):
    services.record_observation(citizen_vest, by=ssh_vest, changes=["tired"])
    response = login(nurse).post(
        reverse("homecare:triage_set", args=[citizen_vest.pk]), {"colour": "red"}, HTTP_HX_REQUEST="true"
    )
    assert "Skriv den aftalte handling for en rød eller gul borger." in response.content.decode()
    assert Triage.objects.count() == 1


def test_triage_refusals(frozen, login, client, ssh_vest, ssh_oest, citizen_vest, nurse):
    assert login(ssh_vest).get(reverse("homecare:triage")).status_code == 403
    assert (
        login(ssh_vest)
        .post(reverse("homecare:triage_set", args=[citizen_vest.pk]), {"colour": "green"})
        .status_code
        == 403
    )
    other_nurse = make_staff("nurse.none", role="nurse", units=[])
    assert (
        login(other_nurse)
        .post(reverse("homecare:triage_set", args=[citizen_vest.pk]), {"colour": "green"})
        .status_code
        == 403
    )
    client.logout()
    assert client.get(reverse("homecare:triage")).status_code == 302


@pytest.mark.parametrize("n", [10, 200])
def test_triage_query_count_is_fixed(frozen, login, nurse, ssh_vest, org, django_assert_num_queries, n):
    citizens = [CitizenFactory(units=[org.vest1]) for _ in range(n)]
    Triage.objects.bulk_create([Triage(citizen=c, colour="yellow", set_by=ssh_vest) for c in citizens])
    client = login(nurse)
    client.get(reverse("homecare:triage"))
    with django_assert_num_queries(5):  # the session row included
        client.get(reverse("homecare:triage"))


# --- overview and continuity ----------------------------------------------------------------------
def _delivered(plan, day, carer):
    start = timezone.make_aware(timezone.datetime.combine(day, plan.window_start))
    return Visit(
        plan=plan,
        citizen=plan.citizen,
        team=plan.team,
        date=day,
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        window_end=start + timedelta(hours=1),
        title="x",
        status=VisitStatus.DELIVERED,
        started_at=start,
        finished_at=start + timedelta(minutes=30),
        finished_by=carer,
        assigned_to=carer,
    )


def test_continuity_counts_distinct_staff_in_fourteen_days(frozen, org, citizen_vest):
    plan = VisitPlanFactory(citizen=citizen_vest)
    staff = [make_staff(f"c{i}", role="ssh", units=[org.vest1]) for i in range(12)]
    today = timezone.localdate()
    Visit.objects.bulk_create(
        [_delivered(plan, today - timedelta(days=1 + i), staff[i % 12]) for i in range(13)]
        + [_delivered(plan, today - timedelta(days=20), staff[0])]
    )
    (row,) = reports.continuity([org.vest1.pk])
    assert row["staff"] == 12
    (team_row,) = reports.overview([org.vest1])
    assert team_row["continuity_worst"] == 12 and len(team_row["many_staff"]) == 1


def test_overview_counts_week_and_reasons(frozen, login, leader_vest, org, ssh_vest, make_visits):
    visits = make_visits(3, carer=ssh_vest)
    services.not_delivered(visits[0], by=ssh_vest, reason="not_home")
    response = login(leader_vest).get(reverse("homecare:overview"))
    body = response.content.decode()
    assert response.status_code == 200 and "Borger ikke hjemme: 1" in body and "Vest Team 1" in body


@pytest.mark.parametrize("n", [10, 200])
def test_overview_query_count_is_fixed(
    frozen, login, leader_vest, ssh_vest, make_visits, django_assert_num_queries, n
):
    make_visits(n, carer=ssh_vest)
    client = login(leader_vest)
    client.get(reverse("homecare:overview"))
    with django_assert_num_queries(6):  # the session row included
        client.get(reverse("homecare:overview"))


def test_overview_refused_for_workers(login, ssh_vest, nurse):
    assert login(ssh_vest).get(reverse("homecare:overview")).status_code == 403
    assert login(nurse).get(reverse("homecare:overview")).status_code == 403


# --- start-up meetings ----------------------------------------------------------------------------
_BASE_COLUMNS = [
    [5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6],
    [4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7],
    [3, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 7],
    [5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 8],
]
_FIRST_COLUMNS = [[6, 7, 8, 8, 8], [5, 6, 7, 7, 7], [7, 8, 8, 8, 8], [7, 8, 8, 8, 9]]
BASELINE = list(zip(*_BASE_COLUMNS, strict=True))  # 13 answers
FIRST = list(zip(*_FIRST_COLUMNS, strict=True))  # 5 answers


def test_survey_table_reproduces_the_slides(login, leader_vest, org, citizen_vest):
    """Baseline → first measurement: 5.77→7.40, 6.00→6.40, 5.69→7.80, 6.15→8.00."""
    assert [sum(a[i] for a in BASELINE) for i in range(4)] == [75, 78, 74, 80]
    now = timezone.now()
    meetings = []
    for i in range(23):
        citizen = CitizenFactory(units=[org.vest1])
        meeting = services.book_meeting(
            citizen, team=org.vest1, scheduled_at=now - timedelta(days=60), by=leader_vest
        )
        held = now - timedelta(days=40 if i < 18 else 10)
        services.record_meeting(
            meeting, held_at=held, attendees="Borger og datter", goals="Gå tur", by=leader_vest
        )
        meetings.append(meeting)
    fields = ["q_seen", "q_coherent", "q_own_resources", "q_overall"]
    for meeting, scores in zip(meetings, BASELINE, strict=False):
        services.record_answers(
            meeting, measurement=0, scores=dict(zip(fields, scores, strict=True)), by=leader_vest
        )
    for meeting, scores in zip(meetings, FIRST, strict=False):
        services.record_answers(
            meeting, measurement=1, scores=dict(zip(fields, scores, strict=True)), by=leader_vest
        )
    (area,) = reports.survey_table(StartupMeeting.objects.all())
    assert (area["name"], area["held"], area["ready"]) == ("Hjemmeplejen Vest", 23, 18)
    baseline, first = area["measurements"]
    assert baseline["answers"] == 13 and first["answers"] == 5
    assert baseline["averages"] == [Decimal("5.77"), Decimal("6.00"), Decimal("5.69"), Decimal("6.15")]
    assert first["averages"] == [Decimal("7.40"), Decimal("6.40"), Decimal("7.80"), Decimal("8.00")]
    body = login(leader_vest).get(reverse("homecare:startup_meetings")).content.decode()
    assert "23 møder afholdt, 18 klar til opfølgning." in body
    for value in ["5,77", "7,40", "6,00", "6,40", "5,69", "7,80", "6,15", "8,00"]:
        assert value in body


def test_demo_answers_give_the_slide_table():
    import random

    from homecare.demo import SLIDE_BASELINE, SLIDE_FIRST, answer_rows

    rng = random.Random(1)
    rows = answer_rows(SLIDE_BASELINE, rng)
    assert len(rows) == 13 and all(0 <= s <= 10 for r in rows for s in r)
    assert [round(sum(r[i] for r in rows) / 13, 2) for i in range(4)] == [5.77, 6.0, 5.69, 6.15]
    rows = answer_rows(SLIDE_FIRST, rng)
    assert [round(sum(r[i] for r in rows) / 5, 2) for i in range(4)] == [7.4, 6.4, 7.8, 8.0]


def test_meeting_book_record_and_answer_views(frozen, login, leader_vest, citizen_vest, org):
    client = login(leader_vest)
    response = client.post(
        reverse("homecare:meeting_book", args=[citizen_vest.pk]),
        {"team": org.vest1.pk, "scheduled_at": "2026-03-20T10:00"},
    )
    meeting = StartupMeeting.objects.get()
    assert response.status_code == 302
    url = reverse("homecare:meeting", args=[meeting.pk])
    bad = client.post(
        url,
        {
            "action": "answers",
            "measurement": 0,
            "q_seen": 11,
            "q_coherent": 5,
            "q_own_resources": 5,
            "q_overall": 5,
        },
    )
    assert "Giv en score fra 0 til 10." in bad.content.decode()
    refused = client.post(
        url,
        {
            "action": "answers",
            "measurement": 0,
            "q_seen": 5,
            "q_coherent": 5,
            "q_own_resources": 5,
            "q_overall": 5,
        },
    )
    assert "Registrér mødet som afholdt, før du indtaster svar." in refused.content.decode()
    client.post(
        url, {"action": "record", "held_at": "2026-03-20T10:00", "attendees": "Borger", "goals": "Selv bade"}
    )
    client.post(
        url,
        {
            "action": "answers",
            "measurement": 0,
            "q_seen": 5,
            "q_coherent": 6,
            "q_own_resources": 7,
            "q_overall": 8,
        },
    )
    assert SurveyAnswer.objects.get().q_overall == 8


def test_meeting_refusals(frozen, login, leader_vest, ssh_oest, ssh_vest, citizen_vest, org, client):
    meeting = services.book_meeting(citizen_vest, team=org.vest1, scheduled_at=timezone.now(), by=leader_vest)
    assert login(ssh_oest).get(reverse("homecare:meeting", args=[meeting.pk])).status_code == 403
    assert login(ssh_vest).get(reverse("homecare:meeting", args=[meeting.pk])).status_code == 200
    assert (
        login(ssh_vest).post(reverse("homecare:meeting", args=[meeting.pk]), {"action": "record"}).status_code
        == 403
    )
    client.logout()
    assert client.get(reverse("homecare:startup_meetings")).status_code == 302


def test_visitator_grants_services_as_visit_plans(frozen, login, visitator, citizen_vest, org):
    response = login(visitator).post(
        reverse("homecare:citizen_plans", args=[citizen_vest.pk]), plan_data(org)
    )
    assert response.status_code == 302
    plan = VisitPlan.objects.get()
    assert plan.created_by == visitator and Visit.objects.filter(plan=plan).exists()


def test_refused_look_at_another_areas_plans_is_logged(frozen, login, leader_vest, citizen_oest):
    from citizens.models import AccessLog

    assert (
        login(leader_vest).get(reverse("homecare:citizen_plans", args=[citizen_oest.pk])).status_code == 403
    )
    row = AccessLog.objects.get()
    assert (row.citizen, row.outcome, row.username) == (citizen_oest, "refused", "leder.vest")
