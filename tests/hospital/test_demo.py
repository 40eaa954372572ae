"""The seeded demo: nobody on a bed or in hospital has a visit planned on those days; two unmatched
hospital messages wait for the visitator."""

import pytest
from django.db.models import Q
from django.utils import timezone

from carecore import demo as core_demo
from citizens import demo as citizens_demo
from citizens.models import CitizenStatus
from homecare import demo as homecare_demo
from homecare.models import Visit, VisitStatus
from hospital import demo as hospital_demo
from hospital.models import HospitalMessage, MessageStatus
from rehab import demo as rehab_demo
from rehab.models import Stay

pytestmark = pytest.mark.django_db


def test_no_citizen_away_from_home_has_visits_planned_in_the_seeded_demo():
    core_demo.seed()
    citizens_demo.seed(citizens=150)
    homecare_demo.seed()
    rehab_demo.seed()
    hospital_demo.seed()
    now = timezone.now()
    stays = list(Stay.objects.filter(ends_at__gt=now))
    assert stays
    clash = Q()
    for s in stays:
        clash |= Q(
            citizen_id=s.citizen_id, starts_at__gte=s.starts_at, date__lte=timezone.localdate(s.ends_at)
        )
    planned = Visit.objects.filter(status=VisitStatus.PLANNED)
    assert not planned.filter(clash).exists()
    on_bed = Visit.objects.filter(clash, starts_at__gt=now)
    assert on_bed.exists() and set(on_bed.values_list("status", flat=True)) == {VisitStatus.CANCELLED}
    admitted = CitizenStatus.ADMITTED
    assert not planned.filter(citizen__status=admitted, starts_at__gt=now).exists()
    assert Visit.objects.filter(citizen__status=admitted, pause_reason="hospital").exists()
    assert HospitalMessage.objects.filter(status=MessageStatus.UNMATCHED).count() == 2
    hospital_demo.seed()
    assert HospitalMessage.objects.count() == 3
