"""A dose recorded as not given counts by itself in the month's samlerapportering for medicine
administration (incidents.automatic finds medication.samlerapportering): in the DPSD report's counts, on
the leader's month page before the staff group discusses the month, never tallied by hand."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from incidents import automatic, dpsd
from incidents.models import ShortForm, ShortFormType
from medication import services

from .factories import make_line

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
TYPE = "Medicinadministration (inkl. medicin ikke givet)"


def at(day, hour=8):
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=CPH)


@pytest.fixture
def doses(org, nurse, ssh_vest, ssh_oest, citizen_vest, citizen_oest):
    """Vest: two not given in February, one in March, one given; Øst: one not given in February."""
    vest = make_line(citizen_vest, nurse, drug="Metformin", times=["08:00"], starts_on=date(2026, 1, 1))
    oest = make_line(citizen_oest, nurse, drug="Pinex", times=["08:00"], starts_on=date(2026, 1, 1))
    for day in (date(2026, 2, 3), date(2026, 2, 27)):
        services.record_administration(
            vest, due_at=at(day), outcome="not_given", reason="refused", by=ssh_vest, unit=org.vest1
        )
    services.record_administration(
        vest, due_at=at(date(2026, 2, 4)), outcome="given", by=ssh_vest, unit=org.vest1
    )
    services.record_administration(
        vest, due_at=at(date(2026, 3, 2)), outcome="not_given", reason="missing", by=ssh_vest, unit=org.vest1
    )
    services.record_administration(
        oest,
        due_at=at(date(2026, 2, 10)),
        outcome="not_given",
        reason="not_home",
        by=ssh_oest,
        unit=org.oest1,
    )


def test_not_given_is_counted_per_unit_and_type(frozen, org, doses):
    start, end, _next = dpsd.month_bounds(date(2026, 2, 1))
    assert automatic.counts(start, end) == {
        ("medicinadministration", org.vest1.pk): 2,
        ("medicinadministration", org.oest1.pk): 1,
    }


def test_the_dpsd_report_counts_doses_not_given_as_events_without_harm(frozen, org, ssh_vest, doses):
    ShortForm.objects.create(
        occurred_on=date(2026, 2, 5),
        unit=org.vest1,
        type=ShortFormType.objects.get(code="medicinadministration"),
        severity="mild",
        description="Forkert tidspunkt",
        reported_by=ssh_vest,
    )
    data, _incidents, n_short = dpsd.collect(date(2026, 2, 1))
    (section,) = data["units"]  # no handler groups in this organisation: one section
    counts = {c["type"]: c for c in section["counts"]}
    assert counts[TYPE] == {"type": TYPE, "none": 3, "mild": 1, "total": 4, "automatic": 3}
    assert n_short == 1


def test_the_leader_sees_the_months_count_before_the_discussion(frozen, login, org, leader_vest, doses):
    response = login(leader_vest).get(reverse("incidents:month_discussion"))
    assert response.status_code == 200
    (table,) = response.context["counted"]
    assert table["unit"] == org.vest and table["months"] == [date(2026, 2, 1), date(2026, 3, 1)]
    row = next(r for r in table["rows"] if r["type"] == TYPE)
    assert [(c["written"], c["automatic"]) for c in row["cells"]] == [
        (0, 2),
        (0, 1),
    ]  # Øst's dose is not Vest's
    assert "2 talt automatisk" in response.content.decode()


def test_the_short_form_page_says_not_given_is_counted_already(frozen, login, ssh_vest):
    body = login(ssh_vest).get(reverse("incidents:short_form")).content.decode()
    assert "tælles automatisk med i månedens samlerapportering" in body


def test_the_nursing_overview_shows_the_count_to_the_leader(frozen, login, leader_vest, doses):
    rows = dict(login(leader_vest).get(reverse("medication:overview")).context["rows"])
    assert (
        rows["Hjemmeplejen Vest"][date(2026, 2, 1)] == 2 and rows["Hjemmeplejen Vest"][date(2026, 3, 1)] == 1
    )
