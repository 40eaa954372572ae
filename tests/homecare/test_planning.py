"""Assignment: competence rule, no double booking, suggestions with continuity, the planning page."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from homecare import services
from homecare.models import DelegatedTask, ServiceType, StaffCompetence, Visit, VisitStatus

from ..factories import make_staff
from .factories import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def carers(org):
    return [make_staff(f"vest-team-1.{i:02d}", role="ssh", units=[org.vest1]) for i in range(1, 4)]


def test_delegated_task_never_given_without_a_valid_delegation(frozen, carers, make_visits):
    (visit,) = make_visits(1, service_type=ServiceType.NURSING, delegated_task=DelegatedTask.MEDICINE)
    # The old competence checkbox no longer gives a delegated task (the delegation catalogue decides).
    StaffCompetence.objects.create(user=carers[0], task=DelegatedTask.MEDICINE)
    with pytest.raises(ValidationError, match="ingen gyldig delegering"):
        services.assign_visit(visit, carers[0])
    assert Visit.objects.get().assigned_to is None
    grant(carers[0], DelegatedTask.MEDICINE)
    services.assign_visit(visit, carers[0])
    assert Visit.objects.get().assigned_to == carers[0]


def test_overlapping_visits_never_double_booked(frozen, carers, make_visits):
    first, second = make_visits(2, duration=40)  # 07:00-07:40 and 07:25-08:05
    services.assign_visit(first, carers[0])
    with pytest.raises(ValidationError):
        services.assign_visit(second, carers[0])
    services.assign_visit(second, carers[1])
    assert Visit.objects.get(pk=second.pk).assigned_to == carers[1]


def test_suggestion_prefers_staff_known_to_the_citizen(frozen, carers, make_visits):
    (visit,) = make_visits(1)
    earlier = Visit.objects.create(
        plan=visit.plan,
        citizen=visit.citizen,
        team=visit.team,
        date=visit.date - timedelta(days=2),
        starts_at=visit.starts_at - timedelta(days=2),
        ends_at=visit.ends_at - timedelta(days=2),
        window_end=visit.window_end - timedelta(days=2),
        title="x",
        status=VisitStatus.DELIVERED,
        started_at=visit.starts_at - timedelta(days=2),
        finished_at=visit.ends_at - timedelta(days=2),
        finished_by=carers[2],
        assigned_to=carers[2],
    )
    assert earlier.pk
    planner = services.day_planner(visit.team, visit.date, [visit])
    assert planner.suggest(visit) == carers[2]


def test_auto_assign_respects_competence_and_overlap(frozen, org, carers, make_visits):
    visits = make_visits(6, duration=60)  # each overlaps the next two
    (nursing,) = make_visits(1, service_type=ServiceType.NURSING, delegated_task=DelegatedTask.INSULIN)
    assigned, left = services.auto_assign(org.vest1, visits[0].date)
    assert nursing.pk in Visit.objects.filter(assigned_to__isnull=True).values_list("pk", flat=True)
    rows = list(Visit.objects.filter(assigned_to__isnull=False))
    assert assigned == len(rows) and left == 7 - assigned and assigned >= 6
    for a in rows:
        for b in rows:
            if a.pk != b.pk and a.assigned_to_id == b.assigned_to_id:
                assert not (a.starts_at < b.ends_at and b.starts_at < a.ends_at)


def test_planning_page_for_leader(frozen, login, leader_vest, org, carers, make_visits):
    make_visits(3)
    response = login(leader_vest).get(
        reverse("homecare:planning"), {"dato": "2026-03-23", "team": org.vest1.pk}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Fordel automatisk" in body
        and "Ikke tildelte besøg (3)" in body
        and carers[0].get_full_name() in body
    )


def test_planning_refusals(frozen, login, client, leader_vest, ssh_vest, org):
    assert login(ssh_vest).get(reverse("homecare:planning")).status_code == 403
    assert login(leader_vest).get(reverse("homecare:planning"), {"team": org.oest1.pk}).status_code == 403
    client.logout()
    assert client.get(reverse("homecare:planning")).status_code == 302


@pytest.mark.parametrize("n", [10, 200])
def test_planning_query_count_is_fixed(
    frozen, login, leader_vest, org, carers, make_visits, django_assert_num_queries, n
):
    visits = make_visits(n)
    Visit.objects.filter(pk__in=[v.pk for v in visits[: n // 2]]).update(assigned_to=carers[0])
    client = login(leader_vest)
    client.get(reverse("homecare:planning"), {"team": org.vest1.pk, "dato": "2026-03-23"})
    # The session row; the roster, delegations and the carers' roles (picker); the route proposals.
    with django_assert_num_queries(16):
        client.get(reverse("homecare:planning"), {"team": org.vest1.pk, "dato": "2026-03-23"})


def test_assign_through_htmx_returns_the_board(frozen, login, leader_vest, carers, make_visits):
    (visit,) = make_visits(1)
    response = login(leader_vest).post(
        reverse("homecare:visit_assign", args=[visit.pk]), {"carer": carers[1].pk}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'id="board"' in body and "<html" not in body
    assert Visit.objects.get().assigned_to == carers[1]


def test_assign_without_competence_shows_danish_message(frozen, login, leader_vest, carers, make_visits):
    (visit,) = make_visits(1, service_type=ServiceType.NURSING, delegated_task=DelegatedTask.MEDICINE)
    response = login(leader_vest).post(
        reverse("homecare:visit_assign", args=[visit.pk]), {"carer": carers[1].pk}, HTTP_HX_REQUEST="true"
    )
    assert "har ingen gyldig delegering til &#x27;Medicingivning&#x27;" in response.content.decode()
    assert Visit.objects.get().assigned_to is None


def test_leader_cannot_assign_other_areas_visit(frozen, login, leader_vest, org, make_visits):
    carer = make_staff("oest.01", role="ssh", units=[org.oest1])
    (visit,) = make_visits(1, team=org.oest1)
    assert (
        login(leader_vest)
        .post(reverse("homecare:visit_assign", args=[visit.pk]), {"carer": carer.pk})
        .status_code
        == 403
    )


def test_auto_assign_view(frozen, login, leader_vest, org, carers, make_visits):
    make_visits(3)
    response = login(leader_vest).post(
        reverse("homecare:planning_auto"),
        {"team": org.vest1.pk, "dato": "2026-03-23"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert not Visit.objects.filter(assigned_to__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_assignments_never_double_book(frozen, org, carers, make_visits):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    first, second = make_visits(2, duration=40)
    barrier = threading.Barrier(2)
    outcomes = []

    def assign(visit):
        try:
            barrier.wait()
            services.assign_visit(visit, carers[0])
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(v,)) for v in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Visit.objects.filter(assigned_to=carers[0]).count() == 1
