"""Redis is a cache and a broker, never a single point of failure. Each test starts its own redis-server on
a free port, points the cache and the Celery broker at it, and stops (terminate) or freezes (SIGSTOP) it."""

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from datetime import datetime, timedelta

import pytest
import redis
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecore import cache as breaker
from carecore import outbox
from carecore.models import OutboxMessage, RateLimitHit
from carecore.roles import Role
from citizens.models import JournalEntry
from config.celery import app as celery_app
from homecare import services as homecare_services
from homecare.models import Visit, VisitStatus
from incidents.models import Incident
from rehab.models import Bed, Stay, StayType

from ..factories import CitizenFactory, make_staff
from ..homecare.factories import VisitPlanFactory
from ..incidents.factories import handler, handler_group

REDIS_SERVER = shutil.which("redis-server")
if not REDIS_SERVER and not os.environ.get("CI"):
    pytest.skip(
        "redis-server not installed (apt-get install redis-server); CI installs it", allow_module_level=True
    )

pytestmark = pytest.mark.django_db(transaction=True)
ONE_SECOND = 1.0


class RedisServer:
    """A throwaway redis-server: no persistence, its own port."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.frozen = False

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in self.process.stdout:  # blocks until the server says it is ready (or exits)
            if "Ready to accept connections" in line:
                return
        raise RuntimeError(f"redis-server did not start (exit code {self.process.wait()})")

    def stop(self):
        self.thaw()
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)
        self.frozen = True

    def thaw(self):
        if self.frozen:
            os.kill(self.process.pid, signal.SIGCONT)
            self.frozen = False

    def client(self):
        return redis.Redis.from_url(self.url)


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def on_own_redis(settings, redis_server):
    """The cache and the broker on the test's redis-server, as production has them (no eager tasks)."""
    cache = dict(settings.CACHES["default"])
    if not cache["BACKEND"].startswith("django_redis"):  # the SQLite run has no REDIS_URL: same options
        cache = {
            "BACKEND": "django_redis.cache.RedisCache",
            "KEY_PREFIX": "omsorg-outage-test",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                "REDIS_CLIENT_CLASS": "carecore.cache.BreakerRedis",
            },
        }
    settings.CACHES = {"default": {**cache, "LOCATION": redis_server.url}}
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=redis_server.url, task_always_eager=False)
    celery_app.pool.force_close_all()
    breaker.reset()
    yield redis_server
    celery_app.conf.update(saved)
    celery_app.pool.force_close_all()
    breaker.reset()


def queued(server):
    """The task messages waiting in the broker's default queue: [(task name, task id)]."""
    messages = [json.loads(raw) for raw in server.client().lrange("celery", 0, -1)]
    return [(m["headers"]["task"], m["headers"]["id"]) for m in messages]


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


@pytest.fixture
def scene(org):
    """A carer with a started visit, a visitator, a citizen: what the outage test acts on."""
    carer = make_staff("ssh.vest", role=Role.SSH, units=[org.vest1])
    visitator = make_staff("visitator", role=Role.VISITATOR, units=[org.homecare])
    handler_group("srp", org.top, handler("uth.srp", org.top))
    citizen = CitizenFactory(units=[org.vest1], first_name="Inger", last_name="Vestesen")
    # No tasks to tick: finishing the visit is what the outage test needs.
    plan = VisitPlanFactory(citizen=citizen, starts_on=timezone.localdate() - timedelta(days=1), tasks="")
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    homecare_services.generate_visits(now=midnight, plans=[plan], days=1)
    visit = Visit.objects.get(plan=plan)
    Visit.objects.filter(pk=visit.pk).update(assigned_to=carer)
    return carer, visitator, citizen, visit


