"""Periodic jobs of the visitation and their beat entries. Idempotent: the inbox key holds the decision,
so a decision's re-assessment is reminded once, whatever the number of runs."""

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

from .models import Case, Decision


@shared_task(name="visitation.remind_reassessments")
def remind_reassessments(now=None):
    """Remind the visitator who made the current decision when its re-assessment date has come."""
    today = timezone.localdate(now or timezone.now())
    cases = (
        Case.objects.reassessment_due(today)
        .select_related("citizen")
        .only("id", "reassess_on", "citizen__first_name", "citizen__last_name")
    )
    by_case = {c.pk: c for c in cases}
    if not by_case:
        return 0
    current = {}
    for decision_id, case_id, version, user_id in Decision.objects.filter(case_id__in=by_case).values_list(
        "id", "case_id", "version", "decided_by_id"
    ):
        if case_id not in current or version > current[case_id][1]:
            current[case_id] = (decision_id, version, user_id)
    notes = []
    with override(settings.LANGUAGE_CODE):
        for case_id, (decision_id, _version, user_id) in current.items():
            case = by_case[case_id]
            notes.append(
                Notification(
                    user_id=user_id,
                    key=f"visitation-reassess:{decision_id}",
                    title=_("Re-assessment due: %(name)s")
                    % {"name": f"{case.citizen.first_name} {case.citizen.last_name}"},
                    body=_("The decision is to be re-assessed by %(date)s.")
                    % {"date": date_format(case.reassess_on, "SHORT_DATE_FORMAT")},
                    url=reverse("visitation:case", args=[case_id]),
                )
            )
    return notify_many(notes)


BEAT_SCHEDULE = {
    "visitation-remind-reassessments-daily": {
        "task": "visitation.remind_reassessments",
        "schedule": crontab(hour=6, minute=45),
    },
}
