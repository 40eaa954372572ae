"""Two visitators take the last free bed at the same moment: exactly one wins (real connections)."""

import threading

import pytest
from django.db import connection

from carecore.roles import Role
from rehab import services
from rehab.models import Bed, Stay, StayType

from ..factories import CitizenFactory, make_staff
from .conftest import at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and exclusion constraints: PostgreSQL"
    ),
]

ATTEMPTS = 20


def test_twenty_simultaneous_assignments_of_one_bed_give_exactly_one_stay(org):
    visitators = [
        make_staff(f"visitator{n}", role=Role.VISITATOR, units=[org.homecare]) for n in range(ATTEMPTS)
    ]
    citizens = [CitizenFactory(units=[org.vest1]) for _ in range(ATTEMPTS)]
    bed = Bed.objects.get(label="T07")
    stay_type = StayType.objects.get(code="aflastning")
    barrier = threading.Barrier(ATTEMPTS)
    results = [None] * ATTEMPTS

    def attempt(n):
        try:
            barrier.wait(timeout=30)
            services.assign_bed(
                bed=bed,
                citizen=citizens[n],
                stay_type=stay_type,
                starts_at=at("2026-05-04 10:00"),
                by=visitators[n],
            )
            results[n] = "won"
        except services.BedTaken as exc:
            results[n] = exc.message_dict["bed"][0]
        except Exception as exc:  # noqa: BLE001 - any other outcome fails the test below
            results[n] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(ATTEMPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert Stay.objects.filter(bed=bed).count() == 1
    assert results.count("won") == 1
    losers = [r for r in results if r != "won"]
    assert len(losers) == ATTEMPTS - 1
    assert all("allerede optaget" in r and "ventelisten" in r for r in losers), losers


def test_overlapping_stays_for_one_bed_refused_when_starts_differ(org):
    """Different but overlapping periods race too: still never two stays in the bed at once."""
    visitators = [make_staff(f"visitator{n}", role=Role.VISITATOR, units=[org.homecare]) for n in range(8)]
    citizens = [CitizenFactory(units=[org.vest1]) for _ in range(8)]
    bed = Bed.objects.get(label="T08")
    stay_type = StayType.objects.get(code="aflastning")
    barrier = threading.Barrier(8)

    def attempt(n):
        try:
            barrier.wait(timeout=30)
            services.assign_bed(
                bed=bed,
                citizen=citizens[n],
                stay_type=stay_type,
                starts_at=at(f"2026-05-{4 + n:02d} 10:00"),
                by=visitators[n],
            )
        except services.BedTaken:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stays = list(Stay.objects.filter(bed=bed).order_by("starts_at"))
    assert stays
    for a, b in zip(stays, stays[1:], strict=False):
        assert a.ends_at <= b.starts_at
