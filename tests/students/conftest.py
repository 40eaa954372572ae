import pytest

from carecore.roles import Role

from ..factories import make_staff


@pytest.fixture
def coordinator(org):
    return make_staff("elevkoordinator", role=Role.TRAINEE_COORDINATOR, units=[org.staff_unit])


@pytest.fixture
def supervisor(org):
    return make_staff("elevvejleder", role=Role.TRAINEE_SUPERVISOR, units=[org.vest2])


@pytest.fixture
def other_supervisor(org):
    return make_staff("elevvejleder.02", role=Role.TRAINEE_SUPERVISOR, units=[org.oest1])
