"""Kom Godt Hjem: registering notices, deciding (home with help, APV, temporary bed), overdue notices."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from citizens.models import CitizenUnit
from rehab.adapters import notice_from_hospital_message
from rehab.models import DischargeNotice, HomeAssessment, WaitingListEntry

from .factories import NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "user,status", [("visitator", 200), ("leader_vest", 200), ("nurse", 403), ("ssh_vest", 403)]
)
def test_discharge_queue_roles(login, request, user, status):
    assert login(request.getfixturevalue(user)).get(reverse("rehab:discharges")).status_code == status


def test_register_notice_good_and_bad_input(login, visitator, citizen_vest):
    client = login(visitator)
    response = client.post(
        reverse("rehab:discharges"),
        {"citizen": citizen_vest.cpr, "ward": "M3", "expected_at": "2026-13-45T10:00", "needs": "Pleje"},
    )
    assert response.status_code == 400
    assert 'id="id_expected_at_error"' in response.content.decode()
    assert not DischargeNotice.objects.exists()
    response = client.post(
        reverse("rehab:discharges"),
        {
            "citizen": citizen_vest.cpr,
            "ward": "M3",
            "expected_at": "2026-03-02T10:00",
            "needs": "Pleje",
            "training_plan": "on",
        },
    )
    assert response.status_code == 302
    assert DischargeNotice.objects.get().training_plan is True


def test_leader_cannot_register_notice(login, leader_vest, citizen_vest):
    response = login(leader_vest).post(reverse("rehab:discharges"), {"citizen": citizen_vest.cpr})
    assert response.status_code == 403


def test_overdue_undecided_notice_stands_out(login, visitator, citizen_vest, citizen_oest):
    NoticeFactory(citizen=citizen_vest, expected_at=timezone.now() - timedelta(hours=3))
    NoticeFactory(citizen=citizen_oest, expected_at=timezone.now() + timedelta(days=1))
    body = login(visitator).get(reverse("rehab:discharges")).content.decode()
    assert body.count("Overskredet – ikke afgjort") == 1
    assert body.index("Vestesen") < body.index("Østesen")


def test_notice_of_citizen_outside_scope_is_refused(login, leader_vest, citizen_oest):
    notice = NoticeFactory(citizen=citizen_oest)
    assert login(leader_vest).get(reverse("rehab:notice", args=[notice.pk])).status_code == 403


def test_decide_home_with_help_links_the_team(login, visitator, citizen_vest, org):
    notice = NoticeFactory(citizen=citizen_vest)
    client = login(visitator)
    response = client.post(
        reverse("rehab:notice", args=[notice.pk]), {"decision": "home_with_help", "note": "OK"}
    )
    assert response.status_code == 400 and "Vælg den hjemmeplejegruppe" in response.content.decode()
    notice.refresh_from_db()
    assert notice.decision == ""
    response = client.post(
        reverse("rehab:notice", args=[notice.pk]),
        {"decision": "home_with_help", "note": "OK", "team": org.vest2.pk},
    )
    assert response["Location"] == reverse("visitation:list")
    notice.refresh_from_db()
    assert notice.decision == "home_with_help" and notice.decided_by == visitator
    assert CitizenUnit.objects.filter(citizen=citizen_vest, unit=org.vest2).exists()


def test_decide_temporary_bed_puts_citizen_on_waiting_list(login, visitator, citizen_vest):
    from rehab.models import StayType

    notice = NoticeFactory(citizen=citizen_vest)
    response = login(visitator).post(
        reverse("rehab:notice", args=[notice.pk]),
        {
            "decision": "temporary_bed",
            "note": "Kan ikke klare sig hjemme endnu",
            "stay_type": StayType.objects.get(code="rehabilitering").pk,
            "priority": 1,
        },
    )
    assert response.status_code == 302
    entry = WaitingListEntry.objects.get()
    assert (entry.citizen, entry.priority, entry.notice) == (citizen_vest, 1, notice)


def test_home_assessment_apv(login, visitator, citizen_vest):
    notice = NoticeFactory(citizen=citizen_vest)
    client = login(visitator)
    client.post(
        reverse("rehab:notice", args=[notice.pk]), {"decision": "home_after_apv", "note": "APV først"}
    )
    bad = client.post(
        reverse("rehab:apv", args=[notice.pk]),
        {"visit_date": "2026-03-02", "assessor": visitator.pk, "risks": ["rugs"], "result": "not_safe"},
    )
    assert bad.status_code == 400 and "Beskriv opfølgningen" in bad.content.decode()
    assert not HomeAssessment.objects.exists()
    good = client.post(
        reverse("rehab:apv", args=[notice.pk]),
        {
            "visit_date": "2026-03-02",
            "assessor": visitator.pk,
            "risks": ["rugs", "bed_height"],
            "aids": "Plejeseng",
            "result": "safe_with_aids",
            "follow_up": "Plejeseng leveres",
            "follow_up_on": "2026-03-05",
        },
    )
    assert good.status_code == 302
    apv = HomeAssessment.objects.get()
    assert apv.risks == ["rugs", "bed_height"]
    assert "Løse tæpper" in client.get(reverse("rehab:apv", args=[notice.pk])).content.decode()


def test_hospital_message_adapter_is_idempotent(citizen_vest):
    message = {
        "id": "MSG-1",
        "cpr": citizen_vest.cpr,
        "ward": "Ortopædkirurgisk afd.",
        "expected": "2026-03-02T10:00:00+01:00",
        "needs": "Hoftefraktur",
        "training_plan": True,
    }
    first = notice_from_hospital_message(message)
    second = notice_from_hospital_message(message)
    assert first == second and DischargeNotice.objects.count() == 1
    assert (first.source, first.training_plan, first.citizen) == ("hospital", True, citizen_vest)
