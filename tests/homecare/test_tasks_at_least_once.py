"""Tasks are delivered at least once: a worker killed in the middle of the nightly visit generation has the
task redone after restart (acks_late, rejected on worker loss), and the redo adds no duplicate."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from config.celery import app
from homecare import services, tasks
from homecare.models import Visit

from ..factories import CitizenFactory
from .factories import VisitPlanFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 23, 6, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


def test_tasks_are_acknowledged_when_done_and_redelivered_when_their_worker_dies():
    assert app.conf.task_acks_late is True and app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_generation_redone_after_a_killed_worker_makes_no_duplicates(org):
    with time_machine.travel(NOW, tick=False):
        plans = [VisitPlanFactory(citizen=CitizenFactory(units=[org.vest1])) for _ in range(5)]
        # the killed worker had committed the first batch of plans, then died
        services._generate_batch(plans[:2], NOW.date(), NOW.date() + timedelta(days=13), NOW)
        assert Visit.objects.count() == 2 * 14
        tasks.generate_visits()  # redelivered after restart
        tasks.generate_visits()  # and even once more
    assert Visit.objects.count() == 5 * 14
    assert Visit.objects.values("plan", "date").distinct().count() == 5 * 14
