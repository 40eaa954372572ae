"""The bench hook fills medicine lists in bulk, every line with its current version, and names the pages."""

import random

import pytest

from medication import bench
from medication.models import MedicineLine

from .factories import make_visit_at

pytestmark = pytest.mark.django_db


def test_bench_populates_lines_with_their_current_version(frozen, org, nurse, ssh_vest, citizen_vest):
    make_visit_at(citizen_vest, org.vest1, hour=8, carer=ssh_vest)
    result = bench.populate([citizen_vest.pk], random.Random(1))
    assert 3 <= result["lines"] <= 5
    assert not MedicineLine.objects.filter(current__isnull=True).exists()
    assert ("Medicinliste", f"/borgere/{citizen_vest.pk}/medicin/", "sygeplejerske") in bench.pages()
