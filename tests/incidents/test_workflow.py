import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from carecore.models import Notification
from incidents import services
from incidents.models import (
    CaseEvent,
    DpsdCategory,
    Incident,
    IncidentUserObjectPermission,
    SeverityChange,
    Status,
    dpsd_category,
)

from .factories import IncidentFactory, approve, handler, handler_group, incident_type

pytestmark = pytest.mark.django_db


def report(unit, by, **extra):
    data = {
        "occurred_at": timezone.now() - timedelta(hours=1),
        "unit": unit,
        "type": incident_type(),
        "description": "Fald i stuen",
        "reported_actual": "mild",
        "reported_possible": "moderate",
        **extra,
    }
    return services.report_incident(data=data, reported_by=by)


@pytest.mark.parametrize(
    "actual,possible,expected",
    [
        ("none", "none", DpsdCategory.NONE),
        ("mild", "mild", DpsdCategory.NONE),
        ("none", "severe", DpsdCategory.RISK),
        ("mild", "fatal", DpsdCategory.RISK),
        ("moderate", "moderate", DpsdCategory.MODERATE),
        ("severe", "severe", DpsdCategory.SEVERE),
        ("fatal", "fatal", DpsdCategory.FATAL),
    ],
)
def test_dpsd_category_is_computed_from_both_severities(actual, possible, expected):
    assert dpsd_category(actual, possible) == expected


def test_new_report_is_routed_to_the_group_of_the_nearest_area_and_its_inbox(
    groups, ssh_vest, org, srp_handler, nh_handler, nh
):
    srp, ph, _force = groups
    incident = report(org.vest1, ssh_vest)
    assert incident.handler_group == srp
    assert incident.status == Status.RECEIVED
    assert Notification.objects.filter(user=srp_handler, key=f"uth-new:{incident.pk}").exists()
    assert not Notification.objects.filter(user=nh_handler).exists()
    assert report(nh[1], ssh_vest).handler_group == ph


def test_more_specific_group_wins(groups, org, ssh_vest):
    vest_group = handler_group("vest", org.vest)
    assert report(org.vest1, ssh_vest).handler_group == vest_group


def test_force_report_goes_to_the_staff_unit_group(groups, org, ssh_vest):
    incident = services.report_incident(
        data={
            "occurred_at": timezone.now(),
            "unit": org.vest1,
            "description": "x",
            "reported_actual": "none",
            "reported_possible": "none",
            "force_group": "senior",
        },
        reported_by=ssh_vest,
        kind="force",
    )
    assert incident.handler_group == groups[2]


def test_take_assigns_an_object_permission_and_sets_in_progress(groups, org, ssh_vest, srp_handler):
    incident = report(org.vest1, ssh_vest)
    services.take_case(incident, srp_handler)
    incident.refresh_from_db()
    assert incident.status == Status.IN_PROGRESS and incident.assigned_to == srp_handler
    assert srp_handler.has_perm("incidents.handle_incident", incident)
    assert IncidentUserObjectPermission.objects.filter(user=srp_handler, content_object=incident).count() == 1


def test_second_handler_cannot_take_a_taken_case(groups, org, ssh_vest, srp_handler, srp_handler2):
    incident = report(org.vest1, ssh_vest)
    services.take_case(incident, srp_handler)
    with pytest.raises(services.CaseTaken):
        services.take_case(incident, srp_handler2)


