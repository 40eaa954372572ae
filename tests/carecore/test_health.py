"""/healthz tells the truth: 200 "ok" with everything up, 200 "degraded" naming the part without Redis (see
test_redis_outage) or the worker, 503 without the database. It needs no login."""

import socket

import pytest
from django.db import connection
from django.utils import timezone

from carecore.models import ScheduledRun
from carecore.tasks import WORKER_HEARTBEAT
from config.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_not_eager():
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


def test_ok_with_every_dependency_up(client):
    ScheduledRun.objects.create(name=WORKER_HEARTBEAT, last_run_at=timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "worker": "ok"}}


def test_degraded_but_200_when_the_worker_has_not_relayed_for_minutes(client, worker_not_eager):
    ScheduledRun.objects.create(
        name=WORKER_HEARTBEAT, last_run_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded" and response.json()["degraded"] == ["worker"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="points the live connection at a closed port")
@pytest.mark.django_db(transaction=True)
def test_503_when_the_database_is_down(client):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = closed_port
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert response.status_code == 503
    assert response.json()["status"] == "down" and response.json()["checks"]["database"].startswith("down")
