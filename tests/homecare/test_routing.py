"""Routes for 'Fordel automatisk': travel time from distance, and OR-Tools' routes respecting windows,
shifts, delegations and continuity; the auto-assignment built on them (SQLite)."""

import pytest
from django.test import override_settings

from citizens.addresses import LocalAddressRegister, locate_missing, lookup
from citizens.models import Citizen
from homecare import routing, services
from homecare.models import DelegatedTask, ServiceType, Visit

from ..factories import make_staff
from .factories import grant

HOME = (56.17, 9.55)
NEAR = (56.175, 9.555)  # about 0.7 km from HOME: a few minutes by car
FAR = (56.27, 9.75)  # about 17 km from HOME: more than half an hour


def stop(key, start, *, latest=None, duration=30, point=HOME, task="", citizen=None):
    return routing.Stop(
        key=key,
        citizen_id=citizen or key,
        point=point,
        start=start,
        latest=start + 15 if latest is None else latest,
        duration=duration,
        task=task,
    )


def worker(pk, periods=((7 * 60, 15 * 60),), tasks=(), knows=None):
    return routing.Worker(pk, list(periods), set(tasks), knows or {})


def test_travel_minutes_from_distance_and_speed():
    assert routing.haversine_km((55.6761, 12.5683), (56.1629, 10.2039)) == pytest.approx(157, abs=2)
    by_car = routing.travel_minutes(HOME, FAR, "car")
    by_bike = routing.travel_minutes(HOME, FAR, "bike")
    assert 30 < by_car < by_bike
    assert routing.travel_minutes(HOME, HOME) == 0 and routing.travel_minutes(None, FAR) == 0
    with override_settings(OMSORG_TRAVEL_SPEEDS_KMH={"car": 60, "bike": 15, "walk": 5}):
        assert routing.travel_minutes(HOME, FAR, "car") < by_car


def test_time_windows_respected_with_travel():
    # 08:00-08:30 at home, then 08:40 (latest 08:50) 17 km away: no carer can make both.
    stops = [stop(1, 8 * 60), stop(2, 8 * 60 + 40, latest=8 * 60 + 50, point=FAR)]
    one = routing.solve(stops, [worker(10)], seconds=1)
    assert one.dropped == [2] or one.dropped == [1]
    two = routing.solve(stops, [worker(10), worker(11)], seconds=1)
    assert two.dropped == [] and len({pk for pk in two.carer_of().values()}) == 2
    # Near by, one carer does both, arriving inside each window.
    near = [stop(1, 8 * 60), stop(2, 8 * 60 + 35, latest=8 * 60 + 50, point=NEAR)]
    solution = routing.solve(near, [worker(10)], seconds=1)
    assert solution.dropped == []
    for s, arrival in solution.routes[10]:
        assert s.start <= arrival <= s.latest


def test_overlapping_visits_never_share_a_carer():
    stops = [stop(1, 8 * 60, duration=45), stop(2, 8 * 60 + 30, duration=45, point=HOME)]
    solution = routing.solve(stops, [worker(10)], seconds=1)
    assert len(solution.dropped) == 1


def test_shift_respected():
    evening_visit = stop(1, 18 * 60)
    day = worker(10)
    evening = worker(11, periods=((15 * 60, 23 * 60),))
    assert routing.solve([evening_visit], [day], seconds=1).dropped == [1]
    assert routing.solve([evening_visit], [day, evening], seconds=1).carer_of() == {1: 11}


def test_no_carer_without_delegation_gets_a_delegated_visit():
    insulin = stop(1, 9 * 60, task=DelegatedTask.INSULIN)
    plain, holder = worker(10, knows={1: 5}), worker(11, tasks={DelegatedTask.INSULIN})
    assert routing.solve([insulin], [plain], seconds=1).dropped == [1]
    assert routing.solve([insulin], [plain, holder], seconds=1).carer_of() == {1: 11}


def test_continuity_preferred_when_equal():
    visit = stop(1, 9 * 60, citizen=77)
    solution = routing.solve([visit], [worker(10), worker(11, knows={77: 3}), worker(12)], seconds=1)
    assert solution.carer_of() == {1: 11}


