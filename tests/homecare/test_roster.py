"""The roster (vagtplan): shifts, who works them, staff absence, wishes and swaps; planning by who is at
work; two-carer and fixed-time visits."""

import threading
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from carecore.models import Notification
from carecore.roles import Role
from homecare import roster, services
from homecare.models import Visit, VisitStatus
from homecare.roster import (
    ShiftAssignment,
    ShiftKind,
    ShiftSwap,
    ShiftWish,
    StaffAbsence,
    StaffAbsenceKind,
    SwapStatus,
)

from ..factories import make_staff
from .conftest import CPH

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 23)


@pytest.fixture
def team_staff(org):
    return [make_staff(f"vest-team-1.{i:02d}", role=Role.SSH, units=[org.vest1]) for i in range(1, 5)]


@pytest.fixture
def shifts(org):
    return {
        "day": roster.save_shift(team=org.vest1, kind=ShiftKind.DAY, starts=time(7), ends=time(15)),
        "evening": roster.save_shift(team=org.vest1, kind=ShiftKind.EVENING, starts=time(15), ends=time(23)),
        "night": roster.save_shift(team=org.vest1, kind=ShiftKind.NIGHT, starts=time(23), ends=time(7)),
    }


def _at(clock):
    return datetime.combine(DAY, clock, tzinfo=CPH)


def _visit(visit_factory, start, **plan):
    """One visit today at `start` (a wall-clock time)."""
    end = (datetime.combine(DAY, start) + timedelta(minutes=plan.pop("window", 60))).time()
    return visit_factory(start, end, **plan)


@pytest.fixture
def visit_at(org):
    from ..factories import CitizenFactory
    from .factories import VisitPlanFactory

    def _make(start, end, **plan_kwargs):
        plan = VisitPlanFactory(
            citizen=CitizenFactory(units=[org.vest1]), window_start=start, window_end=end, **plan_kwargs
        )
        services.generate_visits(plans=[plan], days=1)
        return Visit.objects.get(plan=plan)

    return _make


# --- A planned day ------------------------------------------------------------------------------
def test_a_day_planned_with_shifts_absence_two_carers_and_a_fixed_time(
    frozen, org, leader_vest, team_staff, shifts, visit_at
):
    a, b, c, sick = team_staff
    for carer in (a, b, sick):
        roster.assign_shift(shifts["day"], carer, DAY, by=leader_vest)
    roster.assign_shift(shifts["evening"], c, DAY, by=leader_vest)
    roster.record_staff_absence(
        team=org.vest1, user=sick, kind=StaffAbsenceKind.SICK, starts_on=DAY, ends_on=DAY, by=sick
    )
    morning = [_visit(visit_at, time(8, 0), duration_minutes=30) for _ in range(3)]
    hoist = _visit(visit_at, time(9, 0), carers_needed=2, duration_minutes=30)
    medicine = _visit(visit_at, time(10, 0), fixed_time=True, window=15, duration_minutes=15)
    evening = _visit(visit_at, time(17, 0), duration_minutes=30)
    early = _visit(visit_at, time(6, 30), duration_minutes=20)  # before the day shift, no night shift

    assigned, left = services.auto_assign_report(org.vest1, DAY, by=leader_vest)

    visits = {v.pk: v for v in Visit.objects.filter(date=DAY)}
    # Three 08:00 visits, two carers on the day shift: one is left; nobody works at 06:30. Each says why.
    why = {v.pk: reason for v, reason in left}
    assert len(why) == 2 and len(set(why) & {v.pk for v in morning}) == 1
    assert why[early.pk] == "ingen hjælper på vagt"
    assert "alle på vagt er optaget" in why.values()
    assert assigned == len(visits) - len(left)
    assert visits[hoist.pk].assigned_to_id and visits[hoist.pk].second_carer_id
    assert visits[hoist.pk].assigned_to_id != visits[hoist.pk].second_carer_id
    assert visits[medicine.pk].assigned_to_id in (a.pk, b.pk)
    assert visits[evening.pk].assigned_to_id == c.pk
    day_roster = roster.DayRoster(org.vest1, DAY, [s.pk for s in team_staff])
    busy = {}
    for v in visits.values():
        for carer_id in (v.assigned_to_id, v.second_carer_id):
            if carer_id is None:
                continue
            assert carer_id != sick.pk
            assert day_roster.at_work(carer_id, v.starts_at, v.ends_at), "carer off shift"
            for s, e in busy.get(carer_id, []):
                assert not (s < v.ends_at and v.starts_at < e), "carer double-booked"
            busy.setdefault(carer_id, []).append((v.starts_at, v.ends_at))


