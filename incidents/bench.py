"""Benchmark hooks for `make bench`: a generated municipality's incidents in bulk, and the pages to load."""

from datetime import timedelta

from django.utils import timezone

from carecore.demo import DemoSeeder
from carecore.models import Membership, Unit

from .demo import ensure_groups
from .dpsd import Router
from .models import CaseEvent, Incident, IncidentType, Status

PER_CITIZEN = 1.5  # roughly three years of reports for a municipality


def populate(citizen_ids, rng):
    seeder = DemoSeeder()
    seeder.units = {u.code: u for u in Unit.objects.all()}
    ensure_groups(seeder)
    router = Router()
    now = timezone.now()
    types = list(IncidentType.objects.all())
    weights = [34 if t.code == "medicinering" else 30 if t.code == "fald" else 4 for t in types]
    staff = list(Membership.objects.filter(unit__kind__in=["team", "unit"]).values_list("unit_id", "user_id"))
    rows = []
    for _i in range(int(len(citizen_ids) * PER_CITIZEN)):
        unit_id, user_id = rng.choice(staff)
        group = router.group_of(unit_id)
        created = now - timedelta(days=rng.uniform(0, 3 * 365))
        closed = created < now - timedelta(days=30)
        actual = rng.choices(["none", "mild", "moderate", "severe"], weights=[50, 30, 15, 5])[0]
        rows.append(
            Incident(
                unit_id=unit_id,
                reported_by_id=user_id,
                handler_group=group,
                type=rng.choices(types, weights)[0],
                citizen_id=rng.choice(citizen_ids) if rng.random() < 0.5 else None,
                occurred_at=created - timedelta(hours=2),
                created_at=created,
                touched_at=created,
                description="Fald i stuen.",
                reported_actual=actual,
                reported_possible=actual,
                actual_severity=actual,
                possible_severity=actual,
                status=Status.CLOSED if closed else Status.RECEIVED,
                closed_at=created + timedelta(days=10) if closed else None,
                feedback="Tak." if closed else "",
                feedback_at=created + timedelta(days=10) if closed else None,
            )
        )
    Incident.objects.bulk_create(rows, batch_size=2000)
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(incident=r, what=CaseEvent.What.REPORTED, by_id=r.reported_by_id, at=r.created_at)
            for r in rows
        ],
        batch_size=2000,
    )


def pages():
    return [
        ("UTH sagsliste (risikomanager)", "/uth/", "risikomanager"),
        ("UTH sagsliste (sagsbehandler)", "/uth/", "uth.plejehjem"),
        ("UTH oversigt (risikomanager)", "/uth/oversigt/", "risikomanager"),
        ("UTH oversigt (leder)", "/uth/oversigt/", "leder.vest"),
        ("UTH indberet", "/uth/indberet/", "ssh.vest"),
    ]
