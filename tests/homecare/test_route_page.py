"""My route (tomorrow's visits in order with travel) and route proposals the leader decides."""

import threading
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from carecore.roles import Role
from citizens.models import Citizen
from homecare import proposals, roster, services
from homecare.models import RouteProposal, Visit
from homecare.proposals import ProposalStatus

from ..factories import CitizenFactory, make_staff
from .factories import VisitPlanFactory

pytestmark = pytest.mark.django_db
DAY = "2026-03-23"
ROUTE = reverse("homecare:my_route")
HOME, FAR = (56.17, 9.55), (56.27, 9.75)


@pytest.fixture
def colleague(org):
    return make_staff("vest-team-1.kollega", role=Role.SSH, units=[org.vest1])


def _place(visit, point):
    Citizen.objects.filter(pk=visit.citizen_id).update(latitude=point[0], longitude=point[1])


def test_route_shows_visits_in_order_with_travel(frozen, login, ssh_vest, make_visits):
    first, second = make_visits(2, carer=ssh_vest)
    _place(first, HOME)
    _place(second, FAR)
    client = login(ssh_vest)
    body = client.get(ROUTE, {"dato": DAY}).content.decode()
    assert body.index(first.citizen.full_name) < body.index(second.citizen.full_name)
    assert "min. transport" in body and "Foreslå en ændring" in body
    assert reverse("homecare:my_route") in client.get(reverse("homecare:my_day")).content.decode()


def test_route_refusals(frozen, login, client, leader_vest, org):
    therapist = make_staff("terapeut", role=Role.THERAPIST, units=[org.vest1])
    assert login(therapist).get(ROUTE).status_code == 403
    assert (
        reverse("homecare:my_route") not in login(therapist).get(reverse("homecare:my_day")).content.decode()
    )
    assert login(leader_vest).get(ROUTE).status_code == 403
    client.logout()
    assert client.get(ROUTE).status_code == 302


@pytest.mark.parametrize("n", [3, 30])
def test_route_query_count_is_fixed(frozen, login, ssh_vest, make_visits, django_assert_num_queries, n):
    make_visits(n, carer=ssh_vest)
    client = login(ssh_vest)
    client.get(ROUTE, {"dato": DAY})
    with django_assert_num_queries(8):  # the session row included
        assert client.get(ROUTE, {"dato": DAY}).status_code == 200


def _propose(client, visit, colleague, comment="Jeg har tandlæge kl. 8"):
    return client.post(
        ROUTE,
        {"dato": DAY, "visit": visit.pk, "colleague": colleague.pk if colleague else "", "comment": comment},
    )


def test_leader_accepts_a_proposal_through_the_assignment_service(
    frozen, login, ssh_vest, colleague, leader_vest, org, make_visits
):
    (visit,) = make_visits(1, carer=ssh_vest)
    assert _propose(login(ssh_vest), visit, colleague).status_code == 302
    proposal = RouteProposal.objects.get()
    leader = login(leader_vest)
    planning = leader.get(reverse("homecare:planning"), {"dato": DAY, "team": org.vest1.pk}).content.decode()
    assert "Ruteforslag fra medarbejderne (1)" in planning and "Jeg har tandlæge kl. 8" in planning
    leader.post(reverse("homecare:proposal_decide", args=[proposal.pk]), {"decision": "accept"})
    assert Visit.objects.get(pk=visit.pk).assigned_to == colleague
    assert RouteProposal.objects.get().status == ProposalStatus.APPROVED


def test_accepting_an_infeasible_proposal_is_refused_with_the_reason(
    frozen, login, ssh_vest, colleague, leader_vest, make_visits
):
    (visit,) = make_visits(1, carer=ssh_vest)
    (busy,) = make_visits(1, carer=colleague)  # the same time as `visit`
    _propose(login(ssh_vest), visit, colleague)
    proposal = RouteProposal.objects.get()
    response = login(leader_vest).post(
        reverse("homecare:proposal_decide", args=[proposal.pk]), {"decision": "accept"}, follow=True
    )
    assert "har allerede et besøg" in response.content.decode()
    assert Visit.objects.get(pk=visit.pk).assigned_to == ssh_vest
    assert RouteProposal.objects.get().status == ProposalStatus.PROPOSED
    response = login(leader_vest).post(
        reverse("homecare:proposal_decide", args=[proposal.pk]), {"decision": "reject"}, follow=True
    )
    assert "Skriv hvorfor forslaget afvises." in response.content.decode()
    assert RouteProposal.objects.get().status == ProposalStatus.PROPOSED


