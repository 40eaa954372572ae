"""Plan → visit generation: recurrence, DST, idempotency, changes affect only future unstarted visits."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from homecare import services
from homecare.models import Recurrence, Visit, VisitStatus

from .factories import VisitPlanFactory

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 3, 23, 6, 0, tzinfo=CPH)  # a Monday morning


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def dates(plan):
    return sorted(Visit.objects.filter(plan=plan).values_list("date", flat=True))


def test_daily_plan_gives_fourteen_visits(frozen, citizen_vest, ssh_vest):
    plan = VisitPlanFactory(citizen=citizen_vest)
    result = services.generate_visits()
    assert result["created"] == 14
    assert dates(plan) == [date(2026, 3, 23) + timedelta(days=i) for i in range(14)]
    visit = Visit.objects.filter(plan=plan).first()
    assert visit.team == plan.team and visit.citizen == citizen_vest
    assert visit.ends_at - visit.starts_at == timedelta(minutes=30)


def test_weekly_plan_on_given_weekdays(frozen, citizen_vest):
    plan = VisitPlanFactory(citizen=citizen_vest, recurrence=Recurrence.WEEKLY, weekdays="03")  # Mon, Thu
    services.generate_visits()
    assert dates(plan) == [date(2026, 3, 23), date(2026, 3, 26), date(2026, 3, 30), date(2026, 4, 2)]


def test_every_second_week_counts_from_first_week(frozen, citizen_vest):
    # First day in the week of 16 March: visits in the weeks of 16 March, 30 March, 13 April ...
    plan = VisitPlanFactory(
        citizen=citizen_vest,
        recurrence=Recurrence.EVERY_N_WEEKS,
        weekdays="2",
        interval_weeks=2,
        starts_on=date(2026, 3, 18),
    )
    services.generate_visits(days=28)
    assert dates(plan) == [date(2026, 4, 1), date(2026, 4, 15)]


def test_dst_change_keeps_the_local_clock(frozen, citizen_vest):
    """29 March 2026: Copenhagen goes from +01:00 to +02:00; the visit stays at 07:30 on the wall clock."""
    plan = VisitPlanFactory(citizen=citizen_vest)
    services.generate_visits()
    by_day = {v.date: v for v in Visit.objects.filter(plan=plan)}
    before, after = by_day[date(2026, 3, 28)], by_day[date(2026, 3, 29)]
    assert before.starts_at.astimezone(CPH).time() == time(7, 30)
    assert after.starts_at.astimezone(CPH).time() == time(7, 30)
    assert before.starts_at.astimezone(CPH).utcoffset() == timedelta(hours=1)
    assert after.starts_at.astimezone(CPH).utcoffset() == timedelta(hours=2)
    assert after.starts_at - before.starts_at == timedelta(hours=23)


def test_nonexistent_local_time_moves_forward(citizen_vest):
    assert services.local_datetime(date(2026, 3, 29), time(2, 30)).astimezone(CPH).time() == time(3, 30)


def test_running_twice_makes_no_duplicates(frozen, citizen_vest):
    VisitPlanFactory(citizen=citizen_vest)
    services.generate_visits()
    second = services.generate_visits()
    assert second == {"created": 0, "updated": 0, "removed": 0}
    assert Visit.objects.count() == 14


def test_changed_plan_updates_future_unstarted_visits_only(citizen_vest, ssh_vest):
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        plan = VisitPlanFactory(citizen=citizen_vest)
        services.generate_visits()
    with time_machine.travel(NOW, tick=False):
        past = Visit.objects.get(plan=plan, date=date(2026, 3, 21))
        past.status, past.started_at, past.finished_at = VisitStatus.DELIVERED, past.starts_at, past.ends_at
        past.save()
        started = Visit.objects.get(plan=plan, date=date(2026, 3, 24))
        services.start_visit(started, by=ssh_vest)
        plan.window_start, plan.window_end, plan.title = time(9, 0), time(10, 0), "Senere morgenpleje"
        result = services.save_plan(plan, by=ssh_vest)
    assert result.pk == plan.pk
    past.refresh_from_db()
    started.refresh_from_db()
    assert past.title == "Morgenpleje" and past.starts_at.astimezone(CPH).time() == time(7, 30)
    assert started.title == "Morgenpleje" and started.status == VisitStatus.STARTED
    future = Visit.objects.get(plan=plan, date=date(2026, 3, 25))
    assert future.title == "Senere morgenpleje" and future.starts_at.astimezone(CPH).time() == time(9, 0)


def test_weekday_removed_from_plan_removes_future_unstarted_visits(frozen, citizen_vest, ssh_vest):
    plan = VisitPlanFactory(citizen=citizen_vest, recurrence=Recurrence.WEEKLY, weekdays="03")
    services.generate_visits()
    plan.weekdays = "0"
    services.save_plan(plan, by=ssh_vest)
    assert dates(plan) == [date(2026, 3, 23), date(2026, 3, 30)]


def test_generation_is_bulk_not_per_visit(frozen, org):
    from tests.factories import CitizenFactory

    def queries_for(n):
        Visit.objects.all().delete()
        for _ in range(n):
            VisitPlanFactory(citizen=CitizenFactory(units=[org.vest1]))
        with CaptureQueriesContext(connection) as ctx:
            services.generate_visits()
        return len(ctx)

    few = queries_for(2)
    many = queries_for(40)
    assert Visit.objects.count() == 42 * 14
    assert many == few


def test_scheduled_job_generates_and_is_registered(frozen, citizen_vest, beat_schedule):
    from homecare import tasks

    VisitPlanFactory(citizen=citizen_vest)
    assert tasks.generate_visits.apply().get()["created"] == 14
    assert tasks.generate_visits()["created"] == 0
    assert beat_schedule["homecare-generate-visits-nightly"].task == "homecare.generate_visits"
