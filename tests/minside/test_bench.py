"""The bench hook makes a Min side citizen with many looks, logged in as a citizen session would be."""

import random

import pytest
from django.test import Client

from citizens.models import AccessLog
from minside import bench
from minside.models import CitizenAccount

pytestmark = pytest.mark.django_db


def test_bench_makes_a_citizen_with_looks_and_a_citizen_session(org, citizen_vest, carer_in_vest):
    assert bench.LOOKS == 10_000
    assert bench.populate([citizen_vest.pk], random.Random(1), looks=120) == {"looks": 120}
    account = CitizenAccount.objects.get(user__username=bench.USERNAME)
    assert account.cpr == citizen_vest.cpr
    looks = AccessLog.objects.filter(citizen=citizen_vest)
    assert looks.count() == 120 and set(looks.values_list("unit_name", flat=True)) == {"Vest Team 1"}
    assert bench.populate([citizen_vest.pk], random.Random(1), looks=120) == {"looks": 0}  # once

    client = Client()
    client.force_login(account.user)
    session = client.session
    session.update(bench.session_data(account.user))
    session.save()
    for _label, path, username in bench.pages():
        assert username == bench.USERNAME
        assert client.get(path).status_code == 200, path


@pytest.fixture
def carer_in_vest(org):
    from carecore.roles import Role

    from ..factories import make_staff

    return make_staff("ssh.bench", role=Role.SSH, units=[org.vest1])
