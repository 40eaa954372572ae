"""The bed rules: no overlap (touching allowed), lengths, acute max 3 days, history of every change."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from citizens.models import JournalEntry
from rehab import services
from rehab.models import Bed, Stay, StayEvent, StayEventKind, StayType, WaitingListEntry, WaitingStatus

from ..factories import CitizenFactory
from .conftest import at
from .factories import StayFactory

pytestmark = pytest.mark.django_db


def test_reference_data_has_8_stay_types_17_temporary_and_2_acute_beds(db):
    assert StayType.objects.filter(is_acute=False).count() == 8
    assert StayType.objects.get(code="akut").max_days == 3
    assert Bed.objects.filter(kind="temporary").count() == 17
    assert Bed.objects.filter(kind="acute").count() == 2
    assert StayType.objects.get(code="rehabilitering").standard_days == 21


def test_assign_fills_planned_end_from_the_type_and_writes_history(visitator, citizen_vest, bed, training):
    stay = services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-02 10:00"), by=visitator
    )
    assert stay.ends_at == at("2026-03-16 10:00")
    event = StayEvent.objects.get(stay=stay)
    assert (event.kind, event.by, event.bed) == (StayEventKind.ASSIGNED, visitator, bed)
    assert JournalEntry.objects.filter(citizen=citizen_vest, kind="visitation").count() == 1


def test_touching_stays_are_allowed(visitator, citizen_vest, citizen_oest, bed, training):
    services.assign_bed(
        bed=bed,
        citizen=citizen_vest,
        stay_type=training,
        starts_at=at("2026-03-01 10:00"),
        ends_at=at("2026-03-10 10:00"),
        by=visitator,
    )
    services.assign_bed(
        bed=bed,
        citizen=citizen_oest,
        stay_type=training,
        starts_at=at("2026-03-10 10:00"),
        ends_at=at("2026-03-15 10:00"),
        by=visitator,
    )
    assert Stay.objects.filter(bed=bed).count() == 2


def test_overlapping_stay_on_same_bed_is_refused(visitator, citizen_vest, citizen_oest, bed, training):
    services.assign_bed(
        bed=bed,
        citizen=citizen_vest,
        stay_type=training,
        starts_at=at("2026-03-01 10:00"),
        ends_at=at("2026-03-10 10:00"),
        by=visitator,
    )
    with pytest.raises(services.BedTaken) as exc:
        services.assign_bed(
            bed=bed,
            citizen=citizen_oest,
            stay_type=training,
            starts_at=at("2026-03-10 09:59"),
            ends_at=at("2026-03-12 10:00"),
            by=visitator,
        )
    assert "allerede optaget" in exc.value.message_dict["bed"][0]
    assert Stay.objects.count() == 1


def test_citizen_already_in_a_bed_is_refused(visitator, citizen_vest, bed, bed2, training):
    services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-01 10:00"), by=visitator
    )
    with pytest.raises(ValidationError) as exc:
        services.assign_bed(
            bed=bed2, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-05 10:00"), by=visitator
        )
    assert "citizen" in exc.value.message_dict
    assert Stay.objects.count() == 1


def test_longer_than_standard_needs_a_reason(visitator, citizen_vest, bed, training):
    kwargs = {
        "bed": bed,
        "citizen": citizen_vest,
        "stay_type": training,
        "starts_at": at("2026-03-01 10:00"),
        "ends_at": at("2026-03-20 10:00"),
        "by": visitator,
    }
    with pytest.raises(ValidationError) as exc:
        services.assign_bed(**kwargs)
    assert "begrundelse" in exc.value.message_dict["reason"][0]
    assert not Stay.objects.exists()
    services.assign_bed(reason="Venter på plejeseng", **kwargs)
    assert Stay.objects.count() == 1


def test_acute_stay_at_most_3_days(akut_nurse, citizen_vest, acute_bed, acute_type):
    with pytest.raises(ValidationError) as exc:
        services.assign_bed(
            bed=acute_bed,
            citizen=citizen_vest,
            stay_type=acute_type,
            starts_at=at("2026-03-01 10:00"),
            ends_at=at("2026-03-04 10:01"),
            reason="x",
            by=akut_nurse,
        )
    assert "højst vare 3 døgn" in exc.value.message_dict["ends_at"][0]
    stay = services.assign_bed(
        bed=acute_bed,
        citizen=citizen_vest,
        stay_type=acute_type,
        starts_at=at("2026-03-01 10:00"),
        by=akut_nurse,
    )
    assert stay.ends_at == at("2026-03-04 10:00")
    with pytest.raises(ValidationError):
        services.change_end(stay, new_end=at("2026-03-05 10:00"), reason="Stadig dårlig", by=akut_nurse)


def test_only_the_akutteam_assigns_acute_beds_and_only_visitators_temporary(
    visitator, nurse, akut_nurse, citizen_vest, acute_bed, bed, acute_type, training
):
    with pytest.raises(PermissionDenied):
        services.assign_bed(
            bed=acute_bed,
            citizen=citizen_vest,
            stay_type=acute_type,
            starts_at=at("2026-03-01 10:00"),
            by=visitator,
        )
    with pytest.raises(PermissionDenied):
        services.assign_bed(
            bed=acute_bed,
            citizen=citizen_vest,
            stay_type=acute_type,
            starts_at=at("2026-03-01 10:00"),
            by=nurse,
        )  # a nurse, but not in Akutteamet
    with pytest.raises(PermissionDenied):
        services.assign_bed(
            bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-01 10:00"), by=akut_nurse
        )


def test_acute_type_not_in_temporary_bed(visitator, citizen_vest, bed, acute_type):
    with pytest.raises(ValidationError) as exc:
        services.assign_bed(
            bed=bed,
            citizen=citizen_vest,
            stay_type=acute_type,
            starts_at=at("2026-03-01 10:00"),
            by=visitator,
        )
    assert "stay_type" in exc.value.message_dict


def test_extend_checks_the_next_stay_and_keeps_history(visitator, citizen_vest, citizen_oest, bed, training):
    first = services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-01 10:00"), by=visitator
    )
    services.assign_bed(
        bed=bed, citizen=citizen_oest, stay_type=training, starts_at=at("2026-03-18 10:00"), by=visitator
    )
    with pytest.raises(services.BedTaken):
        services.change_end(first, new_end=at("2026-03-19 10:00"), reason="Afventer bolig", by=visitator)
    with pytest.raises(ValidationError) as exc:
        services.change_end(first, new_end=at("2026-03-17 10:00"), reason="", by=visitator)
    assert "reason" in exc.value.message_dict
    services.change_end(first, new_end=at("2026-03-18 10:00"), reason="Afventer bolig", by=visitator)
    first.refresh_from_db()
    assert first.ends_at == at("2026-03-18 10:00")
    event = first.events.last()
    assert (event.kind, event.old_end, event.new_end, event.reason) == (
        StayEventKind.EXTENDED,
        at("2026-03-15 10:00"),
        at("2026-03-18 10:00"),
        "Afventer bolig",
    )


def test_end_early_and_discharge(visitator, citizen_vest, bed, training):
    stay = services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-01 10:00"), by=visitator
    )
    services.end_stay(
        stay, at=at("2026-03-05 14:00"), reason="Indlagt på sygehus", by=visitator, discharge=False
    )
    stay.refresh_from_db()
    assert stay.ends_at == at("2026-03-05 14:00") and stay.discharged_at
    assert [e.kind for e in stay.events.all()] == [StayEventKind.ASSIGNED, StayEventKind.ENDED_EARLY]
    with pytest.raises(ValidationError):
        services.end_stay(stay, at=at("2026-03-06 14:00"), reason="igen", by=visitator)


def test_move_splits_the_stay_at_the_move_time(visitator, citizen_vest, bed, bed2, training):
    stay = services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-01 10:00"), by=visitator
    )
    new = services.move_stay(
        stay, to_bed=bed2, at=at("2026-03-04 12:00"), reason="Enestue ønsket", by=visitator
    )
    stay.refresh_from_db()
    assert (stay.bed, stay.ends_at) == (bed, at("2026-03-04 12:00"))
    assert (new.bed, new.starts_at, new.ends_at, new.moved_from) == (
        bed2,
        at("2026-03-04 12:00"),
        at("2026-03-15 10:00"),
        stay,
    )
    assert stay.events.last().kind == StayEventKind.MOVED_OUT
    assert new.events.get().kind == StayEventKind.MOVED_IN


def test_move_to_an_occupied_bed_is_refused(visitator, citizen_vest, citizen_oest, bed, bed2, training):
    stay = services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-01 10:00"), by=visitator
    )
    services.assign_bed(
        bed=bed2, citizen=citizen_oest, stay_type=training, starts_at=at("2026-03-08 10:00"), by=visitator
    )
    with pytest.raises(services.BedTaken):
        services.move_stay(stay, to_bed=bed2, at=at("2026-03-04 12:00"), reason="x", by=visitator)
    assert Stay.objects.count() == 2


def test_assigning_places_the_citizen_from_the_waiting_list(visitator, citizen_vest, bed, training):
    entry = services.add_to_waiting_list(citizen=citizen_vest, stay_type=training, priority=2, by=visitator)
    with pytest.raises(ValidationError):
        services.add_to_waiting_list(citizen=citizen_vest, stay_type=training, priority=2, by=visitator)
    stay = services.assign_bed(
        bed=bed,
        citizen=citizen_vest,
        stay_type=training,
        starts_at=at("2026-03-01 10:00"),
        by=visitator,
        waiting_entry=entry,
    )
    entry.refresh_from_db()
    assert (entry.status, entry.stay) == (WaitingStatus.PLACED, stay)


def test_waiting_list_order_is_priority_then_date(visitator, org, training):
    a, b, c = (CitizenFactory(units=[org.vest1]) for _ in range(3))
    WaitingListEntry.objects.create(
        citizen=a, stay_type=training, priority=3, granted_on="2026-01-01", created_by=visitator
    )
    WaitingListEntry.objects.create(
        citizen=b, stay_type=training, priority=1, granted_on="2026-01-05", created_by=visitator
    )
    WaitingListEntry.objects.create(
        citizen=c, stay_type=training, priority=1, granted_on="2026-01-02", created_by=visitator
    )
    assert [e.citizen for e in WaitingListEntry.objects.waiting()] == [c, b, a]
    assert services.first_waiting().citizen == c


def test_stay_history_is_never_changed(visitator, citizen_vest, bed, training):
    stay = services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-01 10:00"), by=visitator
    )
    event = stay.events.get()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraints exist on PostgreSQL")
def test_database_refuses_overlap_even_without_the_service(visitator, citizen_vest, citizen_oest, bed):
    StayFactory(
        bed=bed, citizen=citizen_vest, starts_at=at("2026-03-01 10:00"), ends_at=at("2026-03-10 10:00")
    )
    StayFactory(
        bed=bed, citizen=citizen_oest, starts_at=at("2026-03-10 10:00"), ends_at=at("2026-03-11 10:00")
    )
    with pytest.raises(IntegrityError, match="bed_no_overlap"), transaction.atomic():
        StayFactory(bed=bed, starts_at=at("2026-03-09 10:00"), ends_at=at("2026-03-09 12:00"))
    with pytest.raises(IntegrityError, match="citizen_no_overlap"), transaction.atomic():
        StayFactory(
            bed=Bed.objects.get(label="T05"),
            citizen=citizen_vest,
            starts_at=at("2026-03-09 10:00"),
            ends_at=at("2026-03-09 12:00"),
        )
