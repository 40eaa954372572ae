"""Placement rules, meeting generation and due dates, reminders, hiring, scope."""

import threading
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from carecore.models import Notification
from students import services
from students.models import (
    ApplicantStage,
    Meeting,
    MeetingKind,
    MeetingState,
    PayBasis,
    Placement,
    Trainee,
    UnitCapacity,
    meeting_dates,
)
from students.tasks import meeting_reminders

from .factories import ApplicantFactory, TraineeFactory, place

pytestmark = pytest.mark.django_db


def add(
    trainee,
    coordinator,
    unit,
    supervisor=None,
    starts_on=date(2026, 3, 2),
    ends_on=date(2026, 5, 31),
    reason="",
):
    return services.add_placement(
        trainee,
        coordinator,
        unit=unit,
        supervisor=supervisor,
        starts_on=starts_on,
        ends_on=ends_on,
        setting="home_care",
        over_limit_reason=reason,
    )


def test_meeting_due_dates_first_week_midway_last_week():
    dates = meeting_dates(date(2026, 3, 2), date(2026, 5, 31))
    assert dates[MeetingKind.EXPECTATION] == (date(2026, 3, 2), date(2026, 3, 8))
    assert dates[MeetingKind.MIDWAY][1] == date(2026, 4, 16)
    assert dates[MeetingKind.FINAL] == (date(2026, 5, 25), date(2026, 5, 31))


def test_placement_creates_three_meetings_once(coordinator, supervisor, org):
    trainee = TraineeFactory()
    placement, warnings = add(trainee, coordinator, org.vest2, supervisor)
    assert warnings == []
    kinds = dict(placement.meetings.values_list("kind", "due_on"))
    assert kinds == {"expectation": date(2026, 3, 8), "midway": date(2026, 4, 16), "final": date(2026, 5, 31)}
    services.generate_meetings(placement)
    assert Meeting.objects.count() == 3


def test_placement_outside_programme_is_refused(coordinator, org):
    trainee = TraineeFactory(start_date=date(2026, 2, 1), expected_end=date(2027, 3, 1))
    with pytest.raises(ValidationError) as exc:
        add(trainee, coordinator, org.vest1, starts_on=date(2026, 1, 10), ends_on=date(2026, 3, 1))
    assert "starts_on" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        add(trainee, coordinator, org.vest1, starts_on=date(2027, 1, 10), ends_on=date(2027, 4, 1))
    assert "ends_on" in exc.value.error_dict
    assert not Placement.objects.exists() and not Meeting.objects.exists()


def test_overlapping_placements_for_one_trainee_are_refused(coordinator, org):
    trainee = TraineeFactory()
    add(trainee, coordinator, org.vest1)
    with pytest.raises(ValidationError) as exc:
        add(trainee, coordinator, org.vest2, starts_on=date(2026, 5, 1), ends_on=date(2026, 7, 1))
    assert "starts_on" in exc.value.error_dict
    assert Placement.objects.count() == 1
    # the day after is fine
    add(trainee, coordinator, org.vest2, starts_on=date(2026, 6, 1), ends_on=date(2026, 7, 1))


def test_end_before_start_is_refused(coordinator, org):
    with pytest.raises(ValidationError) as exc:
        add(TraineeFactory(), coordinator, org.vest1, starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1))
    assert "ends_on" in exc.value.error_dict
    assert not Placement.objects.exists()


def test_supervisor_limit_needs_a_reason(coordinator, supervisor, org):
    add(TraineeFactory(), coordinator, org.vest2, supervisor)
    add(TraineeFactory(), coordinator, org.vest2, supervisor, starts_on=date(2026, 4, 1))
    third = TraineeFactory()
    with pytest.raises(ValidationError) as exc:
        add(third, coordinator, org.vest2, supervisor, starts_on=date(2026, 5, 1), ends_on=date(2026, 6, 30))
    assert "supervisor" in exc.value.error_dict
    assert Placement.objects.count() == 2
    placement, _w = add(
        third,
        coordinator,
        org.vest2,
        supervisor,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 6, 30),
        reason="Sygdom hos anden vejleder",
    )
    assert placement.over_limit_reason == "Sygdom hos anden vejleder"