@pytest.mark.django_db(transaction=True)
def test_concurrent_take_has_exactly_one_winner(groups, org, ssh_vest, srp_handler, srp_handler2):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    incident = report(org.vest1, ssh_vest)
    barrier = threading.Barrier(2)
    results = []

    def attempt(user):
        try:
            barrier.wait()
            services.take_case(Incident.objects.get(pk=incident.pk), user)
            results.append("won")
        except services.CaseTaken:
            results.append("lost")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (srp_handler, srp_handler2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["lost", "won"]
    assert IncidentUserObjectPermission.objects.filter(content_object_id=incident.pk).count() == 1
    assert CaseEvent.objects.filter(incident_id=incident.pk, what="taken").count() == 1


def test_severity_history_keeps_reporters_original_and_every_change(groups, org, ssh_vest, srp_handler):
    incident = report(org.vest1, ssh_vest)
    services.take_case(incident, srp_handler)
    services.verify_severity(
        incident, srp_handler, actual="moderate", possible="severe", reason="Set efter samtale"
    )
    services.verify_severity(incident, srp_handler, actual="severe", possible="severe", reason="Indlagt")
    incident.refresh_from_db()
    assert (incident.reported_actual, incident.reported_possible) == ("mild", "moderate")
    assert (incident.actual_severity, incident.possible_severity) == ("severe", "severe")
    rows = list(
        SeverityChange.objects.filter(incident=incident, field="actual").values_list(
            "from_value", "to_value", "by", "reason"
        )
    )
    assert rows == [
        ("mild", "moderate", srp_handler.pk, "Set efter samtale"),
        ("moderate", "severe", srp_handler.pk, "Indlagt"),
    ]
    with pytest.raises(PermissionError):
        SeverityChange.objects.first().save()


def test_severe_incident_cannot_close_without_completed_analysis(groups, org, ssh_vest, srp_handler):
    incident = report(org.vest1, ssh_vest, reported_actual="severe", reported_possible="severe")
    services.take_case(incident, srp_handler)
    with pytest.raises(ValidationError, match="hændelsesanalyse"):
        services.close_case(incident, srp_handler, feedback="Tak")
    analysis = {
        "timeline": "t",
        "causes": "c",
        "contributing_factors": "",
        "actions": "a",
        "learning_points": "l",
    }
    services.save_analysis(incident, srp_handler, data=analysis, completed=False)
    with pytest.raises(ValidationError):
        services.close_case(incident, srp_handler, feedback="Tak")
    services.save_analysis(incident, srp_handler, data=analysis, completed=True)
    approve(incident, srp_handler)
    services.close_case(incident, srp_handler, feedback="Tak for din indberetning")
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED and incident.closed_at and incident.feedback_at


def test_close_needs_feedback_and_notifies_reporter(groups, org, ssh_vest, srp_handler):
    incident = report(org.vest1, ssh_vest)
    with pytest.raises(ValidationError):
        services.close_case(incident, srp_handler, feedback="Tak")  # not taken yet
    services.take_case(incident, srp_handler)
    with pytest.raises(ValidationError):
        services.close_case(incident, srp_handler, feedback="  ")
    with pytest.raises(ValidationError, match="anonymiserede tekst"):
        services.close_case(incident, srp_handler, feedback="Rutinen er ændret")
    approve(incident, srp_handler)
    services.close_case(incident, srp_handler, feedback="Rutinen er ændret")
    assert Notification.objects.filter(user=ssh_vest, key=f"uth-feedback:{incident.pk}").exists()


def test_reject_keeps_the_report_with_reason(groups, org, ssh_vest, srp_handler):
    incident = report(org.vest1, ssh_vest)
    services.reject_case(incident, srp_handler, reason="work_environment", comment="Arbejdsmiljø")
    incident.refresh_from_db()
    assert incident.status == Status.REJECTED and incident.reject_reason == "work_environment"
    assert incident.description == "Fald i stuen"
    with pytest.raises(PermissionError):
        incident.delete()
    with pytest.raises(ValidationError):
        services.take_case(incident, srp_handler)


def test_hand_over_to_other_handler_moves_the_permission(groups, org, ssh_vest, srp_handler, nh):
    other = handler("uth.other", nh[0])
    incident = report(org.vest1, ssh_vest)
    services.take_case(incident, srp_handler)
    services.hand_over(incident, srp_handler, reason="Ferie", to_user=other)
    incident.refresh_from_db()
    assert incident.assigned_to == other
    assert incident in Incident.objects.visible_to(other)
    assert not srp_handler.has_perm("incidents.handle_incident", incident)
    assert CaseEvent.objects.filter(incident=incident, what="handed", text__contains="Ferie").exists()


def test_hand_over_to_other_area(groups, org, ssh_vest, srp_handler, nh_handler):
    incident = report(org.vest1, ssh_vest)
    services.hand_over(incident, srp_handler, reason="Skete på plejehjemmet", to_group=groups[1])
    incident.refresh_from_db()
    assert incident.handler_group == groups[1] and incident.status == Status.RECEIVED
    assert incident in Incident.objects.visible_to(nh_handler)
    with pytest.raises(ValidationError):
        services.hand_over(incident, nh_handler, reason=" ", to_group=groups[0])


def test_visibility_rules(groups, org, ssh_vest, srp_handler, nh_handler, risk_manager, leader_vest):
    incident = IncidentFactory(unit=org.vest1, handler_group=groups[0], reported_by=ssh_vest)
    assert incident in Incident.objects.visible_to(srp_handler)
    assert incident not in Incident.objects.visible_to(nh_handler)
    assert incident in Incident.objects.visible_to(risk_manager)
    assert not Incident.objects.visible_to(ssh_vest).exists()
    assert not Incident.objects.visible_to(leader_vest).exists()
