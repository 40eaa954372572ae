"""Celery through the real Redis broker and a real worker (only where REDIS_URL is set, as in CI)."""

import os
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from carecore.models import Notification
from carecore.roles import Role
from config.celery import app

from ..factories import CitizenFactory, make_staff

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")


@pytest.mark.django_db(transaction=True)
def test_job_runs_through_redis_and_a_real_worker(org):
    from celery.contrib.testing.worker import start_worker

    from citizens import tasks

    leader = make_staff("teamleder", role=Role.LEADER, leader_of=[org.vest1])
    with time_machine.travel(timezone.now() - timedelta(days=45)):
        CitizenFactory(units=[org.vest1])
    assert app.conf.broker_url.startswith("redis://")
    assert app.conf.task_always_eager is False
    app.control.purge()  # messages left by other runs must not reach this worker
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = tasks.flag_stale_journals.delay()
        assert result.get(timeout=20) == 1
        assert tasks.flag_stale_journals.delay().get(timeout=20) == 1  # same key: no new row
    assert Notification.objects.filter(user=leader).count() == 1


def test_cache_is_redis_that_may_be_away():
    from django.core.cache import caches

    from carecore.cache import BreakerRedis

    cache = caches["default"]
    assert type(cache).__module__ == "django_redis.cache" and cache._ignore_exceptions
    client = cache.client.get_client()
    assert isinstance(client, BreakerRedis) and client is cache.client.get_client()  # one client per pool
    cache.set("omsorg-test", "ok", 10)
    assert cache.get("omsorg-test") == "ok"
