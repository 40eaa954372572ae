"""The demo seed: idempotent, and it yields what the issue asks for (and the 2021 figures)."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from carecore.demo import DemoSeeder
from students import demo, figures
from students.models import Applicant, ApplicantStage, InfoMeeting, Meeting, MeetingState, Programme, Trainee

pytestmark = pytest.mark.django_db


def test_seed_builds_roster_supervisors_meetings_and_recruitment():
    DemoSeeder(citizens=5).run()
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
