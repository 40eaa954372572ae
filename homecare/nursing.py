"""Home care's part of the nursing overview (carecore.overview): visits delivered per team and month,
delegations due for review, and the acute team's call-outs per month. Four queries."""

from datetime import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from carecore.overview import Table

from .acute import CallOut, Outcome, months_back
from .delegation import REMIND_DAYS, Delegation
from .models import Visit, VisitStatus
from .reports import planned_teams

MONTHS = 6
EXPIRING_SHOWN = 50


def _month(first):
    return date_format(first, "N Y")


def _first(value):
    return value.date() if isinstance(value, datetime) else value


def delivered_per_team(user, months):
    teams = planned_teams(user)
    counts = {
        (row["team_id"], _first(row["month"])): row["n"]
        for row in Visit.objects.filter(
            team_id__in=[t.pk for t in teams], date__gte=months[0], status=VisitStatus.DELIVERED
        )
        .annotate(month=TruncMonth("date"))
        .values("team_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    }
    return Table(
        key="visits-delivered",
        heading=_("Visits delivered, per team and month"),
        columns=[_("Team"), *(_month(m) for m in months)],
        rows=[[t.name, *(counts.get((t.pk, m), 0) for m in months)] for t in teams],
        empty=_("No teams to show."),
        order=10,
    )


def expiring_delegations(user, today):
    rows = (
        Delegation.objects.visible_to(user)
        .expiring(today)
        .select_related("team", "carer")
        .order_by("valid_until", "id")[:EXPIRING_SHOWN]
    )
    return Table(
        key="delegations-expiring",
        heading=_("Delegations due for review within %(days)s days") % {"days": REMIND_DAYS},
        columns=[_("Team"), _("Task"), _("Delegated to"), _("Review date")],
        rows=[
            [
                d.team.name,
                d.get_task_display(),
                (d.carer.get_full_name() or d.carer.username) if d.carer else _("The whole team"),
                d.valid_until.strftime("%d.%m.%Y"),
            ]
            for d in rows
        ],
        empty=_("No delegation is due for review."),
        order=20,
    )


def call_outs_per_month(user, months):
    start = timezone.make_aware(datetime.combine(months[0], datetime.min.time()))
    counts = {
        _first(row["month"]): (row["n"], row["avoided"])
        for row in CallOut.objects.visible_to(user)
        .filter(called_at__gte=start)
        .annotate(month=TruncMonth("called_at"))
        .values("month")
        .annotate(n=Count("id"), avoided=Count("id", filter=Q(outcome=Outcome.AVOIDED)))
        .order_by()
    }
    return Table(
        key="call-outs",
        heading=_("The acute team's call-outs per month"),
        columns=[_("Month"), _("Call-outs"), _("Admissions avoided")],
        rows=[[_month(m), *counts.get(m, (0, 0))] for m in months],
        order=40,
    )


def tables(user, *, today):
    months = months_back(today, MONTHS)
    return [
        delivered_per_team(user, months),
        expiring_delegations(user, today),
        call_outs_per_month(user, months),
    ]
