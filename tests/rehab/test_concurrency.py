"""Two visitators take the last free bed at the same moment: exactly one wins (real connections). Two
people change the same stay or pathway: the second is told and shown both versions (issue 11, part 3)."""

import threading
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from carecore.roles import Role
from rehab import services
from rehab.models import Bed, PathwayStatus, Stay, StayType

from ..factories import CitizenFactory, make_staff
from .conftest import at
from .factories import PathwayFactory, StayFactory

real_connections = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and exclusion constraints: PostgreSQL"
)

ATTEMPTS = 20


@real_connections
@postgresql_only
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


@real_connections
@postgresql_only
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


# --- no silent overwrites -------------------------------------------------------------------------
STAY_CONFLICT = "Opholdet er ændret af en anden, mens du redigerede. Din ændring er ikke gemt."
PATHWAY_CONFLICT = "Forløbet er ændret af en anden, mens du redigerede. Din ændring er ikke gemt."


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@time_machine.travel(at("2026-03-02 09:00"), tick=False)
def test_second_change_of_a_stay_is_refused_with_both_versions(visitator, citizen_vest, bed, bed2):
    stay = StayFactory(bed=bed, citizen=citizen_vest, starts_at=at("2026-03-01 10:00"), created_by=visitator)
    version = Stay.objects.get(pk=stay.pk).version
    first, second = as_user(visitator), as_user(visitator)
    page = second.get(reverse("rehab:stay", args=[stay.pk])).content.decode()
    assert page.count(f'name="version" value="{version}"') == 3  # change end, end, move

    url = reverse("rehab:stay_change_end", args=[stay.pk])
    assert (
        first.post(url, {"new_end": "2026-03-16T10:00", "reason": "Venter", "version": version}).status_code
        == 302
    )
    refused = second.post(url, {"new_end": "2026-03-20T10:00", "reason": "Træning", "version": version})

    assert refused.status_code == 409
    body = refused.content.decode()
    assert STAY_CONFLICT in body
    assert "16.03.2026" in body and "20.03.2026" in body and 'value="Træning"' in body
    stay.refresh_from_db()
    assert stay.ends_at == at("2026-03-16 10:00") and stay.version == version + 1
    assert stay.events.count() == 1  # nothing of the second change

    moved = second.post(
        reverse("rehab:stay_move", args=[stay.pk]),
        {"to_bed": bed2.pk, "at": "2026-03-03T12:00", "reason": "Enestue", "version": version},
    )
    assert moved.status_code == 409 and STAY_CONFLICT in moved.content.decode()
    ended = second.post(
        reverse("rehab:stay_end", args=[stay.pk]),
        {"kind": "discharge", "at": "2026-03-10T11:00", "reason": "Hjem", "version": version},
    )
    assert ended.status_code == 409 and not Stay.objects.filter(discharged_at__isnull=False).exists()
    assert Stay.objects.count() == 1

    again = second.post(url, {"new_end": "2026-03-20T10:00", "reason": "Træning", "version": version + 1})
    assert again.status_code == 302
    stay.refresh_from_db()
    assert stay.ends_at == at("2026-03-20 10:00")


@pytest.mark.django_db
def test_second_end_of_a_pathway_is_refused_with_both_versions(therapist, citizen_vest):
    pathway = PathwayFactory(citizen=citizen_vest, therapist=therapist, start_on=date(2025, 11, 3))
    version = pathway.version
    url = reverse("rehab:pathway_end", args=[pathway.pk])
    first, second = as_user(therapist), as_user(therapist)
    assert f'name="version" value="{version}"' in second.get(url).content.decode()

    data = {"end_on": "2026-01-31", "result": "met", "note": "Går selv", "version": version}
    assert first.post(url, data).status_code == 302
    refused = second.post(url, {**data, "result": "partly", "note": "Går med rollator"})

    assert refused.status_code == 409
    body = refused.content.decode()
    assert PATHWAY_CONFLICT in body and "Går selv" in body and "Går med rollator" in body
    assert f'name="version" value="{version + 1}"' in body
    pathway.refresh_from_db()
    assert (pathway.status, pathway.end_note, pathway.follow_ups.count()) == (
        PathwayStatus.ENDED,
        "Går selv",
        2,
    )


@pytest.mark.django_db
def test_second_start_of_a_planned_pathway_is_refused(therapist, citizen_vest):
    pathway = PathwayFactory(
        citizen=citizen_vest, therapist=therapist, start_on=None, status=PathwayStatus.PLANNED, kind="140"
    )
    url = reverse("rehab:pathway", args=[pathway.pk])
    data = {"action": "start", "start_on": "2026-03-02", "version": pathway.version}
    assert as_user(therapist).post(url, data).status_code == 302
    refused = as_user(therapist).post(url, {**data, "start_on": "2026-03-05"})
    assert refused.status_code == 409 and PATHWAY_CONFLICT in refused.content.decode()
    pathway.refresh_from_db()
    assert pathway.start_on == date(2026, 3, 2)
