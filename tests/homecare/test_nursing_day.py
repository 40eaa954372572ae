"""The nursing day: appointments at the nursing clinic are visits whose plan names the clinic (same
start/finish/not-delivered flow, shown next to the home visits in Min dag); the nursing leader plans her
nursing teams on the planning page with continuity; the nursing overview gathers the modules' figures."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from carecore.roles import Role
from homecare import services
from homecare.acute import Outcome, log_call_out
from homecare.delegation import Delegation, Level
from homecare.models import Clinic, DelegatedTask, ServiceType, Visit, VisitPlan, VisitStatus

from ..factories import UnitFactory, UserFactory, make_staff
from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def nursing_team(org):
    from carecore.models import UnitKind

    return UnitFactory(
        code="sygepleje-team-1", name="Sygeplejen Team 1", kind=UnitKind.TEAM, parent=org.nursing
    )


@pytest.fixture
def clinic(org):
    return Clinic.objects.create(
        name="Sygeplejeklinikken, Sundhedshuset", address="Sundhedsvej 4", unit=org.nursing
    )


@pytest.fixture
def team_nurse(org, nursing_team):
    return make_staff("sygeplejerske", role=Role.NURSE, units=[org.nursing, nursing_team])


@pytest.fixture
def nursing_leader(org):
    return make_staff("leder.sygepleje", role=Role.LEADER, leader_of=[org.nursing])


def _nursing(make_visits, team, n=1, **extra):
    extra.setdefault("service_type", ServiceType.NURSING)
    extra.setdefault("delegated_task", DelegatedTask.WOUND_CARE)
    return make_visits(n, team=team, **extra)


def test_a_clinic_appointment_shows_next_to_the_home_visits_and_runs_the_same_flow(
    frozen, login, team_nurse, nursing_team, clinic, make_visits
):
    (home,) = _nursing(make_visits, nursing_team, carer=team_nurse, title="Sårpleje hjemme")
    (at_clinic,) = _nursing(
        make_visits, nursing_team, carer=team_nurse, clinic=clinic, title="Sårpleje klinik"
    )
    assert at_clinic.clinic == clinic and home.clinic is None
    client = login(team_nurse)
    body = client.get("/min-dag/").content.decode()
    assert "Sårpleje hjemme" in body and "Sårpleje klinik" in body
    assert "Sygeplejeklinik:</strong> Sygeplejeklinikken, Sundhedshuset, Sundhedsvej 4" in body
    assert at_clinic.citizen.address not in body.split(f'id="visit-{at_clinic.pk}"')[1].split("</article>")[0]
    client.post(reverse("homecare:visit_start", args=[at_clinic.pk]))
    for index, _line, _done in at_clinic.task_list:  # every task ticked: nothing left unresolved
        client.post(reverse("homecare:visit_tick", args=[at_clinic.pk, index]))
    client.post(reverse("homecare:visit_finish", args=[at_clinic.pk]))
    at_clinic.refresh_from_db()
    assert at_clinic.status == VisitStatus.DELIVERED and at_clinic.finished_by == team_nurse
    response = client.post(
        reverse("homecare:visit_not_delivered", args=[home.pk]), {"reason": "not_home", "reason_text": ""}
    )
    assert response.status_code == 302
    assert Visit.objects.get(pk=home.pk).status == VisitStatus.NOT_DELIVERED


def test_a_changed_clinic_moves_the_future_visits(frozen, nursing_team, clinic, make_visits):
    (visit,) = _nursing(make_visits, nursing_team)
    plan = visit.plan
    plan.clinic = clinic
    services.save_plan(plan, by=plan.created_by)
    assert Visit.objects.get(pk=visit.pk).clinic == clinic


def test_only_nursing_is_booked_at_a_clinic(frozen, login, leader_vest, citizen_vest, clinic, org):
    response = login(leader_vest).post(
        reverse("homecare:citizen_plans", args=[citizen_vest.pk]),
        {
            "team": org.vest1.pk,
            "service_type": ServiceType.PERSONAL_CARE,
            "title": "Bad",
            "tasks": "Bad",
            "clinic": clinic.pk,
            "recurrence": "daily",
            "interval_weeks": 1,
            "window_start": "08:00",
            "window_end": "09:00",
            "duration_minutes": 30,
            "starts_on": "2026-03-24",
        },
    )
    assert response.status_code == 200
    assert "Kun §138-sygepleje gives i en sygeplejeklinik." in response.content.decode()
    assert not VisitPlan.objects.exists()


def test_the_nursing_leader_plans_her_nursing_teams_with_continuity(
    frozen, login, nursing_leader, team_nurse, nursing_team, org, make_visits
):
    other = make_staff("sygeplejen.02", role=Role.NURSE, units=[org.nursing, nursing_team])
    (visit,) = _nursing(make_visits, nursing_team)
    Visit.objects.create(
        plan=visit.plan,
        citizen=visit.citizen,
        team=nursing_team,
        date=visit.date - timedelta(days=1),
        starts_at=visit.starts_at - timedelta(days=1),
        ends_at=visit.ends_at - timedelta(days=1),
        window_end=visit.window_end - timedelta(days=1),
        title="x",
        status=VisitStatus.DELIVERED,
        started_at=visit.starts_at - timedelta(days=1),
        finished_at=visit.ends_at - timedelta(days=1),
        finished_by=other,
        assigned_to=other,
    )
    client = login(nursing_leader)
    response = client.get(reverse("homecare:planning"), {"dato": "2026-03-23"})
    assert response.context["team"] == nursing_team
    assert [t.code for t in response.context["teams"]] == ["sygepleje-team-1"]  # not the covered teams
    assert {c.username for c in response.context["carers"]} == {"sygeplejerske", "sygeplejen.02"}
    (row,) = response.context["unassigned"]
    assert row.suggestion == other  # continuity: the nurse who knows the citizen
    client.post(reverse("homecare:planning_auto"), {"team": nursing_team.pk, "dato": "2026-03-23"})
    assert Visit.objects.get(pk=visit.pk).assigned_to == other


def test_planning_of_a_nursing_team_is_refused_to_others(
    frozen, login, client, leader_vest, ssh_vest, nursing_team, org
):
    therapist = make_staff("terapeut", role=Role.THERAPIST, units=[org.vest1])
    url = reverse("homecare:planning")
    assert login(leader_vest).get(url, {"team": nursing_team.pk}).status_code == 403
    assert login(ssh_vest).get(url, {"team": nursing_team.pk}).status_code == 403
    assert login(therapist).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_a_home_carer_needs_a_valid_delegation_not_the_competence_checkbox(
    frozen, ssh_vest, org, make_visits
):
    from homecare.models import StaffCompetence

    StaffCompetence.objects.create(user=ssh_vest, task=DelegatedTask.EYE_DROPS)
    first, second = make_visits(2, delegated_task=DelegatedTask.EYE_DROPS, duration=10)
    with pytest.raises(ValidationError, match="ingen gyldig delegering"):
        services.assign_visit(first, ssh_vest)
    Delegation.objects.create(
        team=org.vest1,
        task=DelegatedTask.EYE_DROPS,
        level=Level.SSH,
        instruction="Hele teamet",
        valid_from=date(2026, 3, 1),
        valid_until=date(2026, 3, 22),  # expired yesterday
        delegated_by=UserFactory(),
    )
    with pytest.raises(ValidationError, match="udløb 22.03.2026"):
        services.assign_visit(first, ssh_vest)
    other_team = make_staff("vest2.01", role=Role.SSH, units=[org.vest2])
    Delegation.objects.create(
        team=org.vest2,
        task=DelegatedTask.EYE_DROPS,
        level=Level.SSH,
        instruction="Team 2",
        valid_from=date(2026, 3, 1),
        valid_until=date(2026, 6, 1),
        delegated_by=UserFactory(),
    )
    with pytest.raises(ValidationError, match="ingen gyldig delegering|udløb"):
        services.assign_visit(second, other_team)  # a delegation of another team does not count
    assert not Visit.objects.filter(assigned_to__isnull=False).exists()


# --- The nursing overview -----------------------------------------------------------------------
OVERVIEW = "/sygepleje/oversigt/"


def _fill(n, *, team, nurse, make_visits):
    visits = _nursing(make_visits, team, n=n, carer=nurse)
    Visit.objects.filter(pk__in=[v.pk for v in visits]).update(
        status=VisitStatus.DELIVERED, started_at=NOW, finished_at=NOW, finished_by=nurse
    )
    for i in range(n):
        Delegation.objects.create(
            team=team,
            task=DelegatedTask.INSULIN,
            level=Level.SSA,
            instruction="x",
            valid_from=date(2026, 3, 1),
            valid_until=date(2026, 3, 30) + timedelta(days=i % 5),
            delegated_by=nurse,
        )
        log_call_out(
            citizen=visits[i].citizen,
            called_at=NOW - timedelta(days=i),
            reason="Udkald",
            outcome=Outcome.AVOIDED if i % 2 else Outcome.HOSPITAL,
            by=nurse,
        )


def test_the_nursing_overview_shows_visits_delegations_and_call_outs(
    frozen, login, nursing_leader, team_nurse, nursing_team, make_visits
):
    _fill(4, team=nursing_team, nurse=team_nurse, make_visits=make_visits)
    response = login(nursing_leader).get(OVERVIEW)
    assert response.status_code == 200
    tables = {t.key: t for t in response.context["tables"]}
    assert tables["visits-delivered"].rows == [["Sygeplejen Team 1", 0, 0, 0, 0, 0, 4]]
    assert len(tables["delegations-expiring"].rows) == 4
    assert tables["call-outs"].rows[-1][1:] == [4, 2] and tables["call-outs"].rows[0][1:] == [0, 0]
    body = response.content.decode()
    assert "Leverede besøg pr. team og måned" in body and "Akutteamets udkald pr. måned" in body


@pytest.mark.parametrize("n", [5, 50])
def test_the_nursing_overview_query_count_is_fixed(
    frozen, login, nursing_leader, team_nurse, nursing_team, make_visits, django_assert_num_queries, n
):
    _fill(n, team=nursing_team, nurse=team_nurse, make_visits=make_visits)
    client = login(nursing_leader)
    client.get(OVERVIEW)
    with django_assert_num_queries(8):  # the session row included
        assert client.get(OVERVIEW).status_code == 200


def test_the_nursing_overview_is_refused_or_scoped_for_others(
    frozen, login, client, leader_vest, ssh_oest, team_nurse, nursing_team, org, make_visits
):
    _fill(2, team=nursing_team, nurse=team_nurse, make_visits=make_visits)
    therapist = make_staff("terapeut", role=Role.THERAPIST, units=[org.vest1])
    assert login(ssh_oest).get(OVERVIEW).status_code == 403
    assert login(therapist).get(OVERVIEW).status_code == 403
    response = login(leader_vest).get(OVERVIEW)  # a leader of another area: only her own teams
    tables = {t.key: t for t in response.context["tables"]}
    assert [row[0] for row in tables["visits-delivered"].rows] == ["Vest Team 1", "Vest Team 2"]
    assert tables["delegations-expiring"].rows == []
    assert all(row[1] == 0 for row in tables["call-outs"].rows)
    client.logout()
    assert client.get(OVERVIEW).status_code == 302


@pytest.mark.parametrize("n", [5, 50])
def test_min_dag_query_count_with_clinic_appointments_is_fixed(
    frozen, login, team_nurse, nursing_team, clinic, make_visits, django_assert_num_queries, n
):
    _nursing(make_visits, nursing_team, n=n, carer=team_nurse)
    _nursing(make_visits, nursing_team, n=n, carer=team_nurse, clinic=clinic)
    client = login(team_nurse)
    client.get("/min-dag/")
    with django_assert_num_queries(5):  # the session row included
        response = client.get("/min-dag/")
    assert response.content.decode().count("Sygeplejeklinik:") == n
