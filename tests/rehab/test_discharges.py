"""Kom Godt Hjem: registering notices, deciding (home with help, APV, temporary bed), overdue notices."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from citizens import pathway
from citizens.models import CitizenUnit
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


def test_citizen_home_from_hospital_puts_one_notice_in_the_queue(citizen_vest):
    end = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    for _ in range(2):
        pathway.citizen_home.send(
            sender=DischargeNotice,
            citizen=citizen_vest,
            end=end,
            reference="medcom:episode-1",
            to_home=True,
            reason="hospital",
            place="Ortopædkirurgisk afd.",
            by=None,
        )
    notice = DischargeNotice.objects.get()
    assert (notice.source, notice.citizen, notice.ward, notice.expected_at) == (
        "hospital",
        citizen_vest,
        "Ortopædkirurgisk afd.",
        end,
    )
    assert notice in DischargeNotice.objects.open()


def test_citizen_home_from_a_bed_or_a_cancelled_stay_makes_no_notice(citizen_vest):
    end = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    common = {"sender": DischargeNotice, "citizen": citizen_vest, "end": end, "by": None, "to_home": True}
    pathway.citizen_home.send(reference="stay:1", reason="temporary_bed", **common)
    pathway.citizen_home.send(reference="medcom:x", reason="hospital", cancelled=True, **common)
    assert not DischargeNotice.objects.exists()
