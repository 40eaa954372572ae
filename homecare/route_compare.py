"""How far OR-Tools' routes are from the naive assignment (the suggestion rule, visit by visit in time
order) on a team's day: travel minutes, the share of visits given to a carer the citizen knows, visits
left without a carer, and visits the carer cannot reach inside the window. Both plan the day's planned
visits from scratch, in memory; nothing is saved (`manage.py compare_routes`)."""

from dataclasses import dataclass

from . import roster, routing, services
from .delegation import held_tasks
from .models import Visit, VisitStatus


@dataclass
class Outcome:
    visits: int = 0
    assigned: int = 0
    travel_minutes: int = 0
    known: int = 0
    late: int = 0
    seconds: float = 0.0

    @property
    def unassigned(self):
        return self.visits - self.assigned

    @property
    def continuity(self):
        return self.known / self.assigned if self.assigned else 0.0

    def add(self, other):
        for name in ("visits", "assigned", "travel_minutes", "known", "late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds


def measure(stops, carer_of, workers):
    """Score an assignment {stop key: worker pk}: each carer's visits in time order, arriving as early
    as travel allows."""
    knows = {w.pk: w.knows for w in workers}
    outcome = Outcome(visits=len(stops), assigned=len(carer_of))
    by_carer = {}
    for s in stops:
        if s.key in carer_of:
            by_carer.setdefault(carer_of[s.key], []).append(s)
            outcome.known += bool(knows[carer_of[s.key]].get(s.citizen_id))
    for rows in by_carer.values():
        rows.sort(key=lambda s: s.start)
        free_at, where = None, None
        for s in rows:
            travel = routing.travel_minutes(where, s.point) if free_at is not None else 0
            outcome.travel_minutes += travel
            arrival = s.start if free_at is None else max(s.start, free_at + travel)
            outcome.late += arrival > s.latest
            free_at, where = arrival + s.duration, s.point
    return outcome


def compare_day(team, day, *, seconds=None):
    """(naive Outcome, solver Outcome) for the team's planned visits on `day`."""
    import time

    visits = list(
        Visit.objects.filter(team=team, date=day, status=VisitStatus.PLANNED)
        .select_related("citizen")
        .order_by("starts_at", "id")
    )
    carers = services.team_carers(team)
    ids = [c.pk for c in carers]
    continuity = services.continuity_counts({v.citizen_id for v in visits}, today=day)
    planner = services.DayPlanner(
        carers, [], held_tasks(team.pk, carers, day), continuity, roster.DayRoster(team, day, ids)
    )
    stops = [routing.visit_stop(v, day) for v in visits]
    workers = routing.workers_of(planner, day, {v.citizen_id for v in visits})
    started = time.monotonic()
    naive = {}
    for visit in visits:
        carer = planner.suggest(visit)
        if carer is not None:
            planner.book(carer, visit)
            naive[visit.pk] = carer.pk
    naive_outcome = measure(stops, naive, workers)
    naive_outcome.seconds = time.monotonic() - started
    started = time.monotonic()
    solution = routing.solve(stops, workers, seconds=seconds)
    solved = measure(stops, solution.carer_of() if solution else {}, workers)
    solved.seconds = time.monotonic() - started
    return naive_outcome, solved
