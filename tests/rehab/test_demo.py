import pytest
from django.utils import timezone

from carecore import demo as core_demo
from citizens import demo as citizens_demo
from rehab import demo
from rehab.figures import key_figures
from rehab.models import DischargeNotice, Evaluation, FollowUp, Pathway, Stay, StayEvent, WaitingListEntry

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
    # what is recorded happened by now; only bookings lie ahead
    now = timezone.now()
    assert not Stay.objects.filter(created_at__gt=now).exists()
    assert not StayEvent.objects.filter(at__gt=now).exists()
    assert not DischargeNotice.objects.filter(created_at__gt=now).exists()
    assert not Evaluation.objects.filter(on__gt=timezone.localdate(now)).exists()
    assert Stay.objects.filter(starts_at__gt=now).exists()
