"""Beat keeps its memory in the database: a run missed while beat (or the broker) was down runs once when it
is back, the nightly jobs and the monthly DPSD report included, and it goes out through the outbox."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from carecore.beat import DatabaseScheduler
from carecore.models import OutboxMessage, ScheduledRun
from config.celery import app

CPH = ZoneInfo("Europe/Copenhagen")
pytestmark = pytest.mark.django_db


def start_beat_and_run_what_is_due():
    app.finalize()  # as `celery beat` does once Django is set up: the apps' beat entries are read then
    scheduler = DatabaseScheduler(app=app)
    for _ in range(50):  # one due entry per tick; a positive answer means nothing more is due now
        if scheduler.tick() > 0:
            break
    return scheduler


def test_runs_missed_while_beat_was_down_are_made_up_once():
    ScheduledRun.objects.bulk_create(
        [
            ScheduledRun(
                name="homecare-generate-visits-nightly", last_run_at=datetime(2026, 3, 20, 1, 30, tzinfo=CPH)
            ),
            ScheduledRun(name="incidents-dpsd-monthly", last_run_at=datetime(2026, 2, 2, 3, 0, tzinfo=CPH)),
            ScheduledRun(
                name="rehab-remind-follow-ups-daily", last_run_at=datetime(2026, 3, 23, 6, 30, tzinfo=CPH)
            ),
        ]
    )
    with time_machine.travel(datetime(2026, 3, 23, 9, 0, tzinfo=CPH), tick=False):
        start_beat_and_run_what_is_due()
        # three nightly runs of visit generation and the March DPSD report were missed: each runs once
        assert sorted(OutboxMessage.objects.values_list("task_name", flat=True)) == [
            "homecare.generate_visits",
            "incidents.monthly_dpsd_report",
        ]
        assert ScheduledRun.objects.get(name="incidents-dpsd-monthly").last_run_at == datetime(
            2026, 3, 23, 9, 0, tzinfo=CPH
        )
        start_beat_and_run_what_is_due()  # beat restarted again the same morning: nothing more
        assert OutboxMessage.objects.count() == 2


def test_a_new_entry_starts_counting_when_beat_first_sees_it():
    with time_machine.travel(datetime(2026, 3, 23, 9, 0, tzinfo=CPH), tick=False):
        start_beat_and_run_what_is_due()
    assert not OutboxMessage.objects.exists()
    assert ScheduledRun.objects.filter(name="incidents-dpsd-monthly").exists()
    with time_machine.travel(datetime(2026, 4, 2, 3, 1, tzinfo=CPH), tick=False):
        start_beat_and_run_what_is_due()  # the 2nd of the month at 03:00 has passed since
    assert "incidents.monthly_dpsd_report" in OutboxMessage.objects.values_list("task_name", flat=True)