def test_carer_off_shift_is_refused_with_the_reason(frozen, org, leader_vest, team_staff, shifts, visit_at):
    a, b, *_ = team_staff
    roster.assign_shift(shifts["day"], a, DAY, by=leader_vest)
    roster.assign_shift(shifts["evening"], b, DAY, by=leader_vest)
    visit = _visit(visit_at, time(8, 0))
    with pytest.raises(ValidationError, match="er ikke på vagt 08:00–08:30"):
        services.assign_visit(visit, b)
    assert Visit.objects.get().assigned_to is None
    services.assign_visit(visit, a)


def test_absent_carer_is_refused_even_without_a_roster(frozen, org, leader_vest, team_staff, visit_at):
    carer = team_staff[0]
    roster.record_staff_absence(
        team=org.vest1,
        user=carer,
        kind=StaffAbsenceKind.HOLIDAY,
        starts_on=DAY,
        ends_on=DAY + timedelta(days=3),
        by=leader_vest,
    )
    with pytest.raises(ValidationError, match="er fraværende \\(ferie\\) den 23.03.2026"):
        services.assign_visit(_visit(visit_at, time(8, 0)), carer)


def test_sick_call_sends_the_carers_visits_back_to_planning(frozen, org, team_staff, visit_at):
    carer = team_staff[0]
    visit = _visit(visit_at, time(8, 0))
    services.assign_visit(visit, carer)
    _absence, freed = roster.record_staff_absence(
        team=org.vest1, user=carer, kind=StaffAbsenceKind.SICK, starts_on=DAY, ends_on=DAY, by=carer
    )
    assert freed == 1 and Visit.objects.get().assigned_to is None


def test_carer_cannot_record_holiday_or_others_absence(org, team_staff):
    me, other, *_ = team_staff
    for user, kind in ((me, StaffAbsenceKind.HOLIDAY), (other, StaffAbsenceKind.SICK)):
        with pytest.raises(ValidationError, match="Kun lederen"):
            roster.record_staff_absence(
                team=org.vest1, user=user, kind=kind, starts_on=DAY, ends_on=DAY, by=me
            )
    assert not StaffAbsence.objects.exists()


# --- Rules in the database ----------------------------------------------------------------------
def test_overlapping_shifts_of_one_person_are_refused(org, leader_vest, team_staff, shifts):
    carer = team_staff[0]
    early = roster.save_shift(team=org.vest2, kind=ShiftKind.DAY, starts=time(6), ends=time(14))
    roster.assign_shift(shifts["night"], carer, DAY, by=leader_vest)  # 23:00 - 07:00 next day
    with pytest.raises(ValidationError, match="har allerede natvagt den 23.03.2026"):
        roster.assign_shift(early, carer, DAY + timedelta(days=1), by=leader_vest)
    roster.assign_shift(shifts["day"], carer, DAY + timedelta(days=1), by=leader_vest)  # touching is fine
    assert ShiftAssignment.objects.count() == 2


