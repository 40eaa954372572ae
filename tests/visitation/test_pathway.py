"""The pathway across units: rehab's discharge decisions ask the visitation for help; a decision's
order becomes the provider's visit plans with visits from the day after; repeats change nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from citizens import pathway
from homecare.models import Recurrence, Visit, VisitPlan
from rehab import services as rehab_services
from rehab.models import Bed, DischargeNotice, Stay, StayType
from rehab.models import Decision as NoticeDecision
from visitation.models import Case, Decision, Request

from .conftest import TODAY
from .test_services import grant, request_help

pytestmark = pytest.mark.django_db


def notice_for(citizen, needs="Personlig pleje morgen og aften\nRengøring hver anden uge"):
    return DischargeNotice.objects.create(
        citizen=citizen, ward="M3", expected_at=timezone.now() + timedelta(days=1), needs=needs
    )


def test_home_with_help_opens_the_case_with_the_proposed_services(elderly, visitator, org, frozen):
    notice = notice_for(elderly)
    rehab_services.decide_notice(
        notice, decision=NoticeDecision.HOME_WITH_HELP, note="Hjem", by=visitator, team=org.vest1
    )
    req = Request.objects.get()
    assert (req.source, req.reference, req.case.citizen) == ("discharge", f"discharge:{notice.pk}", elderly)
    assert [p["service"] for p in req.proposed] == [
        "Personlig pleje morgen og aften",
        "Rengøring hver anden uge",
    ]
    # The same announcement again (a retried job) changes nothing.
    pathway.help_requested.send(
        sender=DischargeNotice,
        citizen=elderly,
        source="discharge",
        reference=f"discharge:{notice.pk}",
        proposed=req.proposed,
        text=notice.needs,
        by=visitator,
    )
    assert Request.objects.count() == 1 and Case.objects.count() == 1


def test_other_notice_decisions_ask_for_nothing(elderly, visitator, frozen):
    notice = notice_for(elderly)
    rehab_services.decide_notice(notice, decision=NoticeDecision.HOME_AFTER_APV, note="APV", by=visitator)
    assert not Request.objects.exists()


def test_a_temporary_stay_ending_at_home_asks_for_help(elderly, visitator, org, frozen):
    from carecore.models import UnitKind

    from ..factories import UnitFactory

    UnitFactory(code="rac", name="Rehab- og Akutcenter", kind=UnitKind.AREA, parent=org.top)
    notice = notice_for(elderly, needs="Praktisk hjælp: tøjvask")
    stay = Stay.objects.create(
        bed=Bed.objects.get(label="T01"),
        citizen=elderly,
        stay_type=StayType.objects.get(code="rehabilitering"),
        starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() + timedelta(days=4),
        created_by=visitator,
        notice=notice,
    )
    rehab_services.end_stay(stay, at=timezone.now(), reason="Udskrevet til hjemmet", by=visitator)
    req = Request.objects.get()
    assert (req.source, req.reference, req.proposed[0]["service"]) == (
        "stay",
        f"stay:{stay.pk}",
        "Praktisk hjælp: tøjvask",
    )


def test_decision_becomes_visit_plans_with_visits_from_the_day_after(
    elderly, visitator, org, catalogue, frozen
):
    case = request_help(elderly).case
    d = grant(
        case,
        visitator,
        org.vest1,
        catalogue,
        lines=[
            {
                "service": catalogue["personlig-pleje"],
                "weekdays": list("0123456"),
                "minutes": 30,
                "note": "Bad",
            },
            {"service": catalogue["praktisk-rengoering"], "weekdays": ["2"], "minutes": 60, "note": ""},
            {"service": catalogue["madservice"], "weekdays": ["1"], "minutes": 5, "note": ""},
        ],
    )
    plans = {p.title: p for p in VisitPlan.objects.filter(decision_ref=d.ref)}
    assert set(plans) == {"Personlig pleje", "Praktisk hjælp: rengøring"}  # meals are no home-care visit
    care = plans["Personlig pleje"]
    assert (care.team, care.recurrence, care.starts_on, care.duration_minutes) == (
        org.vest1,
        Recurrence.DAILY,
        TODAY + timedelta(days=1),
        30,
    )
    assert plans["Praktisk hjælp: rengøring"].weekdays == "2"
    days = sorted(Visit.objects.filter(plan=care).values_list("date", flat=True))
    assert days[0] == TODAY + timedelta(days=1) and len(days) == 13
    assert Visit.objects.filter(plan=plans["Praktisk hjælp: rengøring"]).first().date == TODAY + timedelta(
        days=2
    )


def test_a_repeated_order_grants_nothing_twice(elderly, visitator, org, catalogue, frozen):
    d = grant(request_help(elderly).case, visitator, org.vest1, catalogue)
    before = (VisitPlan.objects.count(), Visit.objects.count())
    services = [
        {
            "code": "personlig-pleje",
            "name": "Personlig pleje",
            "service_type": "personal_care",
            "minutes": 30,
            "times_per_week": 3,
            "weekdays": ["0", "2", "4"],
            "start": TODAY,
            "end": None,
            "note": "",
        }
    ]
    pathway.services_granted.send(
        sender=Decision,
        citizen=elderly,
        provider=org.vest1,
        decision_ref=d.ref,
        services=services,
        replaces=None,
        by=visitator,
    )
    assert (VisitPlan.objects.count(), Visit.objects.count()) == before


def test_a_new_version_ends_the_old_plans(elderly, visitator, org, private, catalogue):
    with time_machine.travel("2026-03-02 09:00 +01:00", tick=False):
        case = request_help(elderly).case
        first = grant(case, visitator, org.vest1, catalogue)
    with time_machine.travel("2026-03-09 09:00 +01:00", tick=False):
        second = grant(case, visitator, private, catalogue, start_on=TODAY + timedelta(days=7))
    old = VisitPlan.objects.get(decision_ref=first.ref)
    new = VisitPlan.objects.get(decision_ref=second.ref)
    assert old.ends_on == TODAY + timedelta(days=7)
    assert new.team == private and new.starts_on == TODAY + timedelta(days=8)
    assert not Visit.objects.filter(plan=old, date__gt=old.ends_on).exists()
    assert Visit.objects.filter(plan=new).exists()


def test_a_same_day_change_withdraws_the_plans_that_never_began(
    elderly, visitator, org, private, catalogue, frozen
):
    case = request_help(elderly).case
    first = grant(case, visitator, org.vest1, catalogue)
    grant(case, visitator, private, catalogue)
    assert not VisitPlan.objects.filter(decision_ref=first.ref).exists()
    assert set(Visit.objects.values_list("team", flat=True)) == {private.pk}
