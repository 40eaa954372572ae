"""Periodic jobs of home care and their beat entries. Idempotent: running one twice writes nothing more."""

from celery import shared_task
from celery.schedules import crontab

from . import delegation, outage, services, triage


@shared_task(name="homecare.generate_visits")
def generate_visits():
    """Nightly: visits for the next 14 days from all visit plans (bulk; see services.generate_visits)."""
    return services.generate_visits()


@shared_task(name="homecare.remind_expiring_delegations")
def remind_expiring_delegations():
    """Daily: the delegating nurse is reminded of a delegation 14 days before its review date."""
    return delegation.remind_expiring()


@shared_task(name="homecare.make_outage_lists")
def make_outage_lists():
    """Nightly: each team's outage list (nødliste) for the next three days, as a stored PDF."""
    return outage.make_outage_lists()


@shared_task(name="homecare.check_outage_lists")
def check_outage_lists():
    """Morning: the leader of a team whose outage list was not made in the night is told."""
    return outage.check_outage_lists()


@shared_task(name="homecare.alert_late_fixed_visits")
def alert_late_fixed_visits():
    """Every five minutes: a fixed-time visit not started 15 minutes after its time alerts the team's
    leaders (once per visit; see services.alert_late_fixed_visits)."""
    return services.alert_late_fixed_visits()


@shared_task(name="homecare.triage_yellow_digest")
def triage_yellow_digest():
    """Morning: each nurse is told the citizens of her area observed yellow in the last 24 hours."""
    return triage.yellow_digest()


BEAT_SCHEDULE = {
    # Before the daily triage meeting.
    "homecare-triage-yellow-digest-morning": {
        "task": "homecare.triage_yellow_digest",
        "schedule": crontab(hour=7, minute=0),
    },
    # After the visits are generated (01:30), so the list holds the night's new visits.
    "homecare-make-outage-lists-nightly": {
        "task": "homecare.make_outage_lists",
        "schedule": crontab(hour=2, minute=30),
    },
    "homecare-check-outage-lists-morning": {
        "task": "homecare.check_outage_lists",
        "schedule": crontab(hour=6, minute=0),
    },
    "homecare-alert-late-fixed-visits": {
        "task": "homecare.alert_late_fixed_visits",
        "schedule": crontab(minute="*/5"),
    },
    "homecare-remind-expiring-delegations-daily": {
        "task": "homecare.remind_expiring_delegations",
        "schedule": crontab(hour=6, minute=15),
    },
    "homecare-generate-visits-nightly": {
        "task": "homecare.generate_visits",
        "schedule": crontab(hour=1, minute=30),
    },
}