def test_rostering_in_bulk_keeps_the_overlap_rule(
    org, leader_vest, team_staff, shifts, django_assert_max_num_queries
):
    """assign_shifts (the demo's and the bench's roster seeding): many rows in a few queries, and an
    overlap within the rows or with a shift already there is refused with nothing saved."""
    days = [DAY + timedelta(days=i) for i in range(14)]
    rows = [
        (shifts["day"] if n % 2 else shifts["evening"], carer, d)
        for n, carer in enumerate(team_staff)
        for d in days
    ]
    with django_assert_max_num_queries(5):
        made = roster.assign_shifts(rows, by=leader_vest)
    assert len(made) == ShiftAssignment.objects.count() == 4 * 14
    first = ShiftAssignment.objects.get(user=team_staff[1], date=DAY)
    assert (first.starts_at, first.ends_at) == (_at(time(7)), _at(time(15)))
    carer = team_staff[0]  # on the evening shift 15-23 every day: another team's 14-22 shift clashes
    later = DAY + timedelta(days=20)
    late = roster.save_shift(team=org.vest2, kind=ShiftKind.DAY, starts=time(14), ends=time(22))
    with pytest.raises(ValidationError, match="har allerede aftenvagt den 24.03.2026"):
        roster.assign_shifts(
            [(shifts["day"], carer, later), (late, carer, DAY + timedelta(days=1))], by=leader_vest
        )
    with pytest.raises(ValidationError, match="har allerede dagvagt den 12.04.2026"):
        roster.assign_shifts([(shifts["day"], carer, later), (shifts["day"], carer, later)], by=leader_vest)
    assert ShiftAssignment.objects.count() == 4 * 14


def test_database_refuses_overlapping_shifts_on_postgresql(org, leader_vest, team_staff, shifts):
    if connection.vendor != "postgresql":
        pytest.skip("exclusion constraints need PostgreSQL")
    carer = team_staff[0]
    first = roster.assign_shift(shifts["day"], carer, DAY, by=leader_vest)
    with pytest.raises(IntegrityError, match="shiftassignment_no_overlap"), transaction.atomic():
        ShiftAssignment.objects.create(
            shift=shifts["evening"],
            team=org.vest1,
            user=carer,
            date=DAY,
            starts_at=first.starts_at + timedelta(hours=7),
            ends_at=first.ends_at + timedelta(hours=7),
            assigned_by=leader_vest,
        )


