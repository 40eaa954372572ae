# ruff: noqa: F811 - the visitation fixtures are imported by name
"""The citizen's current decision on Min side: granted help, how often, when it is looked at again; a
newer version replaces the older one."""

from datetime import timedelta

import pytest

from visitation.models import Case, LawFrame, Outcome

from ..visitation.conftest import TODAY, catalogue, kgh, visitator  # noqa: F401 - fixtures
from ..visitation.test_services import grant, request_help
from .conftest import make_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def vfrozen():
    import time_machine

    with time_machine.travel("2026-03-02 09:00 +01:00", tick=False):
        yield


def test_the_current_decision_is_shown_in_plain_words(
    vfrozen, client, citizen_login, org, visitator, catalogue
):  # noqa: F811
    from ..factories import CitizenFactory

    citizen = CitizenFactory(units=[org.vest1], cpr="120440-1234")
    request_help(citizen, by=visitator)
    case = Case.objects.get()
    grant(case, visitator, org.vest1, catalogue)
    citizen_login(make_account("inger", citizen.cpr))
    body = client.get("/min-side/").content.decode()
    assert "Din afgørelse" in body
    assert "Vi har bevilget dig hjælp fra 2. marts 2026" in body
    assert "3 gange om ugen, 30 minutter hver gang" in body
    assert "Vi ser på din hjælp igen senest 31. maj 2026" in body

    grant(
        case,
        visitator,
        org.vest1,
        catalogue,
        start_on=TODAY + timedelta(days=7),
        lines=[{"service": catalogue["personlig-pleje"], "weekdays": ["0"], "minutes": 45, "note": ""}],
    )
    body = client.get("/min-side/").content.decode()
    assert "1 gang om ugen, 45 minutter hver gang" in body
    assert "3 gange om ugen" not in body


def test_a_refusal_says_so(vfrozen, client, citizen_login, org, visitator, catalogue):  # noqa: F811
    from ..factories import CitizenFactory

    citizen = CitizenFactory(units=[org.vest1], cpr="120440-1234")
    request_help(citizen, by=visitator)
    grant(
        Case.objects.get(),
        visitator,
        None,
        catalogue,
        outcome=Outcome.REFUSED,
        law_frame=LawFrame.ELDERLY_ACT,
        lines=[],
        reassess_on=None,
    )
    citizen_login(make_account("inger", citizen.cpr))
    assert "ikke at bevilge den hjælp, du søgte om" in client.get("/min-side/").content.decode()
