"""Records that are never edited or deleted share one base (carecore.models.AppendOnlyModel): an
instance is inserted once, and neither the instance nor a QuerySet can change or remove it."""

import pytest

from carecore.models import AppendOnlyError, RetentionRun, append_only_models
from citizens.models import AccessLog, Assessment, JournalEntry
from homecare.acute import CallOut
from homecare.models import Observation, OutageList, Triage
from incidents.models import Analysis, AnalysisRevision, CaseEvent, SeverityChange
from medication.models import (
    Administration,
    FmkReconciliation,
    MedicineLine,
    MedicineLineVersion,
    Pouring,
    PouringCheck,
)
from prevention.models import Outcome, VisitRecord
from referrals.models import Event as ReferralEvent
from referrals.models import Referral
from rehab.models import DecisionLetter, StayEvent

from ..factories import CitizenFactory, UnitFactory, UserFactory
from ..incidents.factories import IncidentFactory
from ..rehab.factories import StayFactory

pytestmark = pytest.mark.django_db

# model -> (a new row for a citizen and a user, a field to try to change and its new value)
ROWS = {
    AccessLog: (lambda c, u: AccessLog(citizen=c, user=u, username=u.username, part="overblik"), "part"),
    JournalEntry: (lambda c, u: JournalEntry(citizen=c, author=u, text="Notat."), "text"),
    Assessment: (
        lambda c, u: Assessment(citizen=c, kind="function", code="d510", level=1, assessed_by=u),
        "note",
    ),
    Observation: (lambda c, u: Observation(citizen=c, suggested_colour="yellow", recorded_by=u), "note"),
    Triage: (lambda c, u: Triage(citizen=c, colour="yellow", set_by=u), "action"),
    CallOut: (
        lambda c, u: CallOut(
            citizen=c, called_at=c.created_at, reason="Faldet.", outcome="avoided", recorded_by=u
        ),
        "note",
    ),
    StayEvent: (lambda c, u: StayEvent(stay=StayFactory(citizen=c), kind="assigned", by=u), "reason"),
    DecisionLetter: (
        lambda c, u: DecisionLetter(citizen=c, stay=StayFactory(citizen=c), pdf=b"%PDF", created_by=u),
        "subject",
    ),
    SeverityChange: (
        lambda c, u: SeverityChange(
            incident=IncidentFactory(unit=c.units.first(), citizen=c),
            field="actual",
            from_value="mild",
            to_value="moderate",
            reason="Verificeret.",
            by=u,
        ),
        "reason",
    ),
    CaseEvent: (
        lambda c, u: CaseEvent(incident=IncidentFactory(unit=c.units.first()), what="note", by=u),
        "text",
    ),
    AnalysisRevision: (lambda c, u: _analysis_revision(c, u), "timeline"),
    ReferralEvent: (lambda c, u: ReferralEvent(referral=_referral(c, u), what="sent", by=u), "note"),
    MedicineLineVersion: (lambda c, u: _medicine_version(c, u), "note"),
    FmkReconciliation: (
        lambda c, u: FmkReconciliation(citizen=c, reconciled_by=u, adapter="LocalFmk"),
        "adapter",
    ),
    Administration: (lambda c, u: _administration(c, u), "note"),
    Pouring: (lambda c, u: _pouring(c, u), "note"),
    PouringCheck: (lambda c, u: PouringCheck(pouring=_pouring(c, u, save=True), checked_by=u), "note"),
    RetentionRun: (
        lambda c, u: RetentionRun(table="citizens.AccessLog", cutoff=c.created_at, deleted=0, by="beat"),
        "by",
    ),
    OutageList: (
        lambda c, u: OutageList(
            team=c.units.first(),
            first_day="2026-03-02",
            days=3,
            pdf=b"%PDF",
            citizen_ids=[c.pk],
            visit_count=1,
        ),
        "made_by",
    ),
    Outcome: (
        lambda c, u: Outcome(enrolment=_enrolment(c, u), point="start", health=5, wellbeing=5, recorded_by=u),
        "point",
    ),
    VisitRecord: (
        lambda c, u: VisitRecord(
            visit=_preventive_visit(c, u),
            citizen=c,
            health="h",
            network="n",
            activity="a",
            housing="b",
            author=u,
        ),
        "follow_up",
    ),
}