def test_supervisor_limit_counts_trainees_at_once_not_in_total(coordinator, supervisor, org):
    add(
        TraineeFactory(),
        coordinator,
        org.vest2,
        supervisor,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
    )
    add(
        TraineeFactory(),
        coordinator,
        org.vest2,
        supervisor,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 4, 30),
    )
    # overlaps both, but never more than one of them at a time: 2 at once is within the limit
    add(
        TraineeFactory(),
        coordinator,
        org.vest2,
        supervisor,
        starts_on=date(2026, 3, 15),
        ends_on=date(2026, 4, 15),
    )


def test_supervisor_limit_is_a_setting(coordinator, supervisor, org, settings):
    settings.OMSORG = {**settings.OMSORG, "TRAINEE_SUPERVISOR_LIMIT": 1}
    add(TraineeFactory(), coordinator, org.vest2, supervisor)
    with pytest.raises(ValidationError):
        add(TraineeFactory(), coordinator, org.vest2, supervisor)


def test_unit_over_capacity_is_warned_not_refused(coordinator, org):
    UnitCapacity.objects.create(unit=org.vest1, capacity=1)
    assert add(TraineeFactory(), coordinator, org.vest1)[1] == []
    placement, warnings = add(TraineeFactory(), coordinator, org.vest1)
    assert placement.pk and len(warnings) == 1 and "kapacitet på 1" in warnings[0]


def test_meeting_state_planned_due_overdue_held(org):
    placement = place(TraineeFactory(), org.vest1)
    meeting = placement.meetings.get(kind=MeetingKind.EXPECTATION)
    assert meeting.state(date(2026, 3, 1)) == MeetingState.PLANNED
    assert meeting.state(date(2026, 3, 5)) == MeetingState.DUE
    assert meeting.state(date(2026, 3, 9)) == MeetingState.OVERDUE
    meeting.held_on = date(2026, 3, 4)
    assert meeting.state(date(2026, 3, 9)) == MeetingState.HELD


def test_final_minutes_need_goals_met(org, supervisor):
    placement = place(TraineeFactory(), org.vest1, supervisor)
    final = placement.meetings.get(kind=MeetingKind.FINAL)
    with time_machine.travel(datetime(2026, 6, 2, 10, 0)), pytest.raises(ValidationError):
        services.record_minutes(
            final,
            supervisor,
            held_on=date(2026, 5, 29),
            attendees="Elev, vejleder",
            goals_discussed="Mål",
            agreements="",
        )
    final.refresh_from_db()
    assert final.held_on is None


@time_machine.travel(datetime(2026, 3, 1, 6, 30), tick=False)
def test_reminders_go_to_supervisor_and_coordinator_once(org, supervisor, coordinator):
    trainee = TraineeFactory(contact_person=coordinator)
    place(trainee, org.vest1, supervisor)
    assert meeting_reminders() == 2  # the expectation meeting is a week away: "soon" to both
    assert meeting_reminders() == 2
    assert Notification.objects.count() == 2
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "elevvejleder",
        "elevkoordinator",
    }
    assert "Forventningssamtale" in Notification.objects.first().title
    with time_machine.travel(datetime(2026, 3, 9, 6, 30), tick=False):
        meeting_reminders()
        meeting_reminders()
    # a "due" notice for the expectation meeting, nothing for midway yet (due 16 April)
    assert Notification.objects.filter(key__endswith=":due").count() == 2
    assert Notification.objects.count() == 4


@time_machine.travel(datetime(2026, 3, 9, 6, 30), tick=False)
def test_no_reminder_for_held_meeting(org, supervisor, coordinator):
    placement = place(TraineeFactory(contact_person=coordinator), org.vest1, supervisor)
    placement.meetings.filter(kind=MeetingKind.EXPECTATION).update(held_on=date(2026, 3, 4))
    assert meeting_reminders() == 0
    assert not Notification.objects.exists()


def test_reminder_without_contact_person_goes_to_all_coordinators(org, supervisor, coordinator):
    place(TraineeFactory(contact_person=None), org.vest1, None)
    with time_machine.travel(datetime(2026, 3, 9, 6, 30), tick=False):
        meeting_reminders()
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"elevkoordinator"}


