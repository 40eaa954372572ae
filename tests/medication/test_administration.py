"""Giving medicine in Min dag: a visit with the medicine task shows the doses due in its window; each is
marked given or not given with a reason (append-only); a medicine not on the list at that time is
refused; "not given" is counted per area and month for samlerapportering."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from carecore.models import AppendOnlyError
from citizens.models import AccessLog
from medication import services
from medication.models import Administration, NotGivenReason, Outcome

from .factories import make_line, make_visit_at

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def at(hour, minute=0, day=date(2026, 3, 23)):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CPH)


@pytest.fixture
def morning(org, nurse, citizen_vest, ssh_vest):
    """Citizen Vestesen: Metformin 08 and 18, Furosemid 08, Simvastatin 22; a visit at 07:45."""
    lines = [
        make_line(citizen_vest, nurse, drug="Metformin", times=["08:00", "18:00"]),
        make_line(citizen_vest, nurse, drug="Furosemid", times=["08:00"]),
        make_line(citizen_vest, nurse, drug="Simvastatin", times=["22:00"]),
        make_line(citizen_vest, nurse, drug="Stoppet", times=["08:00"], ends_on=date(2026, 3, 20)),
    ]
    visit = make_visit_at(citizen_vest, org.vest1, hour=7, minute=45, carer=ssh_vest)
    return visit, lines


def test_my_day_links_a_medicine_visit_to_its_doses(frozen, login, ssh_vest, morning):
    visit, _lines = morning
    body = login(ssh_vest).get(reverse("homecare:my_day")).content.decode()
    assert reverse("medication:visit", args=[visit.pk]) in body


def test_visit_shows_exactly_the_doses_due_in_its_window(frozen, login, ssh_vest, morning):
    visit, _lines = morning
    body = login(ssh_vest).get(reverse("medication:visit", args=[visit.pk])).content.decode()
    assert "Metformin" in body and "Furosemid" in body
    assert "Simvastatin" not in body and "Stoppet" not in body
    assert AccessLog.objects.filter(citizen=visit.citizen, part="medicin", outcome="shown").exists()


def test_carer_marks_a_dose_given(frozen, login, ssh_vest, morning):
    visit, (metformin, *_rest) = morning
    response = login(ssh_vest).post(
        reverse("medication:visit", args=[visit.pk]),
        {"line": metformin.pk, "due": "08:00", "outcome": "given"},
    )
    assert response.status_code == 302
    (row,) = Administration.objects.all()
    assert row.outcome == Outcome.GIVEN and row.due_at == at(8) and row.recorded_by == ssh_vest
    assert row.visit_ref == visit.pk and row.unit == visit.team and row.version == metformin.current


def test_not_given_needs_a_reason_in_danish_and_saves_nothing(frozen, login, ssh_vest, morning):
    visit, (metformin, *_rest) = morning
    response = login(ssh_vest).post(
        reverse("medication:visit", args=[visit.pk]),
        {"line": metformin.pk, "due": "08:00", "outcome": "not_given"},
    )
    assert response.status_code == 400
    assert "Angiv hvorfor medicinen ikke blev givet." in response.content.decode()
    assert not Administration.objects.exists()


def test_carer_marks_a_dose_not_given_with_the_reason(frozen, login, ssh_vest, morning):
    visit, (metformin, *_rest) = morning
    login(ssh_vest).post(
        reverse("medication:visit", args=[visit.pk]),
        {"line": metformin.pk, "due": "08:00", "outcome": "not_given", "reason": "refused"},
    )
    (row,) = Administration.objects.all()
    assert row.outcome == Outcome.NOT_GIVEN and row.reason == NotGivenReason.REFUSED


@pytest.mark.parametrize(
    "drug_index,due",
    [(2, "08:00"), (3, "08:00"), (0, "12:00"), (0, "25:00")],
    ids=["no dose at that time", "ended line", "not a time of the line", "outside the day"],
)
def test_a_medicine_not_on_the_list_at_that_time_is_refused(
    frozen, login, ssh_vest, morning, drug_index, due
):
    visit, lines = morning
    response = login(ssh_vest).post(
        reverse("medication:visit", args=[visit.pk]),
        {"line": lines[drug_index].pk, "due": due, "outcome": "given"},
    )
    assert response.status_code == 400
    assert not Administration.objects.exists()


def test_a_line_of_another_citizen_is_refused(frozen, login, ssh_vest, nurse, morning, citizen_oest):
    visit, _lines = morning
    other = make_line(citizen_oest, nurse)
    response = login(ssh_vest).post(
        reverse("medication:visit", args=[visit.pk]), {"line": other.pk, "due": "08:00", "outcome": "given"}
    )
    assert response.status_code == 400 and "står ikke på borgerens medicinliste" in response.content.decode()
    assert not Administration.objects.exists()


def test_a_dose_is_recorded_once(frozen, ssh_vest, morning):
    visit, (metformin, *_rest) = morning
    services.record_administration(metformin, due_at=at(8), outcome="given", by=ssh_vest, unit=visit.team)
    with pytest.raises(ValidationError):
        services.record_administration(metformin, due_at=at(8), outcome="given", by=ssh_vest, unit=visit.team)
    assert Administration.objects.count() == 1


def test_administrations_are_append_only(frozen, ssh_vest, morning):
    visit, (metformin, *_rest) = morning
    row = services.record_administration(
        metformin, due_at=at(8), outcome="given", by=ssh_vest, unit=visit.team
    )
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        Administration.objects.filter(pk=row.pk).update(outcome="not_given")


def test_carer_of_another_team_is_refused_and_logged(frozen, login, ssh_oest, morning):
    visit, _lines = morning
    assert login(ssh_oest).get(reverse("medication:visit", args=[visit.pk])).status_code == 403
    assert AccessLog.objects.filter(citizen=visit.citizen, user=ssh_oest, outcome="refused").exists()


def test_leader_and_anonymous_cannot_give_medicine(frozen, login, client, leader_vest, morning):
    visit, _lines = morning
    assert login(leader_vest).get(reverse("medication:visit", args=[visit.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("medication:visit", args=[visit.pk])).status_code == 302


def test_not_given_is_counted_per_unit_and_month(
    frozen, ssh_vest, nurse, org, citizen_vest, citizen_oest, morning
):
    visit, (metformin, furosemid, *_rest) = morning
    services.record_administration(
        metformin, due_at=at(8), outcome="not_given", reason="refused", by=ssh_vest, unit=org.vest1
    )
    services.record_administration(furosemid, due_at=at(8), outcome="given", by=ssh_vest, unit=org.vest1)
    services.record_administration(
        metformin,
        due_at=at(8, day=date(2026, 3, 22)),
        outcome="not_given",
        reason="not_home",
        by=ssh_vest,
        unit=org.vest1,
    )
    older = make_line(citizen_vest, nurse, drug="Magnyl", times=["18:00"], starts_on=date(2026, 1, 1))
    services.record_administration(
        older,
        due_at=at(18, day=date(2026, 2, 28)),
        outcome="not_given",
        reason="missing",
        by=ssh_vest,
        unit=org.vest1,
    )
    counts = Administration.objects.not_given_by_unit_month()
    assert counts == {(org.vest1.pk, date(2026, 2, 1)): 1, (org.vest1.pk, date(2026, 3, 1)): 2}


def test_nursing_overview_shows_not_given_per_area_to_the_leader(
    frozen, login, ssh_vest, leader_vest, org, morning
):
    visit, (metformin, *_rest) = morning
    services.record_administration(
        metformin, due_at=at(8), outcome="not_given", reason="refused", by=ssh_vest, unit=org.vest1
    )
    response = login(leader_vest).get(reverse("medication:overview"))
    body = response.content.decode()
    assert response.status_code == 200 and "Hjemmeplejen Vest" in body
    assert dict(response.context["rows"])["Hjemmeplejen Vest"][date(2026, 3, 1)] == 1


def test_nursing_overview_is_refused_to_home_carers(frozen, login, ssh_vest):
    assert login(ssh_vest).get(reverse("medication:overview")).status_code == 403


def test_a_late_visit_whose_window_runs_past_midnight_shows_its_doses(
    frozen, login, org, nurse, ssh_vest, citizen_vest
):
    make_line(citizen_vest, nurse, drug="Simvastatin", times=["23:15"])
    visit = make_visit_at(citizen_vest, org.vest1, hour=23, minute=0, carer=ssh_vest)
    body = login(ssh_vest).get(reverse("medication:visit", args=[visit.pk])).content.decode()
    assert "Simvastatin" in body


# --- The version in force at the dose's time, not today's ---------------------------------------
def test_a_dose_is_checked_against_the_version_in_force_at_its_time(
    frozen, login, nurse, ssh_vest, org, citizen_vest
):
    """Metformin at 08:00; at 10:00 the nurse moves it to 12:00. The 08:00 dose recorded late is the
    old version's and is accepted against it; the current version alone would refuse it."""
    metformin = make_line(citizen_vest, nurse, drug="Metformin", times=["08:00"])
    first = metformin.current
    visit = make_visit_at(citizen_vest, org.vest1, hour=7, minute=45, carer=ssh_vest)
    frozen.move_to(at(10))
    services.change_line(metformin, by=nurse, data={"times": ["12:00"]}, note="Flyttet til middag")
    frozen.move_to(at(10, 30))
    client = login(ssh_vest)
    page = client.get(reverse("medication:visit", args=[visit.pk]))
    assert [(d["version"], d["due"]) for d in page.context["doses"]] == [(first, at(8))]
    response = client.post(
        reverse("medication:visit", args=[visit.pk]),
        {"line": metformin.pk, "due": "08:00", "outcome": "given"},
    )
    assert response.status_code == 302
    (row,) = Administration.objects.all()
    assert row.version == first and row.version.number == 1


