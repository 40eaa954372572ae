import pytest

from carecore import demo as core_demo
from citizens import demo as citizens_demo
from rehab import demo
from rehab.figures import key_figures
from rehab.models import DischargeNotice, FollowUp, Pathway, Stay, WaitingListEntry

pytestmark = pytest.mark.django_db


def test_demo_seed_is_a_realistic_month_and_idempotent():
    core_demo.seed()
    citizens_demo.seed(citizens=200)
    demo.seed()
    stays = Stay.objects.count()
    demo.seed()
    assert Stay.objects.count() == stays
    daily = [d["percent"] for d in key_figures()["daily"]]
    assert 80 <= sum(daily) / len(daily) <= 95
    assert WaitingListEntry.objects.waiting().exists()
    assert DischargeNotice.objects.open().exists()
    assert set(Pathway.objects.values_list("status", flat=True)) == {"planned", "active", "ended", "closed"}
    assert FollowUp.objects.filter(done_at__isnull=True).exists()