def test_hired_applicant_becomes_trainee_in_one_step(coordinator):
    applicant = ApplicantFactory(
        stage=ApplicantStage.OFFERED, first_name="Sanne", last_name="Lund", phone="22334455"
    )
    trainee = services.hire_applicant(
        applicant,
        coordinator,
        cpr="010190-1234",
        intake="2026-08",
        start_date=date(2026, 8, 3),
        expected_end=date(2027, 10, 1),
        pay_basis=PayBasis.ADULT,
    )
    applicant.refresh_from_db()
    assert applicant.stage == ApplicantStage.HIRED and applicant.trainee == trainee
    assert (
        trainee.first_name,
        trainee.last_name,
        trainee.phone,
        trainee.programme,
        trainee.contact_person,
    ) == ("Sanne", "Lund", "22334455", applicant.programme, coordinator)
    with pytest.raises(ValidationError):
        services.hire_applicant(
            applicant,
            coordinator,
            cpr="010190-1234",
            intake="2026-08",
            start_date=date(2026, 9, 3),
            expected_end=date(2027, 10, 1),
            pay_basis=PayBasis.ADULT,
        )
    assert Trainee.objects.count() == 1


def test_applicant_not_offered_cannot_be_hired(coordinator):
    applicant = ApplicantFactory(stage=ApplicantStage.INTERVIEW)
    with pytest.raises(ValidationError):
        services.hire_applicant(
            applicant,
            coordinator,
            cpr="010190-1234",
            intake="2026-08",
            start_date=date(2026, 8, 3),
            expected_end=date(2027, 10, 1),
            pay_basis="trainee",
        )
    assert not Trainee.objects.exists()


def test_scope_coordinator_supervisor_leader(
    org, coordinator, supervisor, other_supervisor, leader_vest, ssh_vest
):
    mine = TraineeFactory()
    place(mine, org.vest2, supervisor)
    theirs = TraineeFactory()
    place(theirs, org.oest1, other_supervisor)
    unplaced = TraineeFactory()
    assert set(Trainee.objects.visible_to(coordinator)) == {mine, theirs, unplaced}
    assert set(Trainee.objects.visible_to(supervisor)) == {mine}
    assert set(Trainee.objects.visible_to(leader_vest)) == {mine}
    assert not Trainee.objects.visible_to(ssh_vest).exists()


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_cannot_overbook_one_supervisor_at_once(org, coordinator, supervisor, settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    settings.OMSORG = {**settings.OMSORG, "TRAINEE_SUPERVISOR_LIMIT": 1}
    trainees = [TraineeFactory(), TraineeFactory()]
    barrier = threading.Barrier(2)
    results = []

    def work(trainee):
        try:
            barrier.wait()
            add(trainee, coordinator, org.vest2, supervisor)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(t,)) for t in trainees]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert Placement.objects.filter(supervisor=supervisor).count() == 1


@pytest.mark.django_db(transaction=True)
def test_applicant_is_hired_once_under_concurrency(coordinator):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    applicant = ApplicantFactory(stage=ApplicantStage.OFFERED)
    barrier = threading.Barrier(2)
    results = []

    def work(n):
        try:
            barrier.wait()
            services.hire_applicant(
                applicant,
                coordinator,
                cpr=f"01019{n}-1234",
                intake="2026-08",
                start_date=date(2026, 8, 3),
                expected_end=date(2027, 10, 1),
                pay_basis="adult",
            )
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert Trainee.objects.count() == 1


def test_placement_dates_move_open_meetings(org):
    placement = place(TraineeFactory(), org.vest1)
    placement.ends_on = placement.ends_on + timedelta(days=30)
    placement.save()
    services.generate_meetings(placement)
    assert placement.meetings.get(kind=MeetingKind.FINAL).due_on == date(2026, 6, 30)


@pytest.mark.django_db(transaction=True)
def test_capacity_warning_sees_a_placement_being_made_at_the_same_moment(org, coordinator):
    """The second of two simultaneous placements in a full unit waits for the first and is warned."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    from django.db import transaction

    UnitCapacity.objects.create(unit=org.vest1, capacity=1)
    first_trainee, second_trainee = TraineeFactory(), TraineeFactory()
    first_placed, second_done = threading.Event(), threading.Event()
    second_warnings = []

    def second():
        try:
            first_placed.wait(10)
            second_warnings.extend(add(second_trainee, coordinator, org.vest1)[1])
        finally:
            second_done.set()
            connection.close()

    thread = threading.Thread(target=second)
    thread.start()
    try:
        with transaction.atomic():
            assert add(first_trainee, coordinator, org.vest1)[1] == []
            first_placed.set()
            # Commit only once the second placement waits on our lock (or has finished without waiting).
            with connection.cursor() as cursor:
                for _attempt in range(400):
                    if second_done.wait(0.025):
                        break
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                    )
                    if cursor.fetchone()[0]:
                        break
    finally:
        first_placed.set()
        thread.join()
    assert len(second_warnings) == 1 and "kapacitet på 1" in second_warnings[0]
