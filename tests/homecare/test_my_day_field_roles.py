"""Min dag at /min-dag/ is the one day list of every field role: home-care workers, nurses, therapists."""

import pytest
from django.urls import reverse

from carecore.roles import Role
from homecare import services
from homecare.models import ServiceType, VisitStatus

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def test_my_day_lives_at_min_dag_and_the_old_address_redirects(frozen, login, ssh_vest):
    assert reverse("homecare:my_day") == "/min-dag/"
    response = login(ssh_vest).get("/hjemmepleje/min-dag/")
    assert response.status_code == 302 and response["Location"] == "/min-dag/"


def test_nurse_sees_her_own_nursing_visits_today(frozen, login, nurse, org, make_visits):
    mine = make_visits(2, team=org.nursing, carer=nurse, service_type=ServiceType.NURSING, title="Sårpleje")
    other_nurse = make_staff("sygeplejerske.2", role=Role.NURSE, units=[org.nursing])
    (theirs,) = make_visits(1, team=org.nursing, carer=other_nurse, title="Kateter")
    body = login(nurse).get("/min-dag/").content.decode()
    assert all(v.citizen.full_name in body for v in mine)
    assert theirs.citizen.full_name not in body


def test_nurse_starts_and_finishes_her_visit(frozen, login, nurse, org, make_visits):
    (visit,) = make_visits(1, team=org.nursing, carer=nurse, service_type=ServiceType.NURSING)
    client = login(nurse)
    client.post(reverse("homecare:visit_start", args=[visit.pk]))
    for index, _task, _done in visit.task_list:
        client.post(reverse("homecare:visit_tick", args=[visit.pk, index]))
    client.post(reverse("homecare:visit_finish", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DELIVERED and visit.finished_by == nurse


def test_therapist_opens_min_dag(frozen, login, org):
    therapist = make_staff("terapeut", role=Role.THERAPIST, units=[org.vest1])
    assert login(therapist).get("/min-dag/").status_code == 200


def test_a_nurse_may_be_assigned_a_delegated_task_without_a_competence_row(frozen, nurse, org, make_visits):
    """Delegated tasks are nursing tasks: a nurse holds them by her profession."""
    from homecare.models import DelegatedTask

    (visit,) = make_visits(1, team=org.nursing, delegated_task=DelegatedTask.MEDICINE)
    assert services.assign_visit(visit, nurse).assigned_to == nurse


@pytest.mark.parametrize("n", [5, 50])
def test_nurse_min_dag_query_count_is_fixed(
    frozen, login, nurse, org, make_visits, django_assert_num_queries, n
):
    make_visits(n, team=org.nursing, carer=nurse, service_type=ServiceType.NURSING)
    client = login(nurse)
    client.get("/min-dag/")
    with django_assert_num_queries(5):  # the session row included
        assert client.get("/min-dag/").status_code == 200
