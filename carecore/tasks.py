"""The core's periodic job and its beat entry (the logic is in jobs.py)."""

from celery import shared_task
from celery.schedules import crontab

from . import jobs


@shared_task(name="carecore.flag_stale_journals")
def flag_stale_journals():
    return jobs.flag_stale_journals()


BEAT_SCHEDULE = {
    "flag-stale-journals-nightly": {
        "task": "carecore.flag_stale_journals",
        "schedule": crontab(hour=2, minute=15),
    },
}
