"""Key figures for leaders: occupancy, length of stay, waiting list, discharges, pathways, follow-ups.
A handful of aggregate queries over a fixed window, whatever the history's size."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone

from .board import day_start
from .models import (
    Bed,
    FollowUp,
    Pathway,
    PathwayResult,
    PathwayScore,
    ScorePhase,
    Stay,
    StayType,
    WaitingListEntry,
    WaitingStatus,
)

DAYS = 28
WEEKS = 8


def _occupancy(now, beds):
    """Beds occupied at noon of each of the last DAYS days, and per ISO week over the last WEEKS weeks."""
    today = timezone.localdate(now)
    first = today - timedelta(weeks=WEEKS) + timedelta(days=1)
    days = [first + timedelta(days=n) for n in range((today - first).days + 1)]
    stays = list(
        Stay.objects.overlapping(day_start(first), day_start(today + timedelta(days=1))).values_list(
            "starts_at", "ends_at"
        )
    )
    counts = []
    for day in days:
        noon = day_start(day) + timedelta(hours=12)
        counts.append(sum(1 for s, e in stays if s <= noon < e))
    total = beds or 1
    daily = [
        {"day": d, "count": c, "percent": round(100 * c / total)} for d, c in zip(days, counts, strict=True)
    ]
    weeks = defaultdict(list)
    for row in daily:
        weeks[tuple(row["day"].isocalendar()[:2])].append(row["count"])
    weekly = [
        {"year": y, "week": w, "percent": round(100 * sum(c) / (total * len(c)))}
        for (y, w), c in sorted(weeks.items())
    ]
    return daily[-DAYS:], weekly


def chart(daily, width=560, height=160):
    """A server-made SVG bar chart of daily occupancy (no script, no inline style)."""
    n = len(daily) or 1
    gap = 2
    bar = (width - gap * n) / n
    bars = []
    for i, row in enumerate(daily):
        h = round(height * min(row["percent"], 100) / 100, 1)
        bars.append(
            {
                "x": round(i * (bar + gap), 1),
                "y": round(height - h, 1),
                "w": round(bar, 1),
                "h": h,
                "label": f"{row['day']:%d.%m}: {row['percent']} %",
                "high": row["percent"] >= 95,
            }
        )
    return {"width": width, "height": height, "bars": bars, "line85": round(height * 0.15, 1)}


def key_figures(now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    beds = Bed.objects.filter(is_active=True).count()
    daily, weekly = _occupancy(now, beds)
    since = now - timedelta(days=180)
    ended = Stay.objects.filter(ends_at__lte=now, ends_at__gte=since)
    lengths = defaultdict(list)
    for type_id, s, e in ended.values_list("stay_type_id", "starts_at", "ends_at"):
        lengths[type_id].append((e - s) / timedelta(days=1))
    stay_types = [
        {
            "type": t,
            "count": len(lengths[t.pk]),
            "average": round(sum(lengths[t.pk]) / len(lengths[t.pk]), 1) if lengths[t.pk] else None,
        }
        for t in StayType.objects.all()
    ]
    waiting = list(WaitingListEntry.objects.waiting().values_list("granted_on", flat=True))
    placed = list(
        WaitingListEntry.objects.filter(status=WaitingStatus.PLACED, closed_at__gte=since).values_list(
            "granted_on", "closed_at"
        )
    )
    waits = [(timezone.localdate(c) - g).days for g, c in placed]
    discharges = defaultdict(int)
    for at in Stay.objects.filter(discharged_at__gte=now - timedelta(weeks=WEEKS)).values_list(
        "discharged_at", flat=True
    ):
        discharges[tuple(timezone.localtime(at).isocalendar()[:2])] += 1
    pathways = Pathway.objects.aggregate(
        started=Count("id", filter=Q(start_on__gte=today - timedelta(days=365))),
        ended=Count("id", filter=Q(end_on__gte=today - timedelta(days=365))),
        met=Count("id", filter=Q(end_on__gte=today - timedelta(days=365), result=PathwayResult.MET)),
        partly=Count("id", filter=Q(end_on__gte=today - timedelta(days=365), result=PathwayResult.PARTLY)),
    )
    pathways["met_share"] = round(100 * pathways["met"] / pathways["ended"]) if pathways["ended"] else None
    levels = {
        row["phase"]: row["avg"]
        for row in PathwayScore.objects.filter(pathway__end_on__gte=today - timedelta(days=365))
        .values("phase")
        .annotate(avg=Avg("level"))
    }
    change = None
    if levels.get(ScorePhase.START) is not None and levels.get(ScorePhase.END) is not None:
        change = round(levels[ScorePhase.END] - levels[ScorePhase.START], 2)
    follow = FollowUp.objects.filter(due_on__gte=today - timedelta(days=365), due_on__lte=today)
    follow_rows = list(follow.values_list("due_on", "done_at"))
    on_time = sum(1 for due, done in follow_rows if done and timezone.localdate(done) <= due)
    return {
        "beds": beds,
        "daily": daily,
        "weekly": weekly,
        "chart": chart(daily),
        "occupancy_now": daily[-1]["percent"] if daily else 0,
        "stay_types": stay_types,
        "waiting_count": len(waiting),
        "waiting_days": round(sum((today - g).days for g in waiting) / len(waiting), 1) if waiting else None,
        "placed_wait_days": round(sum(waits) / len(waits), 1) if waits else None,
        "discharges": [
            {"year": y, "week": w, "count": discharges.get((y, w), 0)}
            for y, w in sorted({(r["year"], r["week"]) for r in weekly})
        ],
        "pathways": pathways,
        "level_start": levels.get(ScorePhase.START),
        "level_end": levels.get(ScorePhase.END),
        "level_change": change,
        "follow_due": len(follow_rows),
        "follow_on_time": on_time,
        "follow_share": round(100 * on_time / len(follow_rows)) if follow_rows else None,
    }
