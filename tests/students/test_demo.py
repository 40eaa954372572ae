"""The demo seed: idempotent, and it yields what the issue asks for (and the 2021 figures)."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from carecore import demo as core_demo
from citizens import demo as citizens_demo
from students import demo, figures
from students.models import (
    Applicant,
    ApplicantStage,
    InfoMeeting,
    Meeting,
    MeetingState,
    Placement,
    Programme,
    Trainee,
    UnitCapacity,
    supervisor_limit,
)
from students.services import max_overlap

pytestmark = pytest.mark.django_db


def test_seed_builds_roster_supervisors_meetings_and_recruitment():
    core_demo.seed()
    citizens_demo.seed(citizens=5)
    demo.seed()
    demo.seed()  # idempotent
    users = get_user_model().objects
    assert users.filter(groups__name="trainee_supervisor").count() == 60
    assert users.filter(username="elevvejleder.01").exists()
    current = Trainee.objects.filter(start_date__year__gte=2023)
    assert 110 <= current.count() <= 130
    assert Meeting.objects.filter(
        placement__supervisor__username="elevvejleder",
        kind="expectation",
        held_on__isnull=True,
        opens_on__lte=timezone.localdate(),
    ).exists()
    assert {t.status for t in current} == {"active", "leave", "dropped_out", "graduated"}
    assert {t.programme for t in current} == set(Programme.values)
    assert set(Counter(m.state() for m in Meeting.objects.all())) == set(MeetingState)
    assert InfoMeeting.objects.filter(registrations__isnull=False).exists()
    assert set(Applicant.objects.values_list("stage", flat=True)) == set(ApplicantStage.values)
    assert Applicant.objects.filter(stage=ApplicantStage.HIRED, trainee__isnull=False).exists()
    [y2021] = figures.per_year(Trainee.objects.all(), [2021])
    assert y2021["persons"] == 119
    assert {p["programme"]: (p["count"], p["adult"]) for p in y2021["programmes"]} == {
        Programme.SSA: (78, 46),
        Programme.SSH: (45, 24),
        Programme.NURSING: (0, 0),
    }
    # the fixed demo supervisor has trainees to work with
    assert Trainee.objects.visible_to(users.get(username="elevvejleder")).exists()


def test_demo_placements_keep_units_within_capacity_and_supervisors_within_the_limit():
    """The capacity a coordinator is warned about is never exceeded by the demo, and the supervisor
    limit only with a reason."""
    core_demo.seed()
    citizens_demo.seed(citizens=5)
    demo.seed()
    capacities = dict(UnitCapacity.objects.values_list("unit_id", "capacity"))
    by_unit = {}
    for unit_id, starts_on, ends_on in Placement.objects.values_list("unit_id", "starts_on", "ends_on"):
        by_unit.setdefault(unit_id, []).append((starts_on, ends_on))
    assert len(by_unit) > 5
    peaks = {
        unit_id: max_overlap(periods, min(a for a, _b in periods), max(b for _a, b in periods))
        for unit_id, periods in by_unit.items()
    }
    assert {u: p for u, p in peaks.items() if p > capacities[u]} == {}
    # Made in order (pk) through the service: a placement made when its supervisor already had the limit
    # of trainees at once carries the reason the rule asks for.
    made = {}
    unexplained = []
    for p in Placement.objects.exclude(supervisor=None).order_by("pk"):
        earlier = [
            (a, b)
            for t, a, b in made.get(p.supervisor_id, [])
            if t != p.trainee_id and a <= p.ends_on and b >= p.starts_on
        ]
        if max_overlap(earlier, p.starts_on, p.ends_on) >= supervisor_limit() and not p.over_limit_reason:
            unexplained.append(p.pk)
        made.setdefault(p.supervisor_id, []).append((p.trainee_id, p.starts_on, p.ends_on))
    assert unexplained == []
    assert Placement.objects.exclude(over_limit_reason="").exists()
