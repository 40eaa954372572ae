"""Every case action is refused to a handler of the group when the case is someone else's."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Action, Analysis, CaseEvent, ExportApproval, Incident, Status

from .factories import IncidentFactory, incident_type

pytestmark = pytest.mark.django_db


def case_posts(groups, srp_handler2):
    return {
        "severity": {"severity-actual": "moderate", "severity-possible": "severe", "severity-reason": "x"},
        "classify": {"classify-type": incident_type().pk, "classify-causes": "Glat gulv"},
        "action": {
            "action-what": "Ny instruks",
            "action-responsible": "TL",
            "action-due": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
        "handover": {"handover-to_user": srp_handler2.pk, "handover-reason": "Min nu"},
        "handover_group": {"handover-to_group": groups[1].pk, "handover-reason": "Væk med den"},
        "close": {"close-feedback": "Tak"},
        "reject": {"reject-reason": "duplicate", "reject-comment": "Samme som en anden"},
        "assessment": {"assessment-force_assessment": "Ok"},
        "approve": {"approve-what_happened": "En borger faldt."},
    }


@pytest.fixture
def taken(groups, org, srp_handler):
    incident = IncidentFactory(unit=org.vest1, handler_group=groups[0])
    services.take_case(incident, srp_handler)
    return incident


def _state(incident):
    row = Incident.objects.values().get(pk=incident.pk)
    counts = [m.objects.count() for m in (CaseEvent, Action, ExportApproval)]
    return row, counts


@pytest.mark.parametrize(
    "action",
    [
        "severity",
        "classify",
        "action",
        "handover",
        "handover_group",
        "close",
        "reject",
        "assessment",
        "approve",
    ],
)
def test_handler_cannot_act_on_a_case_assigned_to_someone_else(login, groups, taken, srp_handler2, action):
    before = _state(taken)
    data = case_posts(groups, srp_handler2)[action]
    url = reverse("incidents:case_action", args=[taken.pk, action.split("_")[0]])
    assert login(srp_handler2).post(url, data).status_code == 403
    assert _state(taken) == before


def test_handler_cannot_take_complete_actions_or_write_the_analysis_of_someone_elses_case(
    login, taken, srp_handler, srp_handler2
):
    action = services.add_action(
        taken, srp_handler, what="Instruks", responsible="TL", due=timezone.localdate()
    )
    client = login(srp_handler2)
    client.post(reverse("incidents:take", args=[taken.pk]))
    assert Incident.objects.get(pk=taken.pk).assigned_to == srp_handler
    assert client.post(reverse("incidents:action_done", args=[taken.pk, action.pk])).status_code == 403
    assert Action.objects.get(pk=action.pk).done_at is None
    analysis = {"timeline": "t", "causes": "c", "actions": "a", "learning_points": "l"}
    assert client.post(reverse("incidents:analysis", args=[taken.pk]), analysis).status_code == 403
    assert not Analysis.objects.exists()


def test_handler_cannot_hand_an_open_case_to_themselves(login, groups, org, srp_handler):
    incident = IncidentFactory(unit=org.vest1, handler_group=groups[0])
    url = reverse("incidents:case_action", args=[incident.pk, "handover"])
    response = login(srp_handler).post(url, {"handover-to_user": srp_handler.pk, "handover-reason": "Min"})
    assert response.status_code == 403
    assert Incident.objects.get(pk=incident.pk).assigned_to is None


def test_first_reader_may_route_an_unassigned_case_and_the_assignee_may_hand_it_on(
    login, groups, org, srp_handler, srp_handler2
):
    incident = IncidentFactory(unit=org.vest1, handler_group=groups[0])
    url = reverse("incidents:case_action", args=[incident.pk, "handover"])
    login(srp_handler2).post(url, {"handover-to_user": srp_handler.pk, "handover-reason": "Din"})
    assert Incident.objects.get(pk=incident.pk).assigned_to == srp_handler
    login(srp_handler).post(url, {"handover-to_group": groups[1].pk, "handover-reason": "Plejehjem"})
    incident.refresh_from_db()
    assert incident.handler_group == groups[1] and incident.status == Status.RECEIVED


def test_risk_manager_may_reject_a_case_assigned_to_a_handler(login, groups, taken, risk_manager):
    url = reverse("incidents:case_action", args=[taken.pk, "reject"])
    login(risk_manager).post(url, {"reject-reason": "duplicate", "reject-comment": "Dublet"})
    assert Incident.objects.get(pk=taken.pk).status == Status.REJECTED
