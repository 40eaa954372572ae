from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from carecore.models import Notification
from carecore.roles import Role
from citizens import tasks
from citizens.models import JournalEntry
from citizens.tasks import flag_stale_journals

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


def test_beat_schedule_has_nightly_job(beat_schedule):
    entry = beat_schedule["flag-stale-journals-nightly"]
    assert entry.task == "carecore.flag_stale_journals"


def test_beat_runs_the_jobs_every_app_declares_in_its_tasks_module(beat_schedule):
    from config.celery import app

    ours = {name: entry.task for name, entry in beat_schedule.items() if not name.startswith("celery.")}
    assert ours == {
        "flag-stale-journals-nightly": "carecore.flag_stale_journals",
        "relay-outbox": "carecore.relay_outbox",
        "prune-outbox-nightly": "carecore.prune_outbox",
        "apply-retention-nightly": "carecore.apply_retention",
        "homecare-generate-visits-nightly": "homecare.generate_visits",
        "homecare-alert-late-fixed-visits": "homecare.alert_late_fixed_visits",
        "homecare-remind-expiring-delegations-daily": "homecare.remind_expiring_delegations",
        "homecare-make-outage-lists-nightly": "homecare.make_outage_lists",
        "homecare-check-outage-lists-morning": "homecare.check_outage_lists",
        "homecare-triage-yellow-digest-morning": "homecare.triage_yellow_digest",
        "rehab-remind-follow-ups-daily": "rehab.remind_follow_ups",
        "incidents-reminders-daily": "incidents.send_reminders",
        "incidents-dpsd-monthly": "incidents.monthly_dpsd_report",
        "students-meeting-reminders-daily": "students.meeting_reminders",
        "visitation-remind-reassessments-daily": "visitation.remind_reassessments",
        "prevention-invitation-list-monthly": "prevention.make_invitation_list",
    }
    assert set(ours.values()) <= set(app.tasks)
    assert beat_schedule["incidents-dpsd-monthly"].schedule.day_of_month == {2}
