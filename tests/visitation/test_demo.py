"""The demo seeder gives cases in every state and a private provider with orders; twice is once."""

import pytest

from carecore.demo import DemoSeeder
from visitation import demo
from visitation.models import Case, CaseStatus


@pytest.mark.django_db
def test_demo_has_every_state_and_private_orders_and_is_idempotent():
    DemoSeeder(citizens=30).run()
    demo.seed()
    states = set(Case.objects.values_list("status", flat=True))
    assert states == set(CaseStatus.values)
    assert Case.objects.reassessment_due().exists()
    assert Case.objects.filter(provider__code="privat-1").count() == 2
    count = Case.objects.count()
    demo.seed()
    assert Case.objects.count() == count
    from carecore.management.commands.seed_demo import MODULES

    assert "visitation" in MODULES