@pytest.mark.parametrize(
    "change, message",
    [
        ({"comment": ""}, "Skriv hvorfor du foreslår ændringen."),
        ({"colleague": ""}, "Vælg en kollega."),
        ({"colleague": "oest"}, "Vælg en kollega fra dit team."),
        ({"visit": "other"}, "Vælg et af dine besøg."),
    ],
)
def test_bad_proposals_are_refused_next_to_the_field(
    frozen, login, ssh_vest, ssh_oest, colleague, make_visits, change, message
):
    (visit,) = make_visits(1, carer=ssh_vest)
    (other,) = make_visits(1, carer=colleague)
    data = {"dato": DAY, "visit": visit.pk, "colleague": colleague.pk, "comment": "Bytte"}
    data.update(change)
    data["colleague"] = ssh_oest.pk if data["colleague"] == "oest" else data["colleague"]
    data["visit"] = other.pk if data["visit"] == "other" else data["visit"]
    response = login(ssh_vest).post(ROUTE, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not RouteProposal.objects.exists()


def test_a_proposal_for_a_visit_outside_the_proposers_shift_is_refused(
    frozen, login, ssh_vest, colleague, leader_vest, org, make_visits
):
    (visit,) = make_visits(1, carer=ssh_vest)  # 07:00
    evening = roster.save_shift(team=org.vest1, kind=roster.ShiftKind.EVENING, starts=time(15), ends=time(23))
    roster.assign_shift(evening, ssh_vest, visit.date, by=leader_vest)
    response = _propose(login(ssh_vest), visit, colleague)
    assert response.status_code == 400 and "Besøget ligger uden for din vagt." in response.content.decode()
    assert not RouteProposal.objects.exists()


def test_proposal_decision_refusals(frozen, login, ssh_vest, ssh_oest, colleague, org, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    _propose(login(ssh_vest), visit, colleague)
    url = reverse("homecare:proposal_decide", args=[RouteProposal.objects.get().pk])
    leader_oest = make_staff("leder.oest", role=Role.LEADER, leader_of=[org.oest])
    assert login(leader_oest).post(url, {"decision": "accept"}).status_code == 403
    assert login(ssh_oest).post(url, {"decision": "accept"}).status_code == 403
    assert login(ssh_vest).post(url, {"decision": "accept"}).status_code == 403
    assert Visit.objects.get(pk=visit.pk).assigned_to == ssh_vest


@pytest.mark.django_db(transaction=True)
def test_two_accepted_proposals_never_double_book_the_colleague(
    frozen, org, ssh_vest, colleague, leader_vest
):
    """Two proposals giving overlapping visits to one colleague, accepted at the same moment: the
    assignment service's row lock lets one through and refuses the other (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    other = make_staff("vest-team-1.tredje", role=Role.SSH, units=[org.vest1])
    made = []
    for carer in (ssh_vest, other):
        plan = VisitPlanFactory(
            citizen=CitizenFactory(units=[org.vest1]), window_start=time(9), window_end=time(10)
        )
        services.generate_visits(plans=[plan], days=1)
        Visit.objects.filter(plan=plan).update(assigned_to=carer)
        made.append(
            proposals.propose_handover(Visit.objects.get(plan=plan), colleague, by=carer, comment="Bytte")
        )
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(proposal):
        try:
            barrier.wait()
            proposals.decide_proposal(proposal, accept=True, by=leader_vest)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(p,)) for p in made]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Visit.objects.filter(assigned_to=colleague).count() == 1