def staff_and_public_work(org, carer, visitator, citizen, visit, tag):
    """Every answer 200 or 302 within a second, and every row committed."""
    answers = []
    anonymous = Client()
    response, took = timed(
        lambda: anonymous.post(reverse("login"), {"username": carer.username, "password": "demo"})
    )
    answers.append(("login", response.status_code, took))
    staff = anonymous  # now logged in, with a session in the database
    for name, call in [
        ("record", lambda: staff.get(reverse("citizens:detail", args=[citizen.pk]))),
        (
            "journal",
            lambda: staff.post(
                reverse("citizens:journal", args=[citizen.pk]), {"kind": "care", "text": f"Notat {tag}"}
            ),
        ),
        ("visit start", lambda: staff.post(reverse("homecare:visit_start", args=[visit.pk]))),
        ("visit finish", lambda: staff.post(reverse("homecare:visit_finish", args=[visit.pk]))),
        (
            "incident",
            lambda: staff.post(
                reverse("incidents:report"),
                {
                    "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
                    "unit": org.vest1.pk,
                    "type": "",
                    "description": f"Fald {tag}",
                    "reported_actual": "mild",
                    "reported_possible": "moderate",
                    "citizen": "",
                    "immediate_action": "",
                    "prevention": "",
                },
            ),
        ),
    ]:
        response, took = timed(call)
        answers.append((name, response.status_code, took))
    booking = Client()
    booking.force_login(visitator)
    response, took = timed(
        lambda: booking.post(
            reverse("rehab:assign"),
            {
                "bed": Bed.objects.get(label="T01").pk,
                "citizen": citizen.cpr,
                "stay_type": StayType.objects.get(code="genoptraening").pk,
                "starts_at": (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
            },
        )
    )
    answers.append(("bed", response.status_code, took))
    public = Client()
    response, took = timed(lambda: public.get(reverse("incidents:public")))
    answers.append(("public form", response.status_code, took))
    response, took = timed(
        lambda: public.post(
            reverse("incidents:public"),
            {
                "occurred_at": (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
                "unit": org.homecare.pk,
                "description": f"Borger {tag}",
                "reported_actual": "mild",
                "reported_possible": "severe",
                "prevention": "",
                "contact_name": "",
                "contact_email": "",
                "contact_phone": "",
                "website": "",
            },
        )
    )
    answers.append(("public report", response.status_code, took))

    assert [(n, s) for n, s, _ in answers if s not in (200, 302)] == []
    assert [(n, round(t, 2)) for n, _, t in answers if t >= ONE_SECOND] == []
    assert JournalEntry.objects.filter(citizen=citizen, text=f"Notat {tag}").exists()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DELIVERED and visit.finished_by == carer
    assert Stay.objects.filter(citizen=citizen).count() == 1
    assert Incident.objects.filter(description=f"Fald {tag}", reported_by=carer).exists()
    assert Incident.objects.filter(description=f"Borger {tag}", source="public").exists()


@pytest.mark.parametrize("outage", ["stopped", "frozen"])
def test_staff_and_citizens_keep_working_when_redis_goes_and_the_outbox_drains_once_after(
    on_own_redis, org, scene, outage
):
    server = on_own_redis
    carer, visitator, citizen, visit = scene
    assert Client().get("/healthz").json()["checks"]["cache"] == "ok"

    server.stop() if outage == "stopped" else server.freeze()
    staff_and_public_work(org, carer, visitator, citizen, visit, outage)
    started = time.monotonic()
    for n in range(3):  # work asked for during the outage waits in the outbox, committed
        with transaction.atomic():
            outbox.enqueue("carecore.flag_stale_journals", key=f"outage-{n}")
    assert time.monotonic() - started < ONE_SECOND
    # ... with the decision letter of the booked bed
    assert OutboxMessage.objects.filter(dispatched_at__isnull=True).count() == 4
    health = Client().get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "degraded"
    assert "cache" in health.json()["degraded"]

    server.start() if outage == "stopped" else server.thaw()
    breaker.reset()  # instead of waiting BREAK_SECONDS for this process to try Redis again
    assert outbox.relay() == 4
    assert outbox.relay() == 0  # a second relay finds nothing left to send
    sent = queued(server)
    assert sorted(name for name, _ in sent) == ["carecore.flag_stale_journals"] * 3 + [
        "rehab.make_stay_letter"
    ]
    assert len({task_id for _, task_id in sent}) == 4
    assert OutboxMessage.objects.filter(dispatched_at__isnull=True).count() == 0
    assert Client().get("/healthz").json()["checks"]["cache"] == "ok"


def test_public_form_rate_limit_counts_in_the_database_while_redis_is_down(on_own_redis, org):
    handler_group("srp", org.top)
    on_own_redis.stop()
    public = Client()
    data = {
        "occurred_at": (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "unit": org.homecare.pk,
        "description": "Igen og igen",
        "reported_actual": "mild",
        "reported_possible": "mild",
        "website": "",
    }
    codes = [public.post(reverse("incidents:public"), data).status_code for _ in range(6)]
    assert codes == [302] * 5 + [429]
    assert Incident.objects.filter(source="public").count() == 5
    assert RateLimitHit.objects.filter(group="incidents.public").count() == 6


def test_a_rolled_back_action_leaves_nothing_in_the_outbox(on_own_redis):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("carecore.flag_stale_journals", key="rolled-back")
        raise RuntimeError("the action failed")
    assert not OutboxMessage.objects.exists()
    assert queued(on_own_redis) == []


def test_after_commit_the_message_goes_to_the_broker_at_once(on_own_redis):
    with transaction.atomic():
        outbox.enqueue("carecore.flag_stale_journals", key="at-once")
        outbox.enqueue("carecore.flag_stale_journals", key="at-once")  # the same key asks once
    assert OutboxMessage.objects.get().dispatched_at is not None
    assert [name for name, _ in queued(on_own_redis)] == ["carecore.flag_stale_journals"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SKIP LOCKED) need PostgreSQL")
def test_two_relays_at_once_never_send_the_same_message(on_own_redis):
    on_own_redis.stop()
    for n in range(6):
        outbox.enqueue("carecore.flag_stale_journals", key=f"pair-{n}")
    on_own_redis.start()
    breaker.reset()
    held, release, sent_by_other = threading.Event(), threading.Event(), []

    def other_relay():
        """A second relay that has taken the first three rows and is still sending them."""
        try:
            with transaction.atomic():
                rows = list(
                    OutboxMessage.objects.select_for_update().filter(key__in=["pair-0", "pair-1", "pair-2"])
                )
                held.set()
                release.wait(timeout=10)
                sent_by_other.extend(row.pk for row in rows)
        finally:
            connection.close()

    thread = threading.Thread(target=other_relay)
    thread.start()
    assert held.wait(timeout=10)
    assert outbox.relay() == 3  # skips the three rows the other relay holds
    release.set()
    thread.join(timeout=10)
    assert outbox.relay() == 3  # the rest, once they are free
    assert outbox.relay() == 0
    assert len(sent_by_other) == 3
    sent = queued(on_own_redis)
    assert len(sent) == 6 and len({task_id for _, task_id in sent}) == 6
