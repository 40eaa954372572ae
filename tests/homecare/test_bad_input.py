"""A far-away or unreadable day in the address is today instead, never a 500 (issue 11, part 6)."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-02-30", "igår", "2026-03-23\x00", ""])
def test_planning_with_a_far_away_day_shows_today(frozen, leader_vest, org, make_visits, day):
    make_visits(2)
    client = Client(raise_request_exception=False)
    client.force_login(leader_vest)
    response = client.get(reverse("homecare:planning"), {"dato": day, "team": org.vest1.pk})
    assert response.status_code == 200
    assert response.context["day"].isoformat() == "2026-03-23"
    assert "Ikke tildelte besøg (2)" in response.content.decode()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_automatic_assignment_on_a_far_away_day_works_on_today(frozen, leader_vest, org, make_visits, day):
    make_visits(1)
    client = Client(raise_request_exception=False)
    client.force_login(leader_vest)
    response = client.post(reverse("homecare:planning_auto"), {"dato": day, "team": org.vest1.pk})
    assert response.status_code == 302
    assert "dato=2026-03-23" in response.url
