"""The demo seeder gives cases in every state and a private provider with orders; twice is once."""

import pytest

from carecore import demo as core_demo
from citizens import demo as citizens_demo
from visitation import demo
from visitation.models import Case, CaseStatus


@pytest.mark.django_db
def test_demo_has_every_state_and_private_orders_and_is_idempotent():
    core_demo.seed()
    citizens_demo.seed(citizens=30)
    demo.seed()
    states = set(Case.objects.values_list("status", flat=True))
    assert states == set(CaseStatus.values)
    assert Case.objects.reassessment_due().exists()
    assert Case.objects.filter(provider__code="privat-1").count() == 2
    count = Case.objects.count()
    demo.seed()
    assert Case.objects.count() == count
    from carecore.management.commands.seed_demo import demo_seeders

    assert "visitation.demo" in [seed.__module__ for seed in demo_seeders()]


@pytest.mark.django_db
def test_the_whole_demo_has_every_state_private_orders_and_nobody_away_with_visits_planned():
    """Every app's seeder in the order `seed_demo` runs them: the visitation's orders add visit plans
    after rehab and the hospital messages placed citizens away, and those must not plan visits either."""
    from django.db.models import Q
    from django.utils import timezone

    from carecore.management.commands.seed_demo import demo_seeders
    from citizens.models import CitizenStatus
    from homecare.models import Visit, VisitPlan, VisitStatus
    from hospital.models import HospitalMessage, MessageStatus
    from rehab.models import Stay

    for seed in demo_seeders():
        seed(citizens=150)
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert VisitPlan.objects.filter(team__code="privat-1").exclude(decision_ref="").exists()
    assert Visit.objects.filter(team__code="privat-1").exists()
    assert HospitalMessage.objects.filter(status=MessageStatus.UNMATCHED).count() == 2
    now = timezone.now()
    away = Q(citizen__status=CitizenStatus.ADMITTED)
    for s in Stay.objects.filter(ends_at__gt=now):
        away |= Q(
            citizen_id=s.citizen_id, starts_at__gte=s.starts_at, date__lte=timezone.localdate(s.ends_at)
        )
    assert not Visit.objects.filter(away, status=VisitStatus.PLANNED, starts_at__gt=now).exists()
