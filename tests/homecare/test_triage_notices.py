"""Tidlig opsporing reaches the nurses of the area (red at once, yellow in the morning digest) with the
citizen's name and a link; the carer who observed reads the nurse's answer; nobody is told about their own
triage or observation."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from carecore.models import Notification
from carecore.roles import Role
from homecare import services, triage
from homecare.tasks import triage_yellow_digest

from ..factories import make_staff

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def nurse_two(org):
    return make_staff("sygeplejerske.to", role=Role.NURSE, units=[org.nursing])


@pytest.fixture
def nurse_elsewhere(org):
    return make_staff("sygeplejerske.andet", role=Role.NURSE, units=[org.staff_unit])


def test_a_red_observation_reaches_the_areas_nurses_at_once_with_name_and_link(
    frozen, ssh_vest, nurse, nurse_elsewhere, citizen_vest
):
    services.record_observation(citizen_vest, by=ssh_vest, changes=["breathing"])
    note = Notification.objects.get(user=nurse)
    assert note.title == "Rød triage: Inger Vestesen"
    assert note.url == f"/hjemmepleje/triage/#triage-{citizen_vest.pk}"
    assert not nurse_elsewhere.notifications.exists() and not ssh_vest.notifications.exists()


def test_a_nurse_is_not_told_about_her_own_red_triage(frozen, nurse, nurse_two, citizen_vest):
    services.record_observation(citizen_vest, by=nurse, changes=["breathing"])
    assert not nurse.notifications.exists()
    assert nurse_two.notifications.count() == 1
    Notification.objects.all().delete()
    with time_machine.travel(datetime(2026, 3, 24, 9, 0, tzinfo=CPH), tick=False):
        services.set_triage(citizen_vest, by=nurse_two, colour="red", action="Læge tilkaldt")
    assert not nurse_two.notifications.exists()
    assert nurse.notifications.get(title__startswith="Rød triage").body == "Læge tilkaldt"


def test_a_yellow_observation_waits_for_the_morning_digest(
    frozen, ssh_vest, nurse, nurse_two, nurse_elsewhere, citizen_vest, org
):
    from ..factories import CitizenFactory

    other = CitizenFactory(units=[org.vest1], first_name="Karl", last_name="Andersen")
    services.record_observation(citizen_vest, by=ssh_vest, changes=["tired"])
    services.record_observation(other, by=nurse_two, changes=["pain"])
    assert not Notification.objects.exists()
    with time_machine.travel(datetime(2026, 3, 23, 7, 0, tzinfo=CPH), tick=False):
        assert triage_yellow_digest.apply().get() == 2
        assert triage_yellow_digest.apply().get() == 0  # run twice: nothing more
    note = nurse.notifications.get()
    assert note.title == "Gul triage: 2 borgere til dagens triagemøde"
    assert "Inger Vestesen" in note.body and "Karl Andersen" in note.body
    assert note.url == reverse("homecare:triage")
    own = nurse_two.notifications.get()  # her own observation of Karl is not in her digest
    assert own.title == "Gul triage: 1 borger til dagens triagemøde" and own.body == "Inger Vestesen"
    assert not nurse_elsewhere.notifications.exists()


def test_the_digest_covers_the_last_24_hours_only(frozen, ssh_vest, nurse, citizen_vest):
    services.record_observation(citizen_vest, by=ssh_vest, changes=["tired"])
    assert triage.yellow_digest(now=datetime(2026, 3, 25, 7, 0, tzinfo=CPH)) == 0


def test_the_carer_reads_the_nurses_answer_in_her_inbox(frozen, login, ssh_vest, nurse, citizen_vest):
    services.record_observation(citizen_vest, by=ssh_vest, changes=["tired"])
    with time_machine.travel(datetime(2026, 3, 23, 9, 0, tzinfo=CPH), tick=False):
        services.set_triage(citizen_vest, by=nurse, colour="yellow", action="Væske og vægt i 3 dage")
    note = ssh_vest.notifications.get()
    assert note.title == "Sygeplejerskens svar om Inger Vestesen"
    assert "satte triagefarven til gul" in note.body and "Væske og vægt i 3 dage" in note.body
    assert note.url == reverse("citizens:detail", args=[citizen_vest.pk])
    assert not nurse.notifications.exists()
    body = login(ssh_vest).get(reverse("inbox")).content.decode()
    assert "Sygeplejerskens svar om Inger Vestesen" in body
    # A later triage without a new observation tells the carer nothing more.
    with time_machine.travel(datetime(2026, 3, 23, 15, 0, tzinfo=CPH), tick=False):
        services.set_triage(citizen_vest, by=nurse, colour="green", action="")
    assert ssh_vest.notifications.count() == 1


def test_a_nurse_answering_her_own_observation_is_not_told(frozen, nurse, citizen_vest):
    services.record_observation(citizen_vest, by=nurse, changes=["tired"])
    with time_machine.travel(datetime(2026, 3, 23, 9, 0, tzinfo=CPH), tick=False):
        services.set_triage(citizen_vest, by=nurse, colour="yellow", action="Følges")
    assert not nurse.notifications.exists()
