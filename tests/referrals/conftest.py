"""Referral fixtures: the rehabilitation unit (a therapist and its leader) and the dementia and nutrition
team take referrals, as do Sygeplejen and Hjemmeplejen Vest; a home carer in Vest sends them."""

import pytest
import time_machine

from carecore.models import UnitKind
from carecore.roles import Role
from referrals import services
from referrals.models import Receiver

from ..factories import UnitFactory, make_staff


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-02 09:00 +01:00", tick=False):
        yield


@pytest.fixture
def rehab_unit(org):
    return UnitFactory(
        code="rehabiliteringsenheden", name="Rehabiliteringsenheden", kind=UnitKind.AREA, parent=org.top
    )


@pytest.fixture
def dementia_unit(org):
    return UnitFactory(
        code="demens-ernaering", name="Demens- og ernæringsteamet", kind=UnitKind.AREA, parent=org.top
    )


@pytest.fixture
def receivers(org, rehab_unit, dementia_unit):
    for order, unit in enumerate([rehab_unit, org.nursing, dementia_unit, org.vest]):
        Receiver.objects.create(unit=unit, description="", order=order)
    return rehab_unit


@pytest.fixture
def therapist(rehab_unit):
    return make_staff("terapeut", role=Role.THERAPIST, units=[rehab_unit])


@pytest.fixture
def rehab_leader(rehab_unit):
    return make_staff("leder.rehab", role=Role.LEADER, leader_of=[rehab_unit])


@pytest.fixture
def dementia_nurse(dementia_unit):
    return make_staff("demens.01", role=Role.NURSE, units=[dementia_unit])


def refer(citizen, by, from_unit, to_unit, reason="Går usikkert efter indlæggelse; potentiale for §83a."):
    return services.send_referral(citizen=citizen, from_unit=from_unit, to_unit=to_unit, reason=reason, by=by)
