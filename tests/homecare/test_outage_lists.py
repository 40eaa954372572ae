"""Nødlister: every night each team's next three days as a stored PDF, read by the team only, every
download logged per citizen; a missing list reaches the leader in the morning."""

import io
from datetime import date, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from carecore.models import Notification
from carecore.roles import Role
from citizens.models import AccessLog, AccessPart, Relative
from homecare import outage, services, tasks
from homecare.models import DelegatedTask, OutageList, Visit

from ..factories import CitizenFactory, make_staff
from .factories import VisitPlanFactory

pytestmark = pytest.mark.django_db

NIGHT = "2026-03-23 02:30 +01:00"


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(data))).pages)


@pytest.fixture
def vest_visits(org, ssh_vest):
    """Two Vest Team 1 citizens with daily visits (one with medicine), and an Øst citizen."""
    with time_machine.travel("2026-03-22 12:00 +01:00", tick=False):
        inger = CitizenFactory(
            units=[org.vest1],
            first_name="Inger",
            last_name="Vestesen",
            address="Ahornvej 3",
            phone="20 30 40 50",
            access_note="Nøgleboks ved bagdør, kode 4711",
        )
        Relative.objects.create(citizen=inger, name="Ane Vestesen", relation="datter", phone="31 32 33 34")
        karl = CitizenFactory(units=[org.vest1], first_name="Karl", last_name="Kastanje")
        poul = CitizenFactory(units=[org.oest1], first_name="Poul", last_name="Østesen")
        plans = [
            VisitPlanFactory(citizen=inger, tasks="Hjælp til bad\nSmøre mad", title="Morgenpleje"),
            VisitPlanFactory(
                citizen=karl,
                title="Medicin",
                tasks="Giv medicin",
                delegated_task=DelegatedTask.MEDICINE,
                window_start=time(9, 0),
                window_end=time(9, 30),
            ),
            VisitPlanFactory(citizen=poul, title="Rengøring"),
        ]
        services.generate_visits(plans=plans, days=5)
    Visit.objects.filter(citizen=inger).update(assigned_to=ssh_vest)
    return inger, karl, poul


def test_nightly_job_stores_each_teams_pdf_with_the_next_three_days(org, vest_visits, ssh_vest):
    inger, karl, poul = vest_visits
    with time_machine.travel(NIGHT, tick=False):
        # Through Celery's task machinery, run here (apply): with Redis and no worker, delay().get() waits forever.
        assert tasks.make_outage_lists.apply().get() == 2
        assert outage.make_outage_lists() == 0  # run twice: nothing more
    vest = OutageList.objects.get(team=org.vest1)
    assert vest.first_day == date(2026, 3, 23) and vest.days == 3 and vest.made_by == "beat"
    assert vest.visit_count == 6 and set(vest.citizen_ids) == {inger.pk, karl.pk}
    text = pdf_text(vest.pdf)
    for expected in [
        "Vest Team 1",
        "Inger Vestesen",
        "Ahornvej 3",
        "Nøgleboks ved bagdør, kode 4711",
        "Hjælp til bad",
        "Smøre mad",
        "Ane Vestesen",
        "31 32 33 34",
        "Karl Kastanje",
        "Medicingivning",
        ssh_vest.get_full_name(),
        "Mandag 23. marts",
        "Onsdag 25. marts",
    ]:
        assert expected in text, (expected, text)
    assert "Torsdag 26. marts" not in text  # three days only
    assert "Poul Østesen" not in text  # another team's citizen
    assert "Poul Østesen" in pdf_text(OutageList.objects.get(team=org.oest1).pdf)


def test_the_medication_modules_lines_are_on_the_medicine_visit(org, vest_visits, nurse):
    from ..medication.factories import make_line

    inger, karl, poul = vest_visits
    make_line(karl, nurse)
    with time_machine.travel(NIGHT, tick=False):
        outage.make_outage_lists()
    text = pdf_text(OutageList.objects.get(team=org.vest1).pdf)
    line = karl.medicine_lines.get().current
    assert line.drug in text


def test_team_staff_and_leader_open_the_list_and_each_citizen_look_is_logged(
    login, org, vest_visits, ssh_vest, leader_vest
):
    inger, karl, poul = vest_visits
    with time_machine.travel(NIGHT, tick=False):
        outage.make_outage_lists()
    vest = OutageList.objects.get(team=org.vest1)
    with time_machine.travel("2026-03-23 07:00 +01:00", tick=False):
        page = login(ssh_vest).get(reverse("homecare:outage_lists"))
        assert page.status_code == 200
        body = page.content.decode()
        assert "Vest Team 1" in body and "23. marts 2026 02:30" in body
        assert "Øst Team 1" not in body and "mangler" not in body
        for user in (ssh_vest, leader_vest):
            response = login(user).get(reverse("homecare:outage_pdf", args=[vest.pk]))
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
            assert "Inger Vestesen" in pdf_text(response.content)
            logged = AccessLog.objects.filter(user=user, part=AccessPart.OUTAGE_LIST)
            assert sorted(logged.values_list("citizen_id", flat=True)) == sorted([inger.pk, karl.pk])


