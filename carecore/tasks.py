"""The core's own jobs and their beat entries: the outbox relay (also the worker's heartbeat), its pruning
and retention (carecore.retention)."""

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone

from . import outbox, retention
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


@shared_task(name="carecore.apply_retention")
def apply_retention():
    """Nightly: delete log rows that have outlived settings.OMSORG_RETENTION; each run is logged."""
    return sum(run.deleted for run in retention.apply_retention(by="beat (carecore.apply_retention)"))


BEAT_SCHEDULE = {
    # The outbox relay (carecore.outbox); also tried right after each commit.
    "relay-outbox": {"task": "carecore.relay_outbox", "schedule": 30.0},
    "prune-outbox-nightly": {"task": "carecore.prune_outbox", "schedule": crontab(hour=3, minute=45)},
    "apply-retention-nightly": {"task": "carecore.apply_retention", "schedule": crontab(hour=4, minute=15)},
}
