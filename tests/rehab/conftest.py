"""Rehab fixtures: Akutteamet, the Rehabiliteringsenheden, a therapist and an akutteam nurse."""

from datetime import datetime

import pytest
from django.utils import timezone

from carecore.models import UnitKind
from carecore.roles import Role
from rehab.models import Bed, StayType

from ..factories import UnitFactory, make_staff


def at(text):
    """An aware datetime in Copenhagen from 'YYYY-MM-DD HH:MM'."""
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M"))


@pytest.fixture
def rehab_units(org):
    akut = UnitFactory(code="akutteamet", name="Akutteamet", kind=UnitKind.AREA, parent=org.top)
    akut.covers.add(org.homecare)
    rehab = UnitFactory(
        code="rehabiliteringsenheden", name="Rehabiliteringsenheden", kind=UnitKind.AREA, parent=org.top
    )
    rac = UnitFactory(code="rac", name="Rehab- og Akutcenter", kind=UnitKind.AREA, parent=org.top)
    return akut, rehab, rac


@pytest.fixture
def akut_nurse(org, rehab_units):
    return make_staff("akut.nurse", role=Role.NURSE, units=[org.nursing, rehab_units[0]])


@pytest.fixture
def therapist(org, rehab_units):
    return make_staff("terapeut", role=Role.THERAPIST, units=[rehab_units[1]])


@pytest.fixture
def bed(db):
    return Bed.objects.get(label="T01")


@pytest.fixture
def bed2(db):
    return Bed.objects.get(label="T02")


@pytest.fixture
def acute_bed(db):
    return Bed.objects.get(label="A1")


@pytest.fixture
def training(db):
    return StayType.objects.get(code="genoptraening")


@pytest.fixture
def acute_type(db):
    return StayType.objects.get(code="akut")
