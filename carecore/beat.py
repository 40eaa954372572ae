"""Celery beat with its memory in the database (CELERY_BEAT_SCHEDULER = "carecore.beat:DatabaseScheduler").

Each entry's last run is kept in ScheduledRun, so when beat starts again after an outage every entry whose
time passed meanwhile runs once (the nightly jobs, the monthly DPSD report). A due run is written to the
outbox in the same transaction as its new last-run time, so it is not lost when the broker is down either;
the outbox key (entry and minute) keeps a restarted beat from asking twice. The outbox relay itself is
published straight to the broker: it is frequent, and its only job is to empty the outbox."""

import logging

from celery.beat import Scheduler
from django.db import transaction

from . import outbox
from .models import ScheduledRun

logger = logging.getLogger(__name__)

DIRECT = {"carecore.relay_outbox"}


class DatabaseScheduler(Scheduler):
    producer = None  # nothing is published through beat's own producer; see apply_async

    def setup_schedule(self):
        super().setup_schedule()
        last_runs = dict(ScheduledRun.objects.values_list("name", "last_run_at"))
        for name, entry in self.schedule.items():
            if entry.task in DIRECT:
                continue
            if name in last_runs:
                entry.last_run_at = last_runs[name]
            else:  # a new entry starts counting now; it is not back-filled
                ScheduledRun.objects.get_or_create(name=name, defaults={"last_run_at": entry.last_run_at})

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        current = self.reserve(entry) if advance else self.schedule[entry.name]
        if entry.task in DIRECT:
            return self.app.send_task(entry.task, retry=False, ignore_result=True, expires=25)
        with transaction.atomic():
            ScheduledRun.objects.update_or_create(
                name=entry.name, defaults={"last_run_at": current.last_run_at}
            )
            message = outbox.enqueue(
                entry.task,
                *entry.args,
                key=f"beat:{entry.name}:{current.last_run_at:%Y-%m-%dT%H:%M}",
                **entry.kwargs,
            )
        logger.info("beat: %s queued as outbox message %s", entry.name, message.pk)
        return message
