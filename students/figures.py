"""Key figures for the trainee dashboard and the placement calendar. Each function issues a fixed
number of queries, whatever the number of trainees."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from .models import (
    ApplicantStage,
    Meeting,
    MeetingKind,
    PayBasis,
    Placement,
    Programme,
    TraineeStatus,
    UnitCapacity,
    supervisor_limit,
)
from .services import max_overlap


def _employed_q(year, prefix=""):
    first, last = date(year, 1, 1), date(year, 12, 31)
    return Q(**{f"{prefix}start_date__lte": last}) & (
        Q(**{f"{prefix}ended_on__gte": first})
        | Q(**{f"{prefix}ended_on__isnull": True, f"{prefix}expected_end__gte": first})
    )


def by_programme_and_status(trainees):
    """{programme: {status: n}} now, plus totals; one query."""
    table = {p: {s: 0 for s in TraineeStatus} for p in Programme}
    for row in trainees.order_by().values("programme", "status").annotate(n=Count("id")):
        table[row["programme"]][row["status"]] = row["n"]
    rows = [
        {
            "programme": Programme(p).label,
            "cells": [table[p][s] for s in TraineeStatus],
            "total": sum(table[p].values()),
        }
        for p in Programme
    ]
    totals = [sum(table[p][s] for p in Programme) for s in TraineeStatus]
    graduated = totals[list(TraineeStatus).index(TraineeStatus.GRADUATED)]
    dropped = totals[list(TraineeStatus).index(TraineeStatus.DROPPED_OUT)]
    completion = round(100 * graduated / (graduated + dropped)) if graduated + dropped else None
    return {
        "statuses": [s.label for s in TraineeStatus],
        "rows": rows,
        "totals": totals,
        "total": sum(totals),
        "completion_rate": completion,
        "graduated": graduated,
        "dropped": dropped,
    }


def per_year(trainees, years):
    """For each year: trainees employed (persons, by CPR) and per programme the programme courses
    that ran in the year and how many of them were on adult (unskilled) pay. A person who moved from
    one programme to another within the year counts once as a person and once in each programme, so
    the programme figures may add up to more than the persons. Two queries."""
    persons = trainees.order_by().aggregate(
        **{f"y{y}": Count("cpr", distinct=True, filter=_employed_q(y)) for y in years}
    )
    aggregates = {}
    for y in years:
        aggregates[f"n{y}"] = Count("id", filter=_employed_q(y))
        aggregates[f"a{y}"] = Count("id", filter=_employed_q(y) & Q(pay_basis=PayBasis.ADULT))
    by_programme = {
        row["programme"]: row for row in trainees.order_by().values("programme").annotate(**aggregates)
    }
    result = []
    for y in years:
        programmes = []
        for p in Programme:
            row = by_programme.get(p.value, {})
            programmes.append(
                {"programme": p, "label": p.label, "count": row.get(f"n{y}", 0), "adult": row.get(f"a{y}", 0)}
            )
        courses = sum(p["count"] for p in programmes)
        result.append(
            {
                "year": y,
                "persons": persons[f"y{y}"],
                "programmes": programmes,
                "courses": courses,
                "in_two_programmes": courses - persons[f"y{y}"],
            }
        )
    return result


DROPOUT_BUCKETS = [(0, 3), (3, 6), (6, 12), (12, 24), (24, 10_000)]


def dropouts(trainees):
    """Drop-outs by how many months into the programme they left; one query."""
    buckets = [0] * len(DROPOUT_BUCKETS)
    by_year = defaultdict(int)
    rows = trainees.filter(status=TraineeStatus.DROPPED_OUT, ended_on__isnull=False).values_list(
        "start_date", "ended_on"
    )
    for start, ended in rows:
        months = (ended - start).days / 30.44
        for i, (low, high) in enumerate(DROPOUT_BUCKETS):
            if low <= months < high:
                buckets[i] += 1
                break
        by_year[ended.year] += 1
    labels = ["0–3", "3–6", "6–12", "12–24", "24+"]
    return {"buckets": list(zip(labels, buckets, strict=True)), "by_year": sorted(by_year.items())}


def meetings_on_time(trainees, today=None):
    """Per meeting kind: held, held by the due date, and overdue (not held); one query."""
    today = today or timezone.localdate()
    rows = {
        r["kind"]: r
        for r in Meeting.objects.filter(placement__trainee__in=trainees.values("pk"))
        .order_by()
        .values("kind")
        .annotate(
            held=Count("id", filter=Q(held_on__isnull=False)),
            on_time=Count("id", filter=Q(held_on__isnull=False, held_on__lte=F("due_on"))),
            overdue=Count("id", filter=Q(held_on__isnull=True, due_on__lt=today)),
        )
    }
    result = []
    for kind in MeetingKind:
        row = rows.get(kind.value, {"held": 0, "on_time": 0, "overdue": 0})
        share = round(100 * row["on_time"] / row["held"]) if row["held"] else None
        result.append(
            {
                "label": kind.label,
                "held": row["held"],
                "on_time": row["on_time"],
                "overdue": row["overdue"],
                "share": share,
            }
        )
    return result


def supervisor_load(trainees, today=None):
    """Supervisors with trainees in placement today and how many each; one query."""
    today = today or timezone.localdate()
    rows = list(
        Placement.objects.filter(
            trainee__in=trainees.values("pk"),
            supervisor__isnull=False,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .order_by()
        .values("supervisor_id", "supervisor__first_name", "supervisor__last_name", "supervisor__username")
        .annotate(n=Count("id"))
        .order_by("-n", "supervisor__first_name")
    )
    limit = supervisor_limit()
    distribution = defaultdict(int)
    for r in rows:
        distribution[r["n"]] += 1
    return {
        "supervisors": len(rows),
        "limit": limit,
        "over": [r for r in rows if r["n"] > limit],
        "distribution": sorted(distribution.items()),
    }


def applicants_per_stage(applicants):
    counts = {r["stage"]: r["n"] for r in applicants.order_by().values("stage").annotate(n=Count("id"))}
    return [(s.label, counts.get(s.value, 0)) for s in ApplicantStage]


# --- placement calendar ---------------------------------------------------------------------------
def month_starts(first, count=12):
    months = []
    y, m = first.year, first.month
    for _i in range(count):
        months.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def month_end(first):
    nxt = date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)
    return nxt - timedelta(days=1)


def placement_calendar(placements, today=None):
    """Per unit, per month of the coming 12 months: the placements running, the most at once, and
    whether that exceeds the unit's capacity. Two queries."""
    today = today or timezone.localdate()
    months = month_starts(date(today.year, today.month, 1))
    window_end = month_end(months[-1])
    rows = list(
        placements.overlapping(months[0], window_end)
        .select_related("trainee", "unit", "supervisor")
        .only(
            "id",
            "starts_on",
            "ends_on",
            "trainee__id",
            "trainee__first_name",
            "trainee__last_name",
            "trainee__programme",
            "unit__id",
            "unit__name",
            "unit__path",
            "supervisor__id",
            "supervisor__first_name",
            "supervisor__last_name",
            "supervisor__username",
        )
        .order_by("unit__path", "starts_on", "id")
    )
    by_unit = {}
    for p in rows:
        by_unit.setdefault(p.unit_id, {"unit": p.unit, "placements": []})["placements"].append(p)
    capacities = dict(
        UnitCapacity.objects.filter(unit_id__in=list(by_unit)).values_list("unit_id", "capacity")
    )
    units = []
    for unit_id, entry in by_unit.items():
        capacity = capacities.get(unit_id)
        cells = []
        for first in months:
            last = month_end(first)
            running = [p for p in entry["placements"] if p.starts_on <= last and p.ends_on >= first]
            peak = max_overlap([(p.starts_on, p.ends_on) for p in running], first, last)
            cells.append(
                {
                    "month": first,
                    "placements": running,
                    "peak": peak,
                    "arrivals": [p for p in running if first <= p.starts_on <= last],
                    "over": capacity is not None and peak > capacity,
                }
            )
        units.append(
            {
                "unit": entry["unit"],
                "capacity": capacity,
                "cells": cells,
                "over": any(c["over"] for c in cells),
            }
        )
    return {"months": months, "units": units, "count": len(rows)}
