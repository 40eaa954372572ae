"""The transactional outbox: background work leaves for Celery only after the action's transaction commits.

`enqueue()` writes a row in the caller's transaction (call it instead of `task.delay()`). `relay()` hands
pending rows to the broker and marks them dispatched; it is tried right after the commit and every 30 s
by beat (`carecore.relay_outbox`), so work asked for while the broker is down leaves once it is back.
Two relays never send the same row (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL). A crash between
sending and marking sends a row again, so every task is idempotent: delivery is at least once."""

import logging
import uuid
from datetime import timedelta

from celery import current_app
from django.db import transaction
from django.utils import timezone

from . import cache as breaker
from .models import OutboxMessage

logger = logging.getLogger(__name__)

BATCH = 200
KEEP_DISPATCHED = timedelta(days=7)
# A publish from a request gives up quickly; the relay tries again later.
PUBLISH_TRANSPORT_OPTIONS = {"socket_timeout": 0.3, "socket_connect_timeout": 0.3}


def enqueue(task_name, *args, key=None, **kwargs):
    """Ask for `task_name(*args, **kwargs)` once the current transaction commits. With a `key`, asking
    again for the same key (a retried request, a second beat) adds nothing."""
    key = key or f"{task_name}:{uuid.uuid4().hex}"
    message, created = OutboxMessage.objects.get_or_create(
        key=key, defaults={"task_name": task_name, "args": list(args), "kwargs": kwargs}
    )
    if created:
        transaction.on_commit(lambda: relay(ids=[message.pk]), robust=True)
    return message


def relay(ids=None, limit=BATCH):
    """Send pending messages (all, or those in `ids`) to the broker; returns how many were sent. Never
    raises for a broker that is away: the row keeps its place and counts the attempt."""
    app = current_app._get_current_object()
    eager = app.conf.task_always_eager
    if not eager and breaker.redis_unavailable():
        return 0
    sent = 0
    with transaction.atomic():
        pending = OutboxMessage.objects.filter(dispatched_at__isnull=True)
        if ids is not None:
            pending = pending.filter(pk__in=ids)
        rows = list(pending.select_for_update(skip_locked=True).order_by("pk")[:limit])
        if not rows:
            return 0
        with app.connection_for_write(transport_options=PUBLISH_TRANSPORT_OPTIONS) as connection:
            for row in rows:
                row.attempts += 1
                try:
                    with transaction.atomic():
                        _publish(app, row, connection, eager)
                except Exception as error:
                    row.last_error = repr(error)[:2000]
                    row.save(update_fields=["attempts", "last_error"])
                    if eager:
                        logger.exception("Outbox task %s failed", row.task_name)
                        continue
                    breaker.trip(error)
                    break
                row.dispatched_at = timezone.now()
                row.save(update_fields=["attempts", "dispatched_at"])
                sent += 1
    return sent


def _publish(app, row, connection, eager):
    task_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"omsorg-outbox:{row.key}"))
    if eager:  # no broker (development, tests without Redis): the task runs here
        app.tasks[row.task_name].apply_async(row.args, row.kwargs, task_id=task_id)
    else:
        app.send_task(
            row.task_name,
            row.args,
            row.kwargs,
            task_id=task_id,
            connection=connection,
            retry=False,
            ignore_result=True,
        )


def prune(now=None):
    """Dispatched messages are kept a week for inspection, then deleted."""
    now = now or timezone.now()
    return OutboxMessage.objects.filter(dispatched_at__lt=now - KEEP_DISPATCHED).delete()[0]
