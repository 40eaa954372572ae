"""Visitation fixtures: Kom Godt Hjem (the visitator's unit, covering home care), the rehabilitation
unit with a therapist, and a private provider with its leader."""

from datetime import date

import pytest
import time_machine

from carecore.models import UnitKind
from carecore.roles import Role
from citizens.models import Assessment, AssessmentKind
from visitation.models import Service

from ..factories import CitizenFactory, UnitFactory, make_staff

TODAY = date(2026, 3, 2)  # a Monday


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-02 09:00 +01:00", tick=False):
        yield


@pytest.fixture
def kgh(org):
    unit = UnitFactory(code="kom-godt-hjem", name="Kom Godt Hjem", kind=UnitKind.AREA, parent=org.top)
    unit.covers.add(org.homecare)
    return unit


@pytest.fixture
def rehab_unit(org):
    return UnitFactory(
        code="rehabiliteringsenheden", name="Rehabiliteringsenheden", kind=UnitKind.AREA, parent=org.top
    )


@pytest.fixture
def therapist(rehab_unit):
    return make_staff("terapeut", role=Role.THERAPIST, units=[rehab_unit])


@pytest.fixture
def private(org):
    parent = UnitFactory(code="private-leverandoerer", name="Private leverandører", kind=UnitKind.DIVISION)
    return UnitFactory(
        code="privat-1",
        name="Privat leverandør Omsorgshjælpen",
        kind=UnitKind.AREA,
        parent=parent,
        is_private_provider=True,
    )


@pytest.fixture
def private_leader(private):
    return make_staff("leder.privat", role=Role.LEADER, leader_of=[private])


@pytest.fixture
def visitator(org, kgh):
    return make_staff("visitator", role=Role.VISITATOR, units=[kgh])


@pytest.fixture
def elderly(org):
    """Born 1940: well past the pension age."""
    return CitizenFactory(units=[org.vest1], cpr="120440-1234", first_name="Inger", last_name="Vestesen")


@pytest.fixture
def younger(org):
    """Born 1980: under the pension age."""
    return CitizenFactory(units=[org.vest1], cpr="050580-1235", first_name="Jens", last_name="Yngre")


@pytest.fixture
def catalogue(db):
    return {s.code: s for s in Service.objects.all()}


def fsiii(citizen, by, code, level, at):
    Assessment.objects.create(
        citizen=citizen, kind=AssessmentKind.FUNCTION, code=code, level=level, assessed_by=by, assessed_at=at
    )