def test_database_refuses_absence_ending_before_it_starts(org, leader_vest, team_staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffAbsence.objects.create(
            team=org.vest1,
            user=team_staff[0],
            kind=StaffAbsenceKind.SICK,
            starts_on=DAY,
            ends_on=DAY - timedelta(days=1),
            recorded_by=leader_vest,
        )


@pytest.mark.django_db(transaction=True)
def test_two_leaders_rostering_one_person_at_once_give_one_shift(org, leader_vest, team_staff, shifts):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    carer = team_staff[0]
    barrier = threading.Barrier(2)
    outcomes = []

    def assign(shift):
        try:
            barrier.wait()
            roster.assign_shift(shift, carer, DAY, by=leader_vest)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    day_and_long = roster.save_shift(team=org.vest2, kind=ShiftKind.DAY, starts=time(6), ends=time(14))
    threads = [threading.Thread(target=assign, args=(s,)) for s in (shifts["day"], day_and_long)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert ShiftAssignment.objects.filter(user=carer).count() == 1


# --- Swaps ----------------------------------------------------------------------------------------
def test_swap_approved_moves_the_shift_and_rejected_leaves_it(frozen, org, leader_vest, team_staff, shifts):
    me, colleague, *_ = team_staff
    tomorrow = DAY + timedelta(days=1)
    mine = roster.assign_shift(shifts["day"], me, tomorrow, by=leader_vest)
    swap = roster.propose_swap(mine, colleague, by=me)
    with pytest.raises(ValidationError, match="allerede tilbudt"):
        roster.propose_swap(mine, colleague, by=me)
    roster.decide_swap(swap, approve=True, by=leader_vest)
    assert ShiftAssignment.objects.get(pk=mine.pk).user == colleague
    with pytest.raises(ValidationError, match="allerede afgjort"):
        roster.decide_swap(swap, approve=False, by=leader_vest)
    other = roster.assign_shift(shifts["evening"], me, tomorrow, by=leader_vest)
    rejected = roster.decide_swap(roster.propose_swap(other, colleague, by=me), approve=False, by=leader_vest)
    assert rejected.status == SwapStatus.REJECTED and ShiftAssignment.objects.get(pk=other.pk).user == me


def test_swap_to_a_colleague_already_on_shift_is_refused(frozen, org, leader_vest, team_staff, shifts):
    me, colleague, *_ = team_staff
    tomorrow = DAY + timedelta(days=1)
    mine = roster.assign_shift(shifts["day"], me, tomorrow, by=leader_vest)
    roster.assign_shift(shifts["day"], colleague, tomorrow, by=leader_vest)
    swap = roster.propose_swap(mine, colleague, by=me)
    with pytest.raises(ValidationError, match="har allerede dagvagt"):
        roster.decide_swap(swap, approve=True, by=leader_vest)
    assert ShiftSwap.objects.get().status == SwapStatus.PROPOSED


def test_only_own_future_shifts_can_be_offered(frozen, org, leader_vest, team_staff, shifts):
    me, colleague, *_ = team_staff
    theirs = roster.assign_shift(shifts["day"], colleague, DAY + timedelta(days=1), by=leader_vest)
    with pytest.raises(ValidationError, match="dine egne vagter"):
        roster.propose_swap(theirs, me, by=me)
    started = roster.assign_shift(shifts["night"], me, DAY - timedelta(days=1), by=leader_vest)
    with pytest.raises(ValidationError, match="allerede begyndt"):
        roster.propose_swap(started, colleague, by=me)


# --- Two carers and fixed time --------------------------------------------------------------------
def test_two_carer_visit_is_delivered_when_both_finish_and_both_see_it(
    frozen, login, org, team_staff, visit_at
):
    a, b, *_ = team_staff
    visit = _visit(visit_at, time(8, 0), carers_needed=2)
    with pytest.raises(ValidationError, match="Tildel den første"):
        services.assign_visit(visit, b, second=True)
    services.assign_visit(visit, a)
    with pytest.raises(ValidationError, match="anden person"):
        services.assign_visit(visit, a, second=True)
    services.assign_visit(visit, b, second=True)
    for carer in (a, b):
        assert "To hjælpere" in login(carer).get(reverse("homecare:my_day")).content.decode()
    services.start_visit(visit, by=a)
    for index, _line, _done in visit.task_list:
        services.tick_task(visit, index)
    services.finish_visit(visit, by=a)
    assert Visit.objects.get().status == VisitStatus.STARTED
    with pytest.raises(ValidationError, match="venter på din kollega"):
        services.finish_visit(visit, by=a)
    services.finish_visit(visit, by=b)
    assert Visit.objects.get().status == VisitStatus.DELIVERED


def test_second_carer_is_never_double_booked(frozen, org, team_staff, visit_at):
    a, b, c, _ = team_staff
    hoist = _visit(visit_at, time(8, 0), carers_needed=2)
    other = _visit(visit_at, time(8, 10))
    services.assign_visit(hoist, a)
    services.assign_visit(hoist, b, second=True)
    with pytest.raises(ValidationError, match="har allerede et besøg 08:00–08:30"):
        services.assign_visit(other, b)
    services.assign_visit(other, c)


def test_one_carer_visit_refuses_a_second_carer(frozen, team_staff, visit_at):
    visit = _visit(visit_at, time(8, 0))
    services.assign_visit(visit, team_staff[0])
    with pytest.raises(ValidationError, match="kun én hjælper"):
        services.assign_visit(visit, team_staff[1], second=True)


def test_late_fixed_time_visit_alerts_the_leader_once(frozen, org, leader_vest, team_staff, visit_at):
    late = _visit(visit_at, time(8, 0), fixed_time=True, window=15)
    started = _visit(visit_at, time(8, 0), fixed_time=True, window=15)
    _visit(visit_at, time(8, 0))  # not fixed: no alert
    with time_machine.travel(_at(time(8, 14)), tick=False):
        assert services.alert_late_fixed_visits() == 0
        services.start_visit(started, by=team_staff[0])
    with time_machine.travel(_at(time(8, 16)), tick=False):
        assert services.alert_late_fixed_visits() == 1
        assert services.alert_late_fixed_visits() == 0
    note = Notification.objects.get()
    assert note.user == leader_vest and str(late.pk) in note.key
    assert note.title.startswith("Besøg på fast tid ikke startet: 08:00")


def test_fixed_time_plan_has_a_tight_window(org, leader_vest, citizen_vest):
    from .factories import VisitPlanFactory

    plan = VisitPlanFactory.build(
        citizen=citizen_vest, team=org.vest1, created_by=leader_vest, fixed_time=True, window_end=time(8, 30)
    )
    with pytest.raises(ValidationError, match="højst 15 minutter"):
        plan.full_clean()


def test_late_alert_has_its_beat_entry(beat_schedule):
    assert beat_schedule["homecare-alert-late-fixed-visits"].task == "homecare.alert_late_fixed_visits"


# --- Planning that answers ------------------------------------------------------------------------
def test_auto_assign_says_what_it_did(frozen, login, org, leader_vest, team_staff, shifts, visit_at):
    roster.assign_shift(shifts["day"], team_staff[0], DAY, by=leader_vest)
    _visit(visit_at, time(8, 0))
    _visit(visit_at, time(17, 0))
    body = (
        login(leader_vest)
        .post(
            reverse("homecare:planning_auto"),
            {"team": org.vest1.pk, "dato": "2026-03-23"},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert "1 besøg fordelt, 1 kunne ikke fordeles: 17:00" in body and "ingen hjælper på vagt" in body


def test_picker_shows_shift_delegation_and_continuity(
    frozen, login, org, leader_vest, team_staff, shifts, visit_at
):
    a, b, *_ = team_staff
    roster.assign_shift(shifts["day"], a, DAY, by=leader_vest)
    visit = _visit(visit_at, time(8, 0))
    body = login(leader_vest).get(reverse("homecare:planning"), {"team": org.vest1.pk, "dato": "2026-03-23"})
    text = body.content.decode()
    assert f"{a.get_full_name()} · på vagt" in text and f"{b.get_full_name()} · ikke på vagt" in text
    assert visit.pk


def test_assign_says_what_it_did_and_flags_off_shift(
    frozen, login, org, leader_vest, team_staff, shifts, visit_at
):
    a, b, *_ = team_staff
    roster.assign_shift(shifts["day"], a, DAY, by=leader_vest)
    visit = _visit(visit_at, time(8, 0))
    client = login(leader_vest)
    url = reverse("homecare:visit_assign", args=[visit.pk])
    body = client.post(url, {"carer": a.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert f"er givet til {a.get_full_name()}" in body
    body = client.post(url, {"carer": b.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "er ikke på vagt 08:00–08:30" in body
    assert Visit.objects.get().assigned_to == a
    ShiftAssignment.objects.filter(user=a).delete()
    roster.assign_shift(shifts["evening"], a, DAY, by=leader_vest)
    body = client.get(
        reverse("homecare:planning"), {"team": org.vest1.pk, "dato": "2026-03-23"}
    ).content.decode()
    assert "er ikke på arbejde på det tidspunkt" in body


# --- The roster page ------------------------------------------------------------------------------
def test_leader_sees_the_team_week_and_staff_see_their_own(
    frozen, login, org, leader_vest, team_staff, shifts
):
    a, b, *_ = team_staff
    roster.assign_shift(shifts["day"], a, DAY, by=leader_vest)
    roster.assign_shift(shifts["evening"], b, DAY, by=leader_vest)
    body = login(leader_vest).get(reverse("homecare:roster"), {"team": org.vest1.pk}).content.decode()
    assert a.get_full_name() in body and b.get_full_name() in body and "Sæt en medarbejder på vagt" in body
    body = login(a).get(reverse("homecare:roster")).content.decode()
    assert "Meld dig syg" in body and "Sæt en medarbejder på vagt" not in body
    assert f'<th scope="row">{b.get_full_name()}</th>' not in body


@pytest.mark.parametrize("n", [5, 50])
def test_roster_page_query_count_is_fixed(
    frozen, login, org, leader_vest, shifts, django_assert_num_queries, n
):
    people = [make_staff(f"r{i:02d}", role=Role.SSH, units=[org.vest1]) for i in range(n)]
    for i, p in enumerate(people):
        roster.assign_shift(shifts["day" if i % 2 else "evening"], p, DAY, by=leader_vest)
    for p in people[:3]:
        roster.propose_swap(ShiftAssignment.objects.get(user=p), people[-1], by=p)
    StaffAbsence.objects.create(
        team=org.vest1, user=people[0], kind="sick", starts_on=DAY, ends_on=DAY, recorded_by=leader_vest
    )
    client = login(leader_vest)
    client.get(reverse("homecare:roster"), {"team": org.vest1.pk})
    with django_assert_num_queries(11):  # the session row included
        response = client.get(reverse("homecare:roster"), {"team": org.vest1.pk})
    assert response.status_code == 200


ROSTER_POSTS = [
    ("homecare:roster_shift", {Role.SSH}),
    ("homecare:roster_assign", {Role.SSH}),
    ("homecare:roster_wish", {Role.LEADER}),
    ("homecare:roster_swap", {Role.LEADER}),
]


def test_roster_refusals(frozen, login, client, org, leader_vest, ssh_vest, nurse, ssh_oest):
    url = reverse("homecare:roster")
    assert login(nurse).get(url).status_code == 403
    assert login(ssh_vest).get(url, {"team": org.oest1.pk}).status_code == 403
    assert login(leader_vest).get(url, {"team": org.oest1.pk}).status_code == 403
    users = {Role.SSH: ssh_vest, Role.LEADER: leader_vest}
    for name, refused in ROSTER_POSTS:
        for role in refused:
            assert login(users[role]).post(reverse(name), {"team": org.vest1.pk}).status_code == 403
        assert login(nurse).post(reverse(name), {"team": org.vest1.pk}).status_code == 403
    assert login(nurse).post(reverse("homecare:roster_absence"), {"team": org.vest1.pk}).status_code == 403
    assert (
        login(leader_vest).post(reverse("homecare:roster_absence"), {"team": org.oest1.pk}).status_code == 403
    )
    client.logout()
    for name in ("homecare:roster", "homecare:roster_absence", *[n for n, _ in ROSTER_POSTS]):
        response = client.post(reverse(name), {"team": org.vest1.pk})
        assert response.status_code == 302


def test_swap_decision_refusals(frozen, login, client, org, leader_vest, team_staff, ssh_vest, shifts):
    me, colleague, *_ = team_staff
    swap = roster.propose_swap(
        roster.assign_shift(shifts["day"], me, DAY + timedelta(days=1), by=leader_vest), colleague, by=me
    )
    url = reverse("homecare:roster_swap_decide", args=[swap.pk])
    assert login(me).post(url, {"decision": "approve"}).status_code == 403
    leader_oest = make_staff("leder.oest", role=Role.LEADER, leader_of=[org.oest])
    assert login(leader_oest).post(url, {"decision": "approve"}).status_code == 403
    client.logout()
    assert client.post(url, {"decision": "approve"}).status_code == 302
    assert ShiftSwap.objects.get().status == SwapStatus.PROPOSED
    assert login(leader_vest).post(url, {"decision": "approve"}).status_code == 302
    assert ShiftSwap.objects.get().status == SwapStatus.APPROVED


# --- Bad input, each form -----------------------------------------------------------------------
def _post(client, name, data, org):
    return client.post(reverse(name), {"team": org.vest1.pk, "dato": "2026-03-23", **data})


def test_shift_form_refuses_a_shift_without_length(frozen, login, org, leader_vest):
    body = _post(
        login(leader_vest), "homecare:roster_shift", {"kind": "day", "starts": "07:00", "ends": "07:00"}, org
    )
    assert "En vagt skal slutte på et andet tidspunkt" in body.content.decode()
    body = _post(
        login(leader_vest), "homecare:roster_shift", {"kind": "lunch", "starts": "25:00", "ends": ""}, org
    )
    assert body.status_code == 200 and 'id="shift_ends_error"' in body.content.decode()
    assert not roster.Shift.objects.exists()
    assert (
        _post(
            login(leader_vest),
            "homecare:roster_shift",
            {"kind": "day", "starts": "07:00", "ends": "15:00"},
            org,
        ).status_code
        == 302
    )


def test_assign_form_refuses_bad_periods_and_overlaps(frozen, login, org, leader_vest, team_staff, shifts):
    client = login(leader_vest)
    carer = team_staff[0]
    data = {"user": carer.pk, "shift": shifts["day"].pk, "first_day": "2026-03-23"}
    body = _post(client, "homecare:roster_assign", {**data, "last_day": "2026-03-20"}, org).content.decode()
    assert "Sidste dag ligger før første dag." in body
    body = _post(client, "homecare:roster_assign", {**data, "last_day": "2026-06-20"}, org).content.decode()
    assert "Læg højst 31 dage ind ad gangen." in body
    body = _post(client, "homecare:roster_assign", {**data, "first_day": "99999-01-01"}, org).content.decode()
    assert 'id="assign_first_day_error"' in body
    assert not ShiftAssignment.objects.exists()
    assert _post(client, "homecare:roster_assign", {**data, "last_day": "2026-03-25"}, org).status_code == 302
    assert ShiftAssignment.objects.count() == 3
    body = _post(client, "homecare:roster_assign", {**data, "first_day": "2026-03-24"}, org)
    assert "har allerede dagvagt den 24.03.2026" in body.content.decode()
    assert ShiftAssignment.objects.count() == 3
    outsider = make_staff("oest.x", role=Role.SSH, units=[org.oest1])
    body = _post(client, "homecare:roster_assign", {**data, "user": outsider.pk}, org).content.decode()
    assert 'id="assign_user_error"' in body and ShiftAssignment.objects.count() == 3


def test_absence_form_refuses_an_end_before_the_start(frozen, login, org, leader_vest, team_staff):
    data = {"user": team_staff[0].pk, "kind": "holiday", "starts_on": "2026-03-23", "ends_on": "2026-03-22"}
    body = _post(login(leader_vest), "homecare:roster_absence", data, org).content.decode()
    assert "Fraværet kan ikke slutte, før det begynder." in body and 'id="absence_ends_on_error"' in body
    assert not StaffAbsence.objects.exists()
    data["ends_on"] = "2026-03-29"
    assert _post(login(leader_vest), "homecare:roster_absence", data, org).status_code == 302
    assert StaffAbsence.objects.get().kind == StaffAbsenceKind.HOLIDAY


def test_carer_sick_call_only_for_themselves(frozen, login, org, team_staff):
    me, other, *_ = team_staff
    client = login(me)
    data = {"user": other.pk, "kind": "sick", "starts_on": "2026-03-23", "ends_on": "2026-03-23"}
    assert 'id="absence_user_error"' in _post(client, "homecare:roster_absence", data, org).content.decode()
    body = _post(client, "homecare:roster_absence", {**data, "user": me.pk, "kind": "holiday"}, org)
    assert 'id="absence_kind_error"' in body.content.decode()
    assert not StaffAbsence.objects.exists()
    assert _post(client, "homecare:roster_absence", {**data, "user": me.pk}, org).status_code == 302
    assert StaffAbsence.objects.get().user == me


def test_wish_form_refuses_past_days_and_nonsense(frozen, login, org, team_staff):
    client = login(team_staff[0])
    body = _post(client, "homecare:roster_wish", {"date": "2026-03-20", "kind": "day", "wants": "1"}, org)
    assert "Ønsker gælder kommende dage." in body.content.decode()
    body = _post(
        client, "homecare:roster_wish", {"date": "x", "kind": "brunch", "wants": "7"}, org
    ).content.decode()
    assert 'id="wish_kind_error"' in body and 'id="wish_wants_error"' in body
    assert not ShiftWish.objects.exists()
    assert (
        _post(
            client, "homecare:roster_wish", {"date": "2026-03-25", "kind": "night", "wants": "0"}, org
        ).status_code
        == 302
    )
    assert ShiftWish.objects.get().wants is False


def test_swap_form_refuses_others_shifts_and_oneself(frozen, login, org, leader_vest, team_staff, shifts):
    me, colleague, *_ = team_staff
    mine = roster.assign_shift(shifts["day"], me, DAY + timedelta(days=1), by=leader_vest)
    theirs = roster.assign_shift(shifts["day"], colleague, DAY + timedelta(days=2), by=leader_vest)
    client = login(me)
    body = _post(client, "homecare:roster_swap", {"assignment": theirs.pk, "colleague": colleague.pk}, org)
    assert 'id="swap_assignment_error"' in body.content.decode()
    body = _post(client, "homecare:roster_swap", {"assignment": mine.pk, "colleague": me.pk}, org)
    assert 'id="swap_colleague_error"' in body.content.decode()
    assert not ShiftSwap.objects.exists()
    assert (
        _post(
            client, "homecare:roster_swap", {"assignment": mine.pk, "colleague": colleague.pk}, org
        ).status_code
        == 302
    )
    assert ShiftSwap.objects.get().colleague == colleague


def test_swap_decision_refuses_an_unknown_decision(frozen, login, org, leader_vest, team_staff, shifts):
    me, colleague, *_ = team_staff
    swap = roster.propose_swap(
        roster.assign_shift(shifts["day"], me, DAY + timedelta(days=1), by=leader_vest), colleague, by=me
    )
    response = login(leader_vest).post(
        reverse("homecare:roster_swap_decide", args=[swap.pk]), {"decision": "maybe"}, follow=True
    )
    assert "Vælg godkend eller afvis." in response.content.decode()
    assert ShiftSwap.objects.get().status == SwapStatus.PROPOSED


@pytest.mark.parametrize(
    "overrides, error",
    [
        ({"carers_needed": "3"}, 'id="id_carers_needed_error"'),
        ({"fixed_time": "on"}, "Et besøg på fast tid har et tidsvindue på højst 15 minutter."),
    ],
)
def test_plan_form_refuses_three_carers_and_a_loose_fixed_time(
    frozen, login, leader_vest, citizen_vest, org, overrides, error
):
    from homecare.models import VisitPlan

    from .test_leader_pages import plan_data

    url = reverse("homecare:citizen_plans", args=[citizen_vest.pk])
    response = login(leader_vest).post(url, plan_data(org, **overrides))
    assert response.status_code == 200 and error in response.content.decode()
    assert not VisitPlan.objects.exists()
    data = plan_data(org, carers_needed="2", fixed_time="on", window_end="07:45")
    assert login(leader_vest).post(url, data).status_code == 302
    plan = VisitPlan.objects.get()
    assert plan.carers_needed == 2 and plan.fixed_time
    assert Visit.objects.filter(plan=plan, carers_needed=2, fixed_time=True).exists()
