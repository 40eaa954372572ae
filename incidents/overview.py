"""Key figures for the dashboard: a fixed number of aggregate queries whatever the data size."""

from datetime import timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Min, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from carecore.models import Unit

from . import automatic
from .dpsd import month_bounds, previous_month
from .models import Action, Incident, Kind, Severity, ShortForm, ShortFormType, Status, entry_label


def last_months(today, n=12):
    month = today.replace(day=1)
    months = [month]
    for _i in range(n - 1):
        month = previous_month(month)
        months.append(month)
    return list(reversed(months))


def figures(user, now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    months = last_months(today)
    since = timezone.make_aware(timezone.datetime.combine(months[0], timezone.datetime.min.time()))
    scoped = Incident.objects.in_area_of(user).filter(kind=Kind.UTH)

    rows = (
        scoped.filter(occurred_at__gte=since)
        .annotate(month=TruncMonth("occurred_at"))
        .values("month", "type__code", "type__name", "actual_severity")
        .annotate(n=Count("id"))
        .order_by()
    )
    severities = list(Severity)
    per_month = {m: {s.value: 0 for s in severities} for m in months}
    per_type = {}
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        if month in per_month:
            per_month[month][row["actual_severity"]] += row["n"]
        name = entry_label(row["type__code"], row["type__name"]) if row["type__name"] else "-"
        per_type[name] = per_type.get(name, 0) + row["n"]
    peak = max([sum(c.values()) for c in per_month.values()] + [1])
    trend = [
        {"month": m, "counts": [c[s.value] for s in severities], "total": sum(c.values())}
        for m, c in per_month.items()
    ]
    top_types = sorted(per_type.items(), key=lambda kv: (-kv[1], kv[0]))[:5]

    open_groups = list(
        scoped.open()
        .values("handler_group__name")
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .order_by("-n")
    )
    for g in open_groups:
        g["age_days"] = (now - g["oldest"]).days if g["oldest"] else 0

    overdue = Action.objects.filter(
        incident__in=scoped.values("pk"), done_at__isnull=True, due__lt=today
    ).count()
    finished = scoped.filter(status__in=[Status.CLOSED, Status.REJECTED], closed_at__gte=since).aggregate(
        total=Count("id"),
        with_feedback=Count("id", filter=~Q(feedback="")),
        avg_close=Avg(ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField())),
    )
    avg = _days(finished["avg_close"])
    return {
        "by_handler": _breakdown(scoped, since, "assigned_to"),
        "by_area": _breakdown(scoped, since, "handler_group"),
        "severities": severities,
        "trend": trend,
        "peak": peak,
        "top_types": top_types,
        "open_groups": open_groups,
        "overdue": overdue,
        "finished": finished["total"],
        "feedback_share": round(100 * finished["with_feedback"] / finished["total"])
        if finished["total"]
        else None,
        "avg_close_days": avg,
    }


def month_table(units, months):
    """What the staff group discusses: for each unit (with the units under it) and each month, per
    short-form type the short forms written and the events counted automatically. A fixed number of
    queries: the unit paths, the types, the short forms, and each provider once per month."""
    if not units or not months:
        return []
    paths = dict(Unit.objects.values_list("id", "path"))

    def owners(unit_id):
        path = paths.get(unit_id, "")
        return [u for u in units if path.startswith(u.path)]

    types = list(ShortFormType.objects.filter(active=True).order_by("position", "name"))
    table = {(u.pk, m, t.code): [0, 0] for u in units for m in months for t in types}
    first, last = min(months), max(months)
    written = (
        ShortForm.objects.filter(occurred_on__gte=first, occurred_on__lt=month_bounds(last)[2])
        .annotate(month=TruncMonth("occurred_on"))
        .values("unit_id", "type__code", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in written:
        for owner in owners(row["unit_id"]):
            cell = table.get((owner.pk, row["month"], row["type__code"]))
            if cell is not None:
                cell[0] += row["n"]
    for month in months:
        start, end, _next = month_bounds(month)
        for (code, unit_id), n in automatic.counts(start, end).items():
            for owner in owners(unit_id):
                cell = table.get((owner.pk, month, code))
                if cell is not None:
                    cell[1] += n
    return [
        {
            "unit": unit,
            "months": months,
            "rows": [
                {
                    "type": t.name,
                    "cells": [
                        {
                            "written": table[unit.pk, m, t.code][0],
                            "automatic": table[unit.pk, m, t.code][1],
                            "total": sum(table[unit.pk, m, t.code]),
                        }
                        for m in months
                    ],
                }
                for t in types
            ],
        }
        for unit in units
    ]


def _days(avg):
    """An average duration as days with one decimal (SQLite answers in microseconds)."""
    if avg is None:
        return None
    if not isinstance(avg, timedelta):
        avg = timedelta(microseconds=avg)
    return round(avg.total_seconds() / 86400, 1)


def _breakdown(scoped, since, key):
    """Per case handler (or per area): open cases, cases closed, and the average days from report to
    close, over the cases reported since `since`. One aggregate query."""
    name = {"assigned_to": "assigned_to__username", "handler_group": "handler_group__name"}[key]
    closed = Q(status=Status.CLOSED)
    rows = (
        scoped.filter(created_at__gte=since)
        .values(
            name, *(("assigned_to__first_name", "assigned_to__last_name") if key == "assigned_to" else ())
        )
        .annotate(
            open=Count("id", filter=~Q(status__in=[Status.CLOSED, Status.REJECTED])),
            closed=Count("id", filter=closed),
            avg_close=Avg(
                ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField()),
                filter=closed,
            ),
        )
        .order_by(name)
    )
    out = []
    for row in rows:
        label = row[name] or "–"
        if key == "assigned_to" and row[name]:
            label = f"{row['assigned_to__first_name']} {row['assigned_to__last_name']}".strip() or row[name]
        out.append(
            {"name": label, "open": row["open"], "closed": row["closed"], "days": _days(row["avg_close"])}
        )
    return out
