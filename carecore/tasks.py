from celery import shared_task
from django.utils import timezone

from . import jobs, outbox
from .models import ScheduledRun

WORKER_HEARTBEAT = "heartbeat:worker"


@shared_task(name="carecore.flag_stale_journals")
def flag_stale_journals():
    return jobs.flag_stale_journals()


@shared_task(name="carecore.relay_outbox", ignore_result=True)
def relay_outbox():
    """Every 30 s from beat: send what the outbox holds. Its last run is the worker's heartbeat (/healthz)."""
    ScheduledRun.objects.update_or_create(name=WORKER_HEARTBEAT, defaults={"last_run_at": timezone.now()})
    return outbox.relay()


@shared_task(name="carecore.prune_outbox")
def prune_outbox():
    return outbox.prune()
