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
