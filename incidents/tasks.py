"""Periodic jobs of the incidents module and their beat entries. Each is idempotent: running it twice writes nothing more."""

from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from carecore.models import Notification
from carecore.notifications import notify_many

from . import dpsd
from .models import Action, HandlerGroup, Incident

UNTOUCHED_DAYS = 5


def _recipients(assigned_to_id, group_id, members):
    if assigned_to_id:
        return {assigned_to_id}
    return members.get(group_id, set())


def _group_members():
    members = {}
    for group_id, user_id in HandlerGroup.members.through.objects.values_list("handlergroup_id", "user_id"):
        members.setdefault(group_id, set()).add(user_id)
    return members


@shared_task(name="incidents.send_reminders")
def send_reminders(now=None):
    """A case untouched for 5 days, and an action past its date, give one inbox reminder each.
    The key holds the last-touched date, so a case is reminded again only after it went stale anew."""
    now = now or timezone.now()
    members = _group_members()
    notes = []
    stale = (
        Incident.objects.open()
        .filter(touched_at__lt=now - timedelta(days=UNTOUCHED_DAYS))
        .values_list("id", "kind", "assigned_to_id", "handler_group_id", "touched_at")
    )
    overdue = Action.objects.filter(done_at__isnull=True, due__lt=timezone.localdate(now)).values_list(
        "id", "what", "due", "incident_id", "incident__assigned_to_id", "incident__handler_group_id"
    )
    with override(settings.LANGUAGE_CODE):
        for pk, kind, assigned, group, touched in stale:
            number = f"{'MAG' if kind == 'force' else 'UTH'}-{pk}"
            for uid in _recipients(assigned, group, members):
                notes.append(
                    Notification(
                        user_id=uid,
                        key=f"uth-untouched:{pk}:{touched.date().isoformat()}",
                        title=_("Case %(number)s has not been handled for %(days)s days")
                        % {"number": number, "days": UNTOUCHED_DAYS},
                        url=f"/uth/{pk}/",
                    )
                )
        for pk, what, due, incident_id, assigned, group in overdue:
            for uid in _recipients(assigned, group, members):
                notes.append(
                    Notification(
                        user_id=uid,
                        key=f"uth-action-overdue:{pk}",
                        title=_("Action past its date (%(due)s): %(what)s")
                        % {"due": due.isoformat(), "what": what[:120]},
                        url=f"/uth/{incident_id}/",
                    )
                )
    return notify_many(notes)


@shared_task(name="incidents.monthly_dpsd_report")
def monthly_dpsd_report(now=None):
    """On the 2nd of each month: build last month's report and return its id. Rebuilding replaces it,
    never doubles it."""
    month = dpsd.previous_month(timezone.localdate(now or timezone.now()))
    return dpsd.build_report(month).pk


BEAT_SCHEDULE = {
    "incidents-reminders-daily": {"task": "incidents.send_reminders", "schedule": crontab(hour=6, minute=30)},
    # The previous month's DPSD report is built on the 2nd (idempotent: a rerun replaces the draft).
    "incidents-dpsd-monthly": {
        "task": "incidents.monthly_dpsd_report",
        "schedule": crontab(day_of_month=2, hour=3, minute=0),
    },
}
