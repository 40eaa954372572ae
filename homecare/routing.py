"""Routes for "Fordel automatisk": travel time between homes, and a vehicle-routing model solved by
OR-Tools (docs/adr/0013-routes-with-or-tools.md). Each carer at work is a vehicle whose day is their shift;
each visit is a stop with its window (planned start to latest start) and duration; travel is estimated
from the distance. A visit with a delegated task may only go to a carer holding a valid delegation for it
(the rule of delegation.check_delegation, as the planner holds it); carers the citizen knows are preferred
(continuity). The model never puts two visits of one carer so that their planned times overlap, so each
result passes services.assign_visit's own checks. The solver works on plain data (Stop, Worker) and knows
nothing of the database; `plan_day` builds that data for a team's day."""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

EARTH_RADIUS_KM = 6371.0
# Costs in minutes of travel: a visit left out weighs far more than any route, and giving a visit to a
# carer the citizen does not know weighs as much as this many minutes of extra driving.
DROP_PENALTY = 100_000
LOCKED_PENALTY = 10_000_000
UNKNOWN_CARER_PENALTY = 20
DAY = 24 * 60


def haversine_km(a, b):
    """Great-circle distance between two (latitude, longitude) points in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def travel_minutes(a, b, mode=None):
    """Estimated minutes from point a to b: the straight line × the detour factor, at the mode's speed
    (OMSORG_TRAVEL_SPEEDS_KMH). Unknown coordinates count as no travel (the address register fills them)."""
    if a is None or b is None or a == b:
        return 0
    speeds = settings.OMSORG_TRAVEL_SPEEDS_KMH
    kmh = speeds[mode or settings.OMSORG_TRAVEL_MODE]
    return math.ceil(haversine_km(a, b) * settings.OMSORG_TRAVEL_DETOUR / kmh * 60)


@dataclass
class Stop:
    """A visit as the solver sees it; times are minutes after the day's local midnight."""

    key: int
    citizen_id: int
    point: tuple | None
    start: int
    latest: int
    duration: int
    task: str = ""
    carer_id: int | None = None  # already this carer's: the stop is locked to them

    @property
    def end(self):
        return self.start + self.duration


@dataclass
class Worker:
    """A carer at work: the shift's span (minutes), the periods a visit must lie in, the delegated tasks
    held, and how often the carer has recently visited each citizen."""

    pk: int
    periods: list
    tasks: set = field(default_factory=set)
    knows: dict = field(default_factory=dict)

    def covers(self, stop):
        return any(s <= stop.start and stop.end <= e for s, e in self.periods)

    def may_take(self, stop):
        if stop.carer_id is not None:
            return stop.carer_id == self.pk
        return self.covers(stop) and (not stop.task or stop.task in self.tasks)


@dataclass
class Solution:
    """Each worker's stops in order with the estimated arrival, and the keys of the stops left out."""

    routes: dict
    dropped: list

    def carer_of(self):
        return {stop.key: pk for pk, rows in self.routes.items() for stop, _arrival in rows}


def solve(stops, workers, *, mode=None, seconds=None):
    """Assign the stops to the workers in feasible routes; None if OR-Tools finds no solution in time."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    if not stops or not workers:
        return Solution(
            routes={w.pk: [] for w in workers}, dropped=[s.key for s in stops if s.carer_id is None]
        )
    n = len(stops) + 1  # node 0: where every route starts and ends, at no distance from anywhere
    travel = [[0] * n for _ in range(n)]
    for i, a in enumerate(stops, 1):
        for j, b in enumerate(stops, 1):
            if i != j:
                travel[i][j] = travel_minutes(a.point, b.point, mode)
    manager = pywrapcp.RoutingIndexManager(n, len(workers), 0)
    model = pywrapcp.RoutingModel(manager)

    def node(index):
        return manager.IndexToNode(index)

    def transit(from_index, to_index):
        i, j = node(from_index), node(to_index)
        return (stops[i - 1].duration if i else 0) + travel[i][j]

    model.AddDimension(model.RegisterTransitCallback(transit), DAY, 2 * DAY, False, "time")
    time = model.GetDimensionOrDie("time")
    for k, worker in enumerate(workers):

        def cost(from_index, to_index, worker=worker):
            i, j = node(from_index), node(to_index)
            extra = 0
            if j and stops[j - 1].carer_id is None and not worker.knows.get(stops[j - 1].citizen_id):
                extra = UNKNOWN_CARER_PENALTY
            return travel[i][j] + extra

        model.SetArcCostEvaluatorOfVehicle(model.RegisterTransitCallback(cost), k)
        first = min(s for s, _e in worker.periods)
        last = max(e for _s, e in worker.periods)
        time.CumulVar(model.Start(k)).SetRange(first, last)
        time.CumulVar(model.End(k)).SetRange(first, last)
    for i, stop in enumerate(stops, 1):
        index = manager.NodeToIndex(i)
        time.CumulVar(index).SetRange(stop.start, max(stop.start, stop.latest))
        allowed = [k for k, w in enumerate(workers) if w.may_take(stop)]
        model.VehicleVar(index).SetValues([-1, *allowed])
        model.AddDisjunction([index], LOCKED_PENALTY if stop.carer_id is not None else DROP_PENALTY)
    # A carer's visits never overlap as planned: one may follow another only if it starts after its end.
    for i, a in enumerate(stops, 1):
        for j, b in enumerate(stops, 1):
            if i != j and a.end > b.start:
                model.NextVar(manager.NodeToIndex(i)).RemoveValue(manager.NodeToIndex(j))
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    if len(stops) > 12:
        params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(int(1000 * (seconds or settings.OMSORG_ROUTING_SECONDS)))
    found = model.SolveWithParameters(params)
    if found is None:
        return None
    routes, placed = {}, set()
    for k, worker in enumerate(workers):
        rows = []
        index = found.Value(model.NextVar(model.Start(k)))
        while not model.IsEnd(index):
            stop = stops[node(index) - 1]
            rows.append((stop, found.Min(time.CumulVar(index))))
            placed.add(stop.key)
            index = found.Value(model.NextVar(index))
        routes[worker.pk] = rows
    dropped = [s.key for s in stops if s.key not in placed and s.carer_id is None]
    return Solution(routes=routes, dropped=dropped)


# --- From the database ------------------------------------------------------------------------
def minutes(moment, day):
    """Minutes after `day`'s local midnight (a moment the next day counts on past 24 h)."""
    local = timezone.localtime(moment)
    return (local.date() - day).days * DAY + local.hour * 60 + local.minute


