import pytest

from carecore.models import UnitKind

from ..factories import UnitFactory
from .factories import handler, handler_group


@pytest.fixture
def nh(org):
    """A nursing-home division beside srp, with one unit."""
    division = UnitFactory(code="plejehjem", name="Plejehjem", kind=UnitKind.DIVISION)
    home = UnitFactory(code="plejehjem-egely", name="Egely", kind=UnitKind.AREA, parent=division)
    return division, home


@pytest.fixture
def srp_handler(org):
    return handler("uth.srp", org.top)


@pytest.fixture
def srp_handler2(org):
    return handler("uth.srp2", org.top)


@pytest.fixture
def nh_handler(nh):
    return handler("uth.plejehjem", nh[0])


@pytest.fixture
def groups(org, nh, srp_handler, srp_handler2, nh_handler):
    srp = handler_group("srp", org.top, srp_handler, srp_handler2)
    ph = handler_group("plejehjem", nh[0], nh_handler)
    force = handler_group("magt", org.staff_unit, force=True)
    return srp, ph, force