def test_another_teams_staff_and_a_leader_of_another_area_are_refused(login, org, vest_visits, ssh_oest):
    with time_machine.travel(NIGHT, tick=False):
        outage.make_outage_lists()
    vest = OutageList.objects.get(team=org.vest1)
    leader_oest = make_staff("leder.oest", role=Role.LEADER, leader_of=[org.oest])
    vest2 = make_staff("ssh.vest2", role=Role.SSH, units=[org.vest2])
    nurse_covering = make_staff("sygeplejerske.hp", role=Role.NURSE, units=[org.nursing])
    for user in (ssh_oest, leader_oest, vest2, nurse_covering):
        assert login(user).get(reverse("homecare:outage_pdf", args=[vest.pk])).status_code == 403
        assert "Vest Team 1" not in login(user).get(reverse("homecare:outage_lists")).content.decode()
    assert not AccessLog.objects.filter(part=AccessPart.OUTAGE_LIST).exists()


def test_refused_roles_and_anonymous(client, login, org, vest_visits, visitator):
    with time_machine.travel(NIGHT, tick=False):
        outage.make_outage_lists()
    vest = OutageList.objects.get(team=org.vest1)
    for url in (reverse("homecare:outage_lists"), reverse("homecare:outage_pdf", args=[vest.pk])):
        assert login(visitator).get(url).status_code == 403
        client.logout()
        assert client.get(url).status_code == 302


def test_missing_list_is_told_to_the_leader_in_the_morning_and_shown_on_the_page(
    login, org, vest_visits, leader_vest, ssh_vest
):
    with time_machine.travel(NIGHT, tick=False):
        outage.make_outage_list(org.oest1)  # Vest's failed in the night
    with time_machine.travel("2026-03-23 06:00 +01:00", tick=False):
        assert tasks.check_outage_lists.apply().get() == 1
        assert outage.check_outage_lists() == 0  # told once
        note = Notification.objects.get(user=leader_vest)
        assert note.title == "Der blev ikke lavet en nødliste i nat for Vest Team 1"
        assert note.url == reverse("homecare:outage_lists")
        body = login(ssh_vest).get(reverse("homecare:outage_lists")).content.decode()
        assert "Dagens nødliste mangler" in body and "Lav de manglende lister nu" not in body
        leader = login(leader_vest)
        assert "Lav de manglende lister nu" in leader.get(reverse("homecare:outage_lists")).content.decode()
        leader.post(reverse("homecare:outage_make"))
    assert OutageList.objects.get(team=org.vest1, first_day=date(2026, 3, 23)).made_by == "leder.vest"


def test_only_a_leader_makes_missing_lists(login, org, vest_visits, ssh_vest):
    assert login(ssh_vest).post(reverse("homecare:outage_make")).status_code == 403
    assert not OutageList.objects.exists()


def test_one_teams_failure_does_not_stop_the_others(org, vest_visits, monkeypatch):
    real = outage.render_pdf

    def failing(team, *args, **kwargs):
        if team == org.vest1:
            raise OSError("font missing")
        return real(team, *args, **kwargs)

    monkeypatch.setattr(outage, "render_pdf", failing)
    with time_machine.travel(NIGHT, tick=False):
        assert outage.make_outage_lists() == 1
    assert list(OutageList.objects.values_list("team", flat=True)) == [org.oest1.pk]
    assert [t.pk for t in outage.missing_teams(date(2026, 3, 23))] == [org.vest1.pk]


def test_beat_runs_the_outage_jobs_at_night_and_in_the_morning(beat_schedule):
    make = beat_schedule["homecare-make-outage-lists-nightly"]
    check = beat_schedule["homecare-check-outage-lists-morning"]
    assert make.task == "homecare.make_outage_lists" and make.schedule.hour == {2}
    assert check.task == "homecare.check_outage_lists" and check.schedule.hour == {6}


@pytest.mark.parametrize("n", [5, 50])
def test_outage_page_query_count_is_fixed(login, org, ssh_vest, django_assert_num_queries, n):
    """n lists of the last days, over as many teams of the carer as it takes (one list a team a day)."""
    from carecore.models import Membership, Unit, UnitKind

    for t in range((n + 9) // 10):
        team = (
            org.vest1 if t == 0 else Unit.objects.create(name=f"Team {t}", code=f"t{t}", kind=UnitKind.TEAM)
        )
        Membership.objects.get_or_create(user=ssh_vest, unit=team)
        for i in range(min(10, n - 10 * t)):
            OutageList.objects.create(
                team=team, first_day=date(2026, 3, 23) - timedelta(days=i), days=3, pdf=b"%PDF", visit_count=1
            )
    client = login(ssh_vest)
    with time_machine.travel("2026-03-23 07:00 +01:00", tick=False):
        client.get(reverse("homecare:outage_lists"))
        with django_assert_num_queries(6):
            assert client.get(reverse("homecare:outage_lists")).status_code == 200