def visit_stop(visit, day, *, carer_id=None):
    return Stop(
        key=visit.pk,
        citizen_id=visit.citizen_id,
        point=visit_point(visit),
        start=minutes(visit.starts_at, day),
        latest=minutes(visit.window_end, day),
        duration=max(1, round((visit.ends_at - visit.starts_at).total_seconds() / 60)),
        task=visit.delegated_task,
        carer_id=carer_id,
    )


def visit_point(visit):
    """Where the visit happens: the citizen's home (None when unknown or at the nursing clinic)."""
    citizen = visit.citizen
    if visit.clinic_id or citizen.latitude is None or citizen.longitude is None:
        return None
    return (citizen.latitude, citizen.longitude)


def route_legs(visits, mode=None):
    """[(visit, minutes of travel from the previous visit or None for the first)] in the given order."""
    legs, previous = [], None
    for i, visit in enumerate(visits):
        point = visit_point(visit)
        legs.append((visit, None if i == 0 else travel_minutes(previous, point, mode)))
        previous = point
    return legs


def workers_of(planner, day, citizen_ids):
    """The planner's carers who are at work on the day, as Workers (the shift periods of DayRoster)."""
    roster = planner.roster
    result = []
    for carer in planner.carers:
        if roster is not None and carer.pk in roster.absent:
            continue
        if roster is None or not roster.rostered:
            periods = [(0, DAY)]
        else:
            periods = [(minutes(s, day), minutes(e, day)) for s, e in roster.periods.get(carer.pk, ())]
            if not periods:
                continue
        knows = {c: planner.continuity.get((c, carer.pk), 0) for c in citizen_ids}
        result.append(Worker(carer.pk, periods, set(planner.competences.get(carer.pk, ())), knows))
    return result


def booked_stops(planner, day, exclude):
    """The day's visits the carers already have (here or in another team), locked to them."""
    from .models import Visit, VisitStatus

    ids = [c.pk for c in planner.carers]
    rows = (
        Visit.objects.filter(Q(assigned_to_id__in=ids) | Q(second_carer_id__in=ids), date=day)
        .exclude(status__in=[VisitStatus.NOT_DELIVERED, VisitStatus.CANCELLED])
        .exclude(pk__in=exclude)
        .select_related("citizen")
    )
    stops = []
    for visit in rows:
        for carer_id in (visit.assigned_to_id, visit.second_carer_id):
            if carer_id in ids:
                stop = visit_stop(visit, day, carer_id=carer_id)
                stop.key = (visit.pk, carer_id)
                stops.append(stop)
    return stops


def plan_day(planner, day, visits, *, seconds=None):
    """The solver's routes for the team's visits that lack their (first) carer, around what the carers
    already have: a Solution, or None when OR-Tools finds none in its time limit (the caller falls back
    on the suggestion rule)."""
    open_visits = [v for v in visits if v.assigned_to_id is None]
    stops = [visit_stop(v, day) for v in open_visits]
    citizen_ids = {s.citizen_id for s in stops}
    workers = workers_of(planner, day, citizen_ids)
    at_work = {w.pk for w in workers}
    locked = [
        s for s in booked_stops(planner, day, exclude=[v.pk for v in open_visits]) if s.carer_id in at_work
    ]
    return solve(stops + locked, workers, seconds=seconds)
