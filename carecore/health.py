"""What /healthz reports. The database is essential (503 without it); Redis and the Celery worker are not:
without them the web keeps working (cache misses, the outbox holds the work), so they make it "degraded"."""

from datetime import timedelta

from celery import current_app
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

WORKER_STALE_AFTER = timedelta(minutes=2)
OUTBOX_LATE_AFTER = timedelta(minutes=5)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def check_cache():
    client = getattr(cache, "client", None)  # django-redis; the local-memory cache needs no check
    if client is None:
        return "ok"
    client.get_client().ping()  # not through IGNORE_EXCEPTIONS: an outage must show here
    return "ok"


def check_worker(now):
    """The worker runs the outbox relay every 30 s (sent by beat) and leaves its time; a stale time means
    the worker, beat or the broker is down. Without a broker (eager mode) jobs run in the web process."""
    from .models import OutboxMessage, ScheduledRun
    from .tasks import WORKER_HEARTBEAT

    if current_app.conf.task_always_eager:
        return "ok"
    last = ScheduledRun.objects.filter(name=WORKER_HEARTBEAT).values_list("last_run_at", flat=True).first()
    if last is None or now - last > WORKER_STALE_AFTER:
        return "no outbox relay since %s" % (last.isoformat(timespec="seconds") if last else "start")
    late = OutboxMessage.objects.filter(dispatched_at__isnull=True, created_at__lt=now - OUTBOX_LATE_AFTER)
    if late.exists():
        return "outbox messages waiting more than 5 minutes"
    return "ok"


def report():
    """(HTTP status, body) for /healthz."""
    checks = {}
    try:
        checks["database"] = check_database()
    except Exception as error:
        checks["database"] = f"down: {type(error).__name__}"
        return 503, {"status": "down", "checks": checks}
    for name, check in (("cache", check_cache), ("worker", lambda: check_worker(timezone.now()))):
        try:
            checks[name] = check()
        except Exception as error:
            checks[name] = f"down: {type(error).__name__}"
    degraded = sorted(name for name, result in checks.items() if result != "ok")
    body = {"status": "degraded" if degraded else "ok", "checks": checks}
    if degraded:
        body["degraded"] = degraded
    return 200, body
