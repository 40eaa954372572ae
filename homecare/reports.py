"""Key figures for leaders: visits of the week, continuity, triage counts, start-up meeting survey.
Each function is a fixed number of grouped queries, whatever the number of teams or visits."""

from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Avg, CharField, Count, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone

from carecore.models import Membership, Unit, UnitKind, scope_unit_ids
from citizens.models import CitizenUnit

from .models import QUESTIONS, NotDeliveredReason, StartupMeeting, SurveyAnswer, Triage, Visit, VisitStatus

MANY_STAFF = 10
FOLLOW_UP_AFTER_DAYS = 30  # model default: a meeting is ready for the follow-up measurement after a month


def teams_in_scope(user):
    return list(Unit.objects.filter(pk__in=scope_unit_ids(user), kind=UnitKind.TEAM).order_by("name"))


def planned_teams(user):
    """The teams a leader plans: those below the units the leader belongs to (a nursing leader plans the
    nursing teams, not the home-care teams her area covers)."""
    below_mine = (
        Membership.objects.filter(user=user)
        .annotate(team_path=ExpressionWrapper(OuterRef("path"), output_field=CharField()))
        .filter(team_path__startswith=F("unit__path"))
    )
    return list(Unit.objects.filter(Exists(below_mine), kind=UnitKind.TEAM).order_by("name"))


def continuity(team_ids, *, today=None):
    """Per citizen: distinct staff who delivered a visit in the last 14 days (model default window)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=settings.OMSORG["CONTINUITY_WINDOW_DAYS"])
    return list(
        Visit.objects.filter(
            team_id__in=team_ids, date__gte=since, date__lt=today, status=VisitStatus.DELIVERED
        )
        .values("team_id", "citizen_id", "citizen__first_name", "citizen__last_name")
        .annotate(staff=Count("finished_by", distinct=True))
        .order_by("-staff", "citizen__last_name")
    )


def overview(teams, *, today=None):
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    ids = [t.pk for t in teams]
    rows = {
        t.pk: {
            "team": t,
            "planned": 0,
            "delivered": 0,
            "not_delivered": 0,
            "open": 0,
            "cancelled": 0,
            "reasons": defaultdict(int),
            "continuity_avg": None,
            "continuity_worst": None,
            "many_staff": [],
            "red": 0,
            "yellow": 0,
        }
        for t in teams
    }
    week = (
        Visit.objects.filter(team_id__in=ids, date__gte=monday, date__lt=monday + timedelta(days=7))
        .values_list("team_id", "status", "reason")
        .annotate(n=Count("id"))
        .order_by()
    )
    for team_id, status, reason, n in week:
        row = rows[team_id]
        if status == VisitStatus.CANCELLED:
            # Paused while the citizen was away: neither planned work nor undelivered.
            row["cancelled"] += n
            continue
        row["planned"] += n
        if status == VisitStatus.DELIVERED:
            row["delivered"] += n
        elif status == VisitStatus.NOT_DELIVERED:
            row["not_delivered"] += n
            row["reasons"][reason] += n
        else:
            row["open"] += n
    per_team = defaultdict(list)
    for c in continuity(ids, today=today):
        per_team[c["team_id"]].append(c)
        if c["staff"] > MANY_STAFF:
            rows[c["team_id"]]["many_staff"].append(c)
    for team_id, citizens in per_team.items():
        counts = [c["staff"] for c in citizens]
        rows[team_id]["continuity_avg"] = sum(counts) / len(counts)
        rows[team_id]["continuity_worst"] = max(counts)
    triage = (
        Triage.objects.current()
        .filter(colour__in=["red", "yellow"])
        .filter(Exists(CitizenUnit.objects.filter(citizen_id=OuterRef("citizen_id"), unit_id__in=ids)))
        .values_list("citizen__serving__unit_id", "colour")
        .annotate(n=Count("id"))
        .order_by()
    )
    for unit_id, colour, n in triage:
        if unit_id in rows:
            rows[unit_id][colour] += n
    labels = dict(NotDeliveredReason.choices)
    result = []
    for t in teams:
        row = rows[t.pk]
        row["reasons"] = sorted(
            ((labels.get(k, k), n) for k, n in row["reasons"].items()), key=lambda r: -r[1]
        )
        result.append(row)
    return result


def _round(value):
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def survey_table(meetings, *, now=None):
    """Per area: meetings held, meetings ready for follow-up (held a month ago or more), and the average of each of the four
    questions at the baseline (measurement 0) and at each later measurement."""
    now = now or timezone.now()
    ready_before = now - timedelta(days=FOLLOW_UP_AFTER_DAYS)
    areas = {}
    counts = (
        meetings.filter(held_at__isnull=False)
        .values("team__parent_id", "team__parent__name")
        .annotate(held=Count("id"), ready=Count("id", filter=Q(held_at__lte=ready_before)))
        .order_by("team__parent__name")
    )
    for row in counts:
        areas[row["team__parent_id"]] = {
            "name": row["team__parent__name"],
            "held": row["held"],
            "ready": row["ready"],
            "measurements": [],
        }
    fields = [q for q, _label in QUESTIONS]
    averages = (
        SurveyAnswer.objects.filter(meeting__in=meetings.values("pk"))
        .values("meeting__team__parent_id", "measurement")
        .annotate(n=Count("id"), **{f: Avg(f) for f in fields})
        .order_by("meeting__team__parent_id", "measurement")
    )
    for row in averages:
        area = areas.setdefault(
            row["meeting__team__parent_id"], {"name": "", "held": 0, "ready": 0, "measurements": []}
        )
        area["measurements"].append(
            {"number": row["measurement"], "answers": row["n"], "averages": [_round(row[f]) for f in fields]}
        )
    for area in areas.values():
        area["rows"] = [
            (label, [m["averages"][i] for m in area["measurements"]])
            for i, (_name, label) in enumerate(QUESTIONS)
        ]
    return list(areas.values())


__all__ = ["StartupMeeting", "continuity", "overview", "survey_table", "teams_in_scope"]