def _enrolment(citizen, user):
    from prevention.models import Course, Enrolment

    course = Course.objects.create(
        title="KOL-skole", kind="119", place="house", starts_on="2026-03-02", capacity=8, instructor=user
    )
    return Enrolment.objects.create(
        course=course, citizen=citizen, status="enrolled", source="own", created_by=user
    )


def _preventive_visit(citizen, user):
    from prevention.models import Offer, PreventiveVisit

    offer = Offer.objects.create(
        cpr=citizen.cpr,
        name=citizen.full_name,
        birth_date=citizen.birth_date,
        address=citizen.address,
        group="75",
        year=2026,
        month="2026-03-01",
        status="accepted",
        citizen=citizen,
    )
    return PreventiveVisit.objects.create(
        offer=offer, citizen=citizen, consultant=user, scheduled_at=citizen.created_at
    )


def _referral(citizen, user):
    return Referral.objects.create(
        citizen=citizen,
        citizen_name=citizen.full_name,
        citizen_cpr=citizen.cpr,
        from_unit=citizen.units.first(),
        to_unit=UnitFactory(),
        reason="Potentiale for §83a.",
        sent_by=user,
    )


def _medicine_version(citizen, user):
    line = MedicineLine.objects.create(citizen=citizen)
    return MedicineLineVersion(line=line, number=1, recorded_by=user, **_medicine(), note="Ny")


def _medicine():
    from datetime import date

    return {
        "drug": "Metformin",
        "form_strength": "tablet 500 mg",
        "dose": 1,
        "dose_unit": "tablet",
        "times": ["08:00"],
        "indication": "Diabetes",
        "prescriber": "Egen læge",
        "starts_on": date(2026, 1, 1),
        "how_given": "poured",
    }


def _administration(citizen, user):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from medication import services

    line = services.add_line(citizen, by=user, data={**_medicine(), "ends_on": None})
    return Administration(
        citizen=citizen,
        line=line,
        version=line.current,
        due_at=datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Europe/Copenhagen")),
        unit=citizen.units.first(),
        outcome="given",
        note="Givet",
        recorded_by=user,
    )


def _pouring(citizen, user, save=False):
    from datetime import date

    pouring = Pouring(
        citizen=citizen, starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 8), poured=[], poured_by=user
    )
    if save:
        pouring.save()
    return pouring


def _analysis_revision(citizen, user):
    texts = {"timeline": "t", "causes": "c", "actions": "a", "learning_points": "l"}
    analysis = Analysis.objects.create(
        incident=IncidentFactory(unit=citizen.units.first()), updated_by=user, **texts
    )
    return AnalysisRevision(analysis=analysis, version=analysis.version, saved_by=user, **texts)


def test_every_history_record_is_append_only():
    assert set(append_only_models()) == set(ROWS)


@pytest.fixture(params=list(ROWS), ids=lambda m: m._meta.label)
def row(request, org):
    make, field = ROWS[request.param]
    obj = make(CitizenFactory(units=[org.vest1]), UserFactory())
    obj.save()
    return obj, field


def test_an_instance_cannot_be_changed(row):
    obj, field = row
    setattr(obj, field, "ændret")
    with pytest.raises(AppendOnlyError):
        obj.save()
    obj.refresh_from_db()
    assert getattr(obj, field) != "ændret"


def test_an_instance_cannot_be_deleted(row):
    obj, _field = row
    with pytest.raises(AppendOnlyError):
        obj.delete()
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_queryset_cannot_update(row):
    obj, field = row
    with pytest.raises(AppendOnlyError):
        type(obj).objects.filter(pk=obj.pk).update(**{field: "ændret"})
    obj.refresh_from_db()
    assert getattr(obj, field) != "ændret"


def test_a_queryset_cannot_delete(row):
    obj, _field = row
    with pytest.raises(AppendOnlyError):
        type(obj).objects.filter(pk=obj.pk).delete()
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_queryset_cannot_bulk_update(row):
    obj, field = row
    setattr(obj, field, "ændret")
    with pytest.raises(AppendOnlyError):
        type(obj).objects.bulk_update([obj], [field])
    obj.refresh_from_db()
    assert getattr(obj, field) != "ændret"


def test_rows_are_still_inserted_one_by_one_and_in_bulk(org):
    citizen, user = CitizenFactory(units=[org.vest1]), UserFactory()
    JournalEntry.objects.create(citizen=citizen, author=user, text="Et.")
    JournalEntry.objects.bulk_create([JournalEntry(citizen=citizen, author=user, text="To.")])
    assert JournalEntry.objects.filter(citizen=citizen).count() == 2
