"""SFT's periodic job and its beat entry: on the 20th, the next month's invitation list for preventive
home visits (Serviceloven §79a), so the consultant can plan. Idempotent: an offer is made once per
resident, year and group (a unique constraint), so a second run adds nothing."""

from datetime import date

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone

from . import services


def next_month(today):
    return date(today.year + 1, 1, 1) if today.month == 12 else date(today.year, today.month + 1, 1)


@shared_task(name="prevention.make_invitation_list", acks_late=True)
def make_invitation_list(now=None):
    return services.make_invitation_list(next_month(timezone.localdate(now or timezone.now())))


BEAT_SCHEDULE = {
    "prevention-invitation-list-monthly": {
        "task": "prevention.make_invitation_list",
        "schedule": crontab(day_of_month=20, hour=5, minute=0),
    },
}
