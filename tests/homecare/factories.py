from datetime import date, time

import factory

from carecore.models import UnitKind
from homecare.models import Recurrence, ServiceType, VisitPlan

from ..factories import CitizenFactory, UserFactory


class VisitPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitPlan

    citizen = factory.SubFactory(CitizenFactory)
    team = factory.LazyAttribute(
        lambda o: o.citizen.units.filter(kind=UnitKind.TEAM).first() or o.citizen.units.first()
    )
    service_type = ServiceType.PERSONAL_CARE
    title = "Morgenpleje"
    tasks = "Hjælp til bad\nPåklædning"
    recurrence = Recurrence.DAILY
    weekdays = ""
    interval_weeks = 1
    window_start = time(7, 30)
    window_end = time(8, 30)
    duration_minutes = 30
    starts_on = date(2026, 3, 1)
    created_by = factory.SubFactory(UserFactory)


def grant(user, *tasks, team=None):
    """A delegation in force of each task to `user` by name, at SSH level, in the user's first team."""
    from homecare.delegation import Delegation, Level

    team = team or user.memberships.first().unit
    nurse = UserFactory()
    for task in tasks:
        Delegation.objects.create(
            team=team,
            carer=user,
            task=task,
            level=Level.SSH,
            instruction="Efter instruks",
            valid_from=date(2026, 3, 1),
            valid_until=date(2026, 6, 1),
            delegated_by=nurse,
        )


def make_visit(citizen, **extra):
    """A planned visit at 8 today for `citizen` (its plan in the citizen's first unit)."""
    from datetime import timedelta

    from django.utils import timezone

    from homecare.models import Visit

    plan = VisitPlanFactory(citizen=citizen)
    start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0)
    return Visit.objects.create(
        plan=plan,
        citizen=citizen,
        team=plan.team,
        date=start.date(),
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        window_end=start + timedelta(minutes=60),
        title="Morgenpleje",
        tasks="Bad",
        **extra,
    )


def make_absence(citizen, reference=None):
    """An open-ended hospital absence of `citizen` from now on."""
    from django.utils import timezone

    from homecare.models import Absence, PauseReason

    return Absence.objects.create(
        citizen=citizen,
        reference=reference or f"test:{citizen.pk}",
        reason=PauseReason.HOSPITAL,
        starts_at=timezone.now(),
    )


def tonights_visit(citizen, carer, *, title, tasks, start, team_code="vest-team-1"):
    """A visit late tonight (from `start` to 23:59) for `citizen`, assigned to `carer`: for browser tests,
    which run at any hour and need a visit that is not yet overdue."""
    from datetime import datetime

    from django.utils import timezone

    from homecare import services
    from homecare.models import Visit

    plan = VisitPlan.objects.create(
        citizen=citizen,
        team=citizen.units.get(code=team_code),
        service_type=ServiceType.PERSONAL_CARE,
        title=title,
        tasks=tasks,
        recurrence=Recurrence.DAILY,
        window_start=start,
        window_end=time(23, 59),
        duration_minutes=20,
        starts_on=timezone.localdate(),
        created_by=carer,
    )
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time(0, 0)))
    services.generate_visits(now=midnight, plans=[plan], days=1)
    Visit.objects.filter(plan=plan).update(assigned_to=carer)
    return Visit.objects.get(plan=plan)
