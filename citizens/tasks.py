"""Periodic jobs of the record and their beat entries. Each is idempotent: running it twice writes nothing more."""

from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from carecore.models import Notification, leaders_by_unit
from carecore.notifications import notify_many

from .models import Citizen, CitizenStatus, CitizenUnit


# The name it had when the job lived in carecore, so queued runs and the beat schedule still find it.
@shared_task(name="carecore.flag_stale_journals")
def flag_stale_journals(now=None):
    """Citizens in active care with no journal entry for 30 days are flagged to their team leader.
    The key holds the date of the last entry, so a citizen is flagged again only after a new entry
    has been written and then gone stale."""
    now = now or timezone.now()
    days = settings.OMSORG["STALE_JOURNAL_DAYS"]
    cutoff = now - timedelta(days=days)
    stale = list(
        Citizen.objects.filter(status=CitizenStatus.ACTIVE)
        .annotate(last_entry=Max("journal__created_at"))
        .filter(Q(last_entry__lt=cutoff) | Q(last_entry__isnull=True, created_at__lt=cutoff))
        .values_list("id", "first_name", "last_name", "last_entry")
    )
    if not stale:
        return 0
    ids = [row[0] for row in stale]
    units_of = {}
    for citizen_id, unit_id in CitizenUnit.objects.filter(citizen_id__in=ids).values_list(
        "citizen_id", "unit_id"
    ):
        units_of.setdefault(citizen_id, set()).add(unit_id)
    leaders = leaders_by_unit()
    notes = []
    with override(settings.LANGUAGE_CODE):
        for row in stale:
            citizen_id, first, last, last_entry = row
            stamp = last_entry.date().isoformat() if last_entry else "never"
            recipients = set()
            for unit_id in units_of.get(citizen_id, ()):
                recipients |= leaders.get(unit_id, set())
            for user_id in recipients:
                notes.append(
                    Notification(
                        user_id=user_id,
                        key=f"stale-journal:{citizen_id}:{stamp}",
                        title=_("No journal entry for %(days)s days: %(name)s")
                        % {"days": days, "name": f"{first} {last}"},
                        url=f"/borgere/{citizen_id}/",
                    )
                )
    return notify_many(notes)


BEAT_SCHEDULE = {
    "flag-stale-journals-nightly": {
        "task": "carecore.flag_stale_journals",
        "schedule": crontab(hour=2, minute=15),
    },
}
