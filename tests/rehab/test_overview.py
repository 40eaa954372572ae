"""Key figures for leaders."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from rehab.figures import key_figures
from rehab.models import FollowUp, WaitingListEntry

from .conftest import at
from .factories import PathwayFactory, StayFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("user,status", [("leader_vest", 200), ("visitator", 403), ("therapist", 403)])
def test_overview_roles(login, request, user, status):
    assert login(request.getfixturevalue(user)).get(reverse("rehab:overview")).status_code == status


@time_machine.travel("2026-03-20 14:00 +01:00", tick=False)
def test_key_figures(visitator, org, citizen_vest, citizen_oest, bed, bed2, training):
    StayFactory(
        bed=bed,
        citizen=citizen_vest,
        starts_at=at("2026-03-01 10:00"),
        ends_at=at("2026-03-15 10:00"),
        discharged_at=at("2026-03-15 10:00"),
    )
    StayFactory(
        bed=bed2, citizen=citizen_oest, starts_at=at("2026-03-19 10:00"), ends_at=at("2026-03-25 10:00")
    )
    WaitingListEntry.objects.create(
        citizen=citizen_vest, stay_type=training, granted_on=date(2026, 3, 10), created_by=visitator
    )
    p = PathwayFactory(
        citizen=citizen_vest,
        start_on=date(2025, 12, 1),
        end_on=date(2026, 1, 20),
        result="met",
        status="ended",
    )
    p.scores.create(phase="start", code="mobility.walking", level=3)
    p.scores.create(phase="end", code="mobility.walking", level=1)
    FollowUp.objects.create(pathway=p, months=1, due_on=date(2026, 2, 20), done_at=at("2026-02-19 10:00"))
    f = key_figures()
    assert f["beds"] == 19
    assert f["daily"][-1]["count"] == 1 and f["daily"][-1]["percent"] == 5
    genop = next(t for t in f["stay_types"] if t["type"].code == "genoptraening")
    assert (genop["count"], genop["average"]) == (1, 14.0)
    assert (f["waiting_count"], f["waiting_days"]) == (1, 10.0)
    assert f["pathways"]["ended"] == 1 and f["pathways"]["met_share"] == 100
    assert f["level_change"] == -2.0
    assert (f["follow_due"], f["follow_on_time"], f["follow_share"]) == (1, 1, 100)
    assert sum(d["count"] for d in f["discharges"]) == 1


def test_overview_page_has_chart(login, leader_vest):
    body = login(leader_vest).get(reverse("rehab:overview")).content.decode()
    assert "<svg" in body and "Belægning pr. dag" in body


def test_chart_coordinates_are_not_localised(login, leader_vest):
    """SVG numbers need a decimal point; the Danish decimal comma would hide every bar."""
    import re

    body = login(leader_vest).get(reverse("rehab:overview")).content.decode()
    rects = re.findall(r"<rect [^>]*>", body)
    assert rects
    assert all("," not in r.split("class=")[0] for r in rects)
