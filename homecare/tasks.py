"""Periodic jobs of home care and their beat entries. Idempotent: running one twice writes nothing more."""

from celery import shared_task
from celery.schedules import crontab

from . import services


@shared_task(name="homecare.generate_visits")
def generate_visits():
    """Nightly: visits for the next 14 days from all visit plans (bulk; see services.generate_visits)."""
    return services.generate_visits()


BEAT_SCHEDULE = {
    "homecare-generate-visits-nightly": {
        "task": "homecare.generate_visits",
        "schedule": crontab(hour=1, minute=30),
    },
}
