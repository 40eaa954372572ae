"""The acute team (Akutteamet): a nurse logs each call-out (udkald) to a citizen: when, why and how it
ended. The leader follows "indlæggelser forebygget" (admissions avoided) per month. A call-out is a
record: written once; a correction is a new row."""

from datetime import date, datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from carecore.models import AppendOnlyModel, AppendOnlyQuerySet, Unit, scope_unit_ids
from citizens.models import CitizenRowQuerySet

# The unit whose staff log call-outs; its leaders (and those above) follow them.
ACUTE_TEAM = "akutteamet"


def months_back(today, months):
    """The first days of the last `months` months up to today's, oldest first."""
    firsts = []
    year, month = today.year, today.month
    for _n in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def serves_acute_team(user):
    """Is the acute team in the user's scope (a member of it, or a leader above it)?"""
    unit_ids = scope_unit_ids(user)
    return bool(unit_ids) and Unit.objects.filter(code=ACUTE_TEAM, pk__in=unit_ids).exists()


def acute_bed_stays(user, now):
    """The citizens in the user's scope on an acute bed now: the Rehab- og Akutcenter's current stays
    of an acute type (the rehab module's stays, found by model label, never imported). Empty when the
    rehab module is not installed."""
    if not apps.is_installed("rehab"):
        return []
    Stay = apps.get_model("rehab", "Stay")
    return list(
        Stay.objects.visible_to(user)
        .current(now)
        .filter(stay_type__is_acute=True)
        .select_related("citizen", "bed", "stay_type")
        .order_by("starts_at", "id")
    )


class Outcome(models.TextChoices):
    AVOIDED = "avoided", _lazy("Admission avoided")
    ACUTE_BED = "acute_bed", _lazy("Acute bed")
    HOSPITAL = "hospital", _lazy("Hospital")
    HOME_WITH_PLAN = "home_plan", _lazy("Stayed home with a plan")


class CallOutQuerySet(AppendOnlyQuerySet, CitizenRowQuerySet):
    def avoided_per_month(self, today, months=12):
        """[(first day of month, admissions avoided)] for the last `months` months up to today's, oldest
        first, months without any included. Counted by the local month of the call-out."""
        firsts = months_back(today, months)
        start = timezone.make_aware(datetime.combine(firsts[0], datetime.min.time()))
        counts = {
            (row["month"].date() if hasattr(row["month"], "date") else row["month"]): row["n"]
            for row in self.filter(outcome=Outcome.AVOIDED, called_at__gte=start)
            .annotate(month=TruncMonth("called_at"))
            .values("month")
            .annotate(n=Count("id"))
            .order_by()
        }
        return [(first, counts.get(first, 0)) for first in firsts]


class CallOut(AppendOnlyModel):
    """Udkald: the acute team went out to a citizen."""

    citizen_field = "citizen"
    citizen = models.ForeignKey(
        "citizens.Citizen", verbose_name=_lazy("citizen"), on_delete=models.PROTECT, related_name="call_outs"
    )
    called_at = models.DateTimeField(_lazy("called out"))
    reason = models.CharField(_lazy("why"), max_length=300)
    outcome = models.CharField(_lazy("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_lazy("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_lazy("recorded"), default=timezone.now)

    objects = CallOutQuerySet.as_manager()

    class Meta:
        app_label = "homecare"
        verbose_name = _lazy("call-out")
        verbose_name_plural = _lazy("call-outs")
        ordering = ["-called_at", "-id"]
        indexes = [models.Index(fields=["outcome", "called_at"], name="callout_outcome_at")]

    def __str__(self):
        return f"{self.citizen_id} {self.called_at:%Y-%m-%d %H:%M}"


def log_call_out(*, citizen, called_at, reason, outcome, by, note="", now=None):
    """Record a call-out. Not in the future; the outcome one of the four."""
    now = now or timezone.now()
    errors = {}
    if called_at > now:
        errors["called_at"] = _("The call-out cannot lie in the future.")
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose how the call-out ended.")
    if errors:
        raise ValidationError(errors)
    return CallOut.objects.create(
        citizen=citizen, called_at=called_at, reason=reason, outcome=outcome, note=note, recorded_by=by
    )
