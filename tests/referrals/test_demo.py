"""The demo's referrals: every state, made through the services, by the demo users; idempotent."""

from io import StringIO

import pytest
import time_machine

from carecore import demo as core_demo
from carecore.models import Notification
from citizens import demo as citizens_demo
from referrals import demo
from referrals.models import Receiver, Referral

pytestmark = pytest.mark.django_db


def test_demo_has_a_referral_in_every_state_and_seeds_once():
    with time_machine.travel("2026-03-10 09:30 +01:00", tick=False):
        core_demo.seed()
        citizens_demo.seed(citizens=40)
        demo.seed(out=StringIO())
        counts = (Referral.objects.count(), Notification.objects.count())
        demo.seed(out=StringIO())
    assert (Referral.objects.count(), Notification.objects.count()) == counts
    assert set(Referral.objects.values_list("status", flat=True)) == {
        "sent",
        "received",
        "accepted",
        "declined",
        "cancelled",
    }
    assert Referral.objects.filter(sent_by__username="ssh.vest").exists()
    assert Referral.objects.filter(sent_by__username="terapeut", to_unit__code="hjemmepleje-vest").exists()
    assert Referral.objects.get(status="accepted").citizen.units.filter(code="demens-ernaering").exists()
    assert Receiver.objects.filter(unit__code="traeningsenheden").exists()
