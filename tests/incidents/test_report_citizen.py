"""The staff report attaches a citizen from what the worker can see: their own visits today, or a scoped
search by name; never a list of every citizen in scope, never the full CPR number needed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from incidents.models import Incident

from ..factories import CitizenFactory
from ..homecare.factories import make_visit
from .test_views import good_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def daytime():
    """'Today' is one Copenhagen day whatever the hour the suite runs (after midnight in Copenhagen the
    UTC date is still yesterday)."""
    with time_machine.travel(datetime(2026, 3, 23, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False):
        yield


def test_own_visits_today_are_offered_and_nobody_else_in_scope(login, groups, org, ssh_vest, citizen_vest):
    make_visit(citizen_vest, assigned_to=ssh_vest)
    other = CitizenFactory(units=[org.vest1], first_name="Karen", last_name="Naboesen")
    body = login(ssh_vest).get(reverse("incidents:report")).content.decode()
    assert f'name="citizen_pick" value="{citizen_vest.pk}"' in body and citizen_vest.full_name in body
    assert citizen_vest.cpr not in body  # shown masked
    assert other.last_name not in body


def test_a_citizen_in_scope_is_found_by_name_and_one_outside_is_not(
    login, groups, org, ssh_vest, citizen_vest, citizen_oest
):
    client = login(ssh_vest)
    body = client.get(reverse("incidents:report"), {"borger": citizen_vest.last_name}).content.decode()
    assert f'name="citizen_pick" value="{citizen_vest.pk}"' in body
    body = client.get(reverse("incidents:report"), {"borger": citizen_oest.last_name}).content.decode()
    assert (
        f'name="citizen_pick" value="{citizen_oest.pk}"' not in body and citizen_oest.last_name in body
    )  # only in the search box
    body = client.get(reverse("incidents:report"), {"borger": "e"}).content.decode()
    assert (
        f'name="citizen_pick" value="{citizen_vest.pk}"' not in body
    )  # one letter finds nothing: no list of everyone


def test_report_with_a_picked_citizen(login, groups, org, ssh_vest, citizen_vest):
    make_visit(citizen_vest, assigned_to=ssh_vest)
    response = login(ssh_vest).post(
        reverse("incidents:report"), good_report(org.vest1, citizen_pick=citizen_vest.pk)
    )
    assert response.status_code == 302
    assert Incident.objects.get().citizen == citizen_vest


@pytest.mark.parametrize("bad", ["oest", "nonsense", "huge", "two"])
def test_a_pick_outside_scope_or_two_citizens_is_refused(
    login, groups, org, ssh_vest, citizen_vest, citizen_oest, bad
):
    data = {
        "oest": {"citizen_pick": citizen_oest.pk},
        "nonsense": {"citizen_pick": "abc"},
        "huge": {"citizen_pick": "9" * 30},
        "two": {"citizen_pick": citizen_vest.pk, "citizen": CitizenFactory(units=[org.vest1]).cpr},
    }[bad]
    response = login(ssh_vest).post(reverse("incidents:report"), good_report(org.vest1, **data))
    body = response.content.decode()
    assert "Vælg en borger, du arbejder med." in body or "Vælg én borger" in body
    assert not Incident.objects.exists()
