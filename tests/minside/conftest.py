from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from carecore.roles import Role
from minside.models import CitizenAccount, PowerOfAttorney, Scope

from ..factories import UserFactory, fake_cpr, make_staff

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_account(username, cpr):
    user = UserFactory(username=username)
    user.set_password("demo")
    user.save()
    CitizenAccount.objects.create(user=user, cpr=cpr)
    return user


@pytest.fixture
def borger(citizen_vest):
    """The citizen Inger Vestesen's own login."""
    return make_account("borger", citizen_vest.cpr)


@pytest.fixture
def visitator(org):
    return make_staff("visitator.v", role=Role.VISITATOR, units=[org.homecare])


@pytest.fixture
def relative_of(visitator):
    """A relative's login holding a power of attorney (scope, last day) for the citizen."""

    def make(citizen, *, scope=Scope.ALL, ends_on=None, username="paaroerende"):
        cpr = fake_cpr()
        user = make_account(username, cpr)
        PowerOfAttorney.objects.create(
            citizen=citizen,
            grantee_cpr=cpr,
            grantee_name="Ane Datter",
            scope=scope,
            starts_on=timezone.localdate() - timedelta(days=10),
            ends_on=ends_on,
            registered_by=visitator,
        )
        return user

    return make


@pytest.fixture
def citizen_login(client):
    """Log in through the citizen login page, as a citizen does."""

    def login(user):
        response = client.post("/min-side/log-ind/", {"username": user.username, "password": "demo"})
        assert response.status_code == 302, response.content.decode()[:2000]
        return client

    return login
