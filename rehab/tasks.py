"""Periodic jobs of the rehab module and their beat entries. Idempotent: the inbox key holds the follow-up and the day, so a
second run on the same day writes nothing, and an overdue follow-up is reminded once each day."""

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from carecore.models import Notification
from carecore.notifications import notify_many

from . import letters
from .models import FollowUp


@shared_task(name="rehab.remind_follow_ups")
def remind_follow_ups(now=None):
    """Serviceloven §83a: remind the responsible therapist of a 1- or 3-month follow-up on its due day,
    and every day after while it is not done."""
    today = timezone.localdate(now or timezone.now())
    due = (
        FollowUp.objects.due(today)
        .select_related("pathway__citizen")
        .only(
            "id",
            "months",
            "due_on",
            "pathway__id",
            "pathway__therapist_id",
            "pathway__citizen__first_name",
            "pathway__citizen__last_name",
        )
    )
    notes = []
    with override(settings.LANGUAGE_CODE):
        for f in due:
            citizen = f.pathway.citizen
            overdue = f.due_on < today
            title = (
                _("Follow-up overdue: %(name)s (%(months)s months)")
                if overdue
                else _("Follow-up due today: %(name)s (%(months)s months)")
            ) % {"name": f"{citizen.first_name} {citizen.last_name}", "months": f.months}
            notes.append(
                Notification(
                    user_id=f.pathway.therapist_id,
                    key=f"rehab-followup:{f.pk}:{today.isoformat()}",
                    title=title,
                    body=_("Due %(date)s.") % {"date": date_format(f.due_on, "SHORT_DATE_FORMAT")},
                    url=reverse("rehab:pathway", args=[f.pathway_id]),
                )
            )
    return notify_many(notes)


@shared_task(name="rehab.make_stay_letter")
def make_stay_letter(stay_id, by_id, event_id=None):
    """After a bed is granted or the stay changed (sent through carecore.outbox): that letter, once."""
    return letters.ensure_stay_letter(stay_id, by_id, event_id)


BEAT_SCHEDULE = {
    "rehab-remind-follow-ups-daily": {
        "task": "rehab.remind_follow_ups",
        "schedule": crontab(hour=6, minute=30),
    },
}