def test_a_dose_added_by_a_later_version_is_refused_before_it(
    frozen, login, nurse, ssh_vest, org, citizen_vest
):
    """Furosemid at 18:00; at 10:00 the nurse adds 08:00. The 08:00 dose of that morning was not on the
    list at 08:00: refused in Danish, nothing saved."""
    furosemid = make_line(citizen_vest, nurse, drug="Furosemid", times=["18:00"])
    visit = make_visit_at(citizen_vest, org.vest1, hour=7, minute=45, carer=ssh_vest)
    frozen.move_to(at(10))
    services.change_line(furosemid, by=nurse, data={"times": ["08:00", "18:00"]}, note="Også morgen")
    client = login(ssh_vest)
    assert client.get(reverse("medication:visit", args=[visit.pk])).context["doses"] == []
    response = client.post(
        reverse("medication:visit", args=[visit.pk]),
        {"line": furosemid.pk, "due": "08:00", "outcome": "given"},
    )
    assert response.status_code == 400
    assert "Denne medicin står ikke på listen 23.03.2026 08:00." in response.content.decode()
    assert not Administration.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.record_administration(furosemid, due_at=at(8), outcome="given", by=ssh_vest, unit=org.vest1)
    assert "line" in exc.value.message_dict


def test_a_dose_ended_after_the_page_was_loaded_is_refused(frozen, login, nurse, ssh_vest, org, citizen_vest):
    """The page was loaded with the 08:00 dose; the nurse ends the line before the carer records it (a
    version recorded at 07:30 ending yesterday): the message shows on the dose's card."""
    pinex = make_line(citizen_vest, nurse, drug="Pinex", times=["08:00"])
    furix = make_line(citizen_vest, nurse, drug="Furix", times=["08:00"])
    visit = make_visit_at(citizen_vest, org.vest1, hour=7, minute=45, carer=ssh_vest)
    frozen.move_to(at(7, 30))
    services.change_line(pinex, by=nurse, data={"ends_on": date(2026, 3, 22)}, note="Seponeret")
    frozen.move_to(at(8, 5))
    response = login(ssh_vest).post(
        reverse("medication:visit", args=[visit.pk]), {"line": pinex.pk, "due": "08:00", "outcome": "given"}
    )
    assert response.status_code == 400 and "står ikke på listen" in response.content.decode()
    assert [d["version"].line_id for d in response.context["doses"]] == [furix.pk]
    response = login(ssh_vest).post(
        reverse("medication:visit", args=[visit.pk]),
        {"line": furix.pk, "due": "08:00", "outcome": "not_given"},
    )
    assert response.context["posted_key"] == f"{furix.pk}-0800"
    assert f'id="reason-{furix.pk}-0800"' in response.content.decode()
    assert not Administration.objects.exists()