def test_locked_stop_keeps_its_carer_and_blocks_the_time():
    locked = stop(("v", 10), 9 * 60, duration=60)
    locked.carer_id = 10
    new = stop(2, 9 * 60 + 30, citizen=5)
    solution = routing.solve([locked, new], [worker(10, knows={5: 9}), worker(11)], seconds=1)
    assert solution.carer_of() == {("v", 10): 10, 2: 11}


def test_local_address_register_is_fixed_and_inside_the_municipality():
    lat, lon = lookup("Søndergade 1, 8600 Silkeborg")
    assert lookup("Søndergade  1, 8600 Silkeborg") == (lat, lon)
    assert 56.0 < lat < 56.3 and 9.3 < lon < 9.8
    assert lookup("") is None


@pytest.mark.django_db
def test_locate_missing_fills_coordinates_from_the_register(org):
    from ..factories import CitizenFactory

    citizen = CitizenFactory(units=[org.vest1])
    LocalAddressRegister.points = {f"{citizen.address}, {citizen.postcode} {citizen.city}": (56.2, 9.5)}
    try:
        assert locate_missing() == 1
    finally:
        LocalAddressRegister.points = {}
    citizen = Citizen.objects.get(pk=citizen.pk)
    assert (citizen.latitude, citizen.longitude) == (56.2, 9.5)
    assert locate_missing() == 0


@pytest.fixture
def carers(org):
    return [make_staff(f"vest-team-1.{i:02d}", role="ssh", units=[org.vest1]) for i in range(1, 3)]


def _place(visits, *points):
    for visit, point in zip(visits, points, strict=True):
        Citizen.objects.filter(pk=visit.citizen_id).update(latitude=point[0], longitude=point[1])


@pytest.mark.django_db
def test_auto_assign_leaves_a_visit_no_route_reaches_in_time(frozen, org, carers, make_visits):
    carers[1].memberships.all().delete()  # one carer only
    first, second = make_visits(2, duration=25)  # 07:00-07:25 and 07:25-07:45, windows of an hour
    Visit.objects.filter(pk=second.pk).update(window_end=second.starts_at)  # second: at 07:25 sharp
    _place([first, second], HOME, FAR)
    assigned, left = services.auto_assign_report(org.vest1, first.date, seconds=1)
    assert assigned == 1 and len(left) == 1
    assert left[0][1] == "ingen rute når frem i tide"
    assert Visit.objects.filter(assigned_to=carers[0]).count() == 1


@pytest.mark.django_db
def test_auto_assign_gives_delegated_visit_only_to_the_holder(frozen, org, carers, make_visits):
    (visit,) = make_visits(1, service_type=ServiceType.NURSING, delegated_task=DelegatedTask.INSULIN)
    grant(carers[1], DelegatedTask.INSULIN)
    assigned, left = services.auto_assign_report(org.vest1, visit.date, seconds=1)
    assert (assigned, left) == (1, [])
    assert Visit.objects.get(pk=visit.pk).assigned_to == carers[1]


@pytest.mark.django_db
def test_auto_assign_falls_back_on_the_suggestion_rule(frozen, org, carers, make_visits, monkeypatch):
    visits = make_visits(3)
    monkeypatch.setattr(routing, "solve", lambda *args, **kwargs: None)
    assigned, left = services.auto_assign_report(org.vest1, visits[0].date, seconds=1)
    assert (assigned, left) == (3, [])


@pytest.mark.django_db
def test_compare_routes_reports_both_methods(frozen, org, carers, make_visits):
    from io import StringIO

    from django.core.management import call_command

    from homecare.route_compare import compare_day

    visits = make_visits(4)
    _place(visits, HOME, FAR, NEAR, HOME)
    naive, solved = compare_day(org.vest1, visits[0].date, seconds=1)
    assert naive.visits == solved.visits == 4
    assert solved.assigned >= naive.assigned and solved.late == 0
    out = StringIO()
    call_command("compare_routes", "--dato", "2026-03-23", "--seconds", "1", stdout=out)
    assert "vest-team-1 or-tools" in out.getvalue() and "ALL naive" in out.getvalue()
