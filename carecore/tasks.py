"""The core's own jobs and their beat entries: the outbox relay (also the worker's heartbeat) and its pruning."""

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone

from . import outbox
from .models import ScheduledRun

WORKER_HEARTBEAT = "heartbeat:worker"


@shared_task(name="carecore.relay_outbox", ignore_result=True)
def relay_outbox():
    """Every 30 s from beat: send what the outbox holds. Its last run is the worker's heartbeat (/healthz)."""
    ScheduledRun.objects.update_or_create(name=WORKER_HEARTBEAT, defaults={"last_run_at": timezone.now()})
    return outbox.relay()


@shared_task(name="carecore.prune_outbox")
def prune_outbox():
    return outbox.prune()


BEAT_SCHEDULE = {
    # The outbox relay (carecore.outbox); also tried right after each commit.
    "relay-outbox": {"task": "carecore.relay_outbox", "schedule": 30.0},
    "prune-outbox-nightly": {"task": "carecore.prune_outbox", "schedule": crontab(hour=3, minute=45)},
}