def test_not_given_offers_a_prefilled_incident_report(frozen, login, nurse, ssh_vest, org, citizen_vest):
    """After a dose not given, the page says it is counted in samlerapportering and links to the staff
    incident report filled in with Medicinering, the citizen (by id, no CPR in the URL), unit, time and
    what happened."""
    from incidents.models import IncidentType

    metformin = make_line(citizen_vest, nurse, drug="Metformin", times=["08:00"])
    visit = make_visit_at(citizen_vest, org.vest1, hour=7, minute=45, carer=ssh_vest)
    frozen.move_to(at(8, 10))
    client = login(ssh_vest)
    response = client.post(
        reverse("medication:visit", args=[visit.pk]),
        {"line": metformin.pk, "due": "08:00", "outcome": "not_given", "reason": "missing"},
        follow=True,
    )
    body = response.content.decode()
    assert "Tælles automatisk med i månedens samlerapportering" in body
    (dose,) = response.context["doses"]
    url = dose["report_url"]
    assert url.startswith(reverse("incidents:report")) and citizen_vest.cpr not in url
    form = client.get(url).context["form"]
    assert form.initial["type"] == IncidentType.objects.get(code="medicinering").pk
    assert form.initial["citizen"] == citizen_vest.cpr and form.initial["unit"] == org.vest1.pk
    assert form.initial["occurred_at"] == at(8)
    assert form.initial["description"].startswith("Metformin tablet 500 mg kl. 08:00 blev ikke givet")


def test_the_incident_prefill_takes_only_what_the_user_may_choose(frozen, login, ssh_oest, org, citizen_vest):
    query = f"?type=ukendt&citizen={citizen_vest.pk}&unit={org.vest1.pk}&occurred_at=2030-01-01T08:00"
    form = login(ssh_oest).get(reverse("incidents:report") + query).context["form"]
    assert "type" not in form.initial and "citizen" not in form.initial
    assert form.initial["unit"] != org.vest1.pk and form.initial["occurred_at"] != at(8, day=date(2030, 1, 1))
