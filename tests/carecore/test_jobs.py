from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from carecore import tasks
from carecore.jobs import flag_stale_journals
from carecore.models import Notification
from carecore.roles import Role
from citizens.models import JournalEntry

from ..factories import CitizenFactory, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_leader(org):
    return make_staff("teamleder.vest1", role=Role.LEADER, leader_of=[org.vest1])


def test_citizen_without_entry_for_30_days_is_flagged_to_team_leader_once(
    org, team_leader, ssh_vest, leader_vest
):
    with time_machine.travel("2026-01-01 09:00 +01:00"):
        quiet = CitizenFactory(units=[org.vest1], last_name="Stille")
        busy = CitizenFactory(units=[org.vest1], last_name="Travl")
        JournalEntry.objects.create(citizen=quiet, author=ssh_vest, text="x")
    with time_machine.travel("2026-01-25 09:00 +01:00"):
        JournalEntry.objects.create(citizen=busy, author=ssh_vest, text="y")
    with time_machine.travel("2026-02-05 02:15 +01:00"):
        assert flag_stale_journals() == 1
        flag_stale_journals()
        tasks.flag_stale_journals.delay()
    notes = list(Notification.objects.all())
    assert len(notes) == 1
    assert notes[0].user == team_leader
    assert notes[0].title == "Intet journalnotat i 30 dage: " + quiet.full_name
    assert notes[0].url == reverse("citizens:detail", args=[quiet.pk])


def test_flag_walks_up_to_area_leader_when_team_has_none(org, leader_vest, ssh_vest):
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        citizen = CitizenFactory(units=[org.vest2])
    flag_stale_journals()
    assert Notification.objects.get().user == leader_vest
    assert str(citizen.pk) in Notification.objects.get().key


def test_citizen_flagged_again_after_new_entry_goes_stale(org, team_leader, ssh_vest):
    with time_machine.travel("2026-01-01 09:00 +01:00"):
        citizen = CitizenFactory(units=[org.vest1])
        JournalEntry.objects.create(citizen=citizen, author=ssh_vest, text="x")
    with time_machine.travel("2026-02-05 09:00 +01:00"):
        flag_stale_journals()
        JournalEntry.objects.create(citizen=citizen, author=ssh_vest, text="y")
    with time_machine.travel("2026-03-10 09:00 +01:00"):
        flag_stale_journals()
    assert Notification.objects.count() == 2


def test_inactive_citizens_are_not_flagged(org, team_leader):
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        CitizenFactory(units=[org.vest1], status="deceased")
    assert flag_stale_journals() == 0


def test_inbox_shows_and_marks_read(login, team_leader):
    Notification.objects.create(user=team_leader, key="k", title="Hej", url="/borgere/")
    client = login(team_leader)
    body = client.get(reverse("home")).content.decode()
    assert 'class="badge">1<' in body
    assert "Hej" in client.get(reverse("inbox")).content.decode()
    note = Notification.objects.get()
    response = client.post(reverse("notification_read", args=[note.pk]), {"follow": "1"})
    assert response["Location"] == "/borgere/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_cannot_mark_another_users_notification(login, team_leader, ssh_vest):
    note = Notification.objects.create(user=team_leader, key="k", title="Hej")
    assert login(ssh_vest).post(reverse("notification_read", args=[note.pk])).status_code == 403
    note.refresh_from_db()
    assert note.read_at is None


def test_beat_schedule_has_nightly_job(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["flag-stale-journals-nightly"]
    assert entry["task"] == "carecore.flag_stale_journals"
