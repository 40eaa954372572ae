"""The bed board: beds × the next days, built from two queries (beds, stays in the window)."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import Bed, Stay

BOARD_DAYS = 28


def day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Segment:
    stay: Stay | None
    span: int
    first_day: object


@dataclass
class BedRow:
    bed: Bed
    segments: list = field(default_factory=list)
    now: Stay | None = None
    next: Stay | None = None

    @property
    def free_today(self):
        return self.now is None


def build_board(user, now=None, days=BOARD_DAYS):
    """The board for `user`: every stay of the window, each marked `citizen_visible` in the same query
    (the query count must not depend on which stays are around now)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    dates = [today + timedelta(days=n) for n in range(days)]
    window_start, window_end = day_start(dates[0]), day_start(dates[-1] + timedelta(days=1))
    beds = list(Bed.objects.filter(is_active=True))
    stays = list(
        Stay.objects.filter(bed__is_active=True)
        .with_visibility(user)
        .overlapping(window_start, window_end)
        .select_related("citizen", "stay_type")
        .only(
            "id",
            "bed_id",
            "starts_at",
            "ends_at",
            "discharged_at",
            "citizen__id",
            "citizen__first_name",
            "citizen__last_name",
            "citizen__cpr",
            "stay_type__code",
            "stay_type__name",
            "stay_type__is_acute",
        )
        .order_by("starts_at")
    )
    by_bed = {}
    for stay in stays:
        by_bed.setdefault(stay.bed_id, []).append(stay)
    occupied = [0] * days
    rows = []
    for bed in beds:
        row = BedRow(bed=bed)
        bed_stays = by_bed.get(bed.pk, [])
        cells = []
        for i, day in enumerate(dates):
            start, end = day_start(day), day_start(day + timedelta(days=1))
            noon = start + (end - start) / 2
            in_day = [s for s in bed_stays if s.starts_at < end and s.ends_at > start]
            chosen = next(
                (s for s in in_day if s.starts_at <= noon < s.ends_at), in_day[0] if in_day else None
            )
            cells.append(chosen)
            if in_day:
                occupied[i] += 1
        for i, stay in enumerate(cells):
            if row.segments and row.segments[-1].stay is stay:
                row.segments[-1].span += 1
            else:
                row.segments.append(Segment(stay=stay, span=1, first_day=dates[i]))
        row.now = next((s for s in bed_stays if s.starts_at <= now < s.ends_at), None)
        row.next = next((s for s in bed_stays if s.starts_at > now), None)
        rows.append(row)
    total = len(beds) or 1
    occupancy = [
        {"day": d, "count": occupied[i], "percent": round(100 * occupied[i] / total)}
        for i, d in enumerate(dates)
    ]
    visible = {s.citizen_id for s in stays if s.citizen_visible}
    return {
        "dates": dates,
        "rows": rows,
        "stays": stays,
        "visible": visible,
        "occupancy": occupancy,
        "today": today,
    }
