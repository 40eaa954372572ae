"""Pages issue a fixed number of queries whatever the data size."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citizens.models import Assessment, JournalEntry, Relative

from ..factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():
    """The idle-session refresh writes the session at most once a minute; a frozen clock keeps that
    write out of (or in) every measured request alike."""
    with time_machine.travel("2026-03-02 10:00 +01:00", tick=False):
        yield


def count_queries(client, url, **extra):
    client.get(url, **extra)  # warm-up: the session refresh of this minute happens here
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def make_citizens(org, author, n):
    citizens = [CitizenFactory(units=[org.vest1]) for _ in range(n)]
    JournalEntry.objects.bulk_create(
        [JournalEntry(citizen=c, author=author, text="x") for c in citizens for _ in range(3)]
    )
    return citizens


def test_citizen_list_query_count_is_fixed(org, ssh_vest, login):
    client = login(ssh_vest)
    make_citizens(org, ssh_vest, 10)
    small = count_queries(client, reverse("citizens:list"))
    make_citizens(org, ssh_vest, 190)
    large = count_queries(client, reverse("citizens:list"))
    assert small == large
    assert large <= 8
    assert count_queries(client, reverse("citizens:list") + "?q=a") == large


def test_record_and_sections_query_count_is_fixed(org, ssh_vest, nurse, login):
    citizen = CitizenFactory(units=[org.vest1])
    client = login(ssh_vest)

    def counts():
        return [
            count_queries(client, reverse(name, args=[citizen.pk]))
            for name in ("citizens:detail", "citizens:journal", "citizens:assessments", "citizens:changes")
        ]

    JournalEntry.objects.bulk_create(
        [JournalEntry(citizen=citizen, author=ssh_vest, text="x") for _ in range(10)]
    )
    Relative.objects.bulk_create([Relative(citizen=citizen, name=f"R{i}", relation="Søn") for i in range(2)])
    small = counts()
    JournalEntry.objects.bulk_create(
        [JournalEntry(citizen=citizen, author=nurse, text="x") for _ in range(200)]
    )
    Relative.objects.bulk_create([Relative(citizen=citizen, name=f"R{i}", relation="Søn") for i in range(10)])
    Assessment.objects.bulk_create(
        [
            Assessment(
                citizen=citizen, kind="function", code="mobility.walking", level=i % 5, assessed_by=nurse
            )
            for i in range(200)
        ]
    )
    assert counts() == small


def test_access_log_query_count_is_fixed(org, ssh_vest, leader_vest, login):
    citizens = make_citizens(org, ssh_vest, 10)
    worker = login(ssh_vest)
    for c in citizens:
        worker.get(reverse("citizens:detail", args=[c.pk]))
    client = login(leader_vest)
    small = count_queries(client, reverse("access_log"))
    worker = login(ssh_vest)
    for c in make_citizens(org, ssh_vest, 50):
        worker.get(reverse("citizens:detail", args=[c.pk]))
    client = login(leader_vest)
    assert count_queries(client, reverse("access_log")) == small
