from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecare import services
from homecare.models import Visit

from ..factories import CitizenFactory
from .factories import VisitPlanFactory

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 3, 23, 6, 0, tzinfo=CPH)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def make_visits(org):
    """n visits today for n citizens of a team, optionally assigned to `carer`, 30 minutes apart."""

    def _make(n, *, team=None, carer=None, duration=20, **plan_kwargs):
        team = team or org.vest1
        visits = []
        for i in range(n):
            start = (datetime(2026, 3, 23, 7, 0) + timedelta(minutes=(i % 30) * 25)).time()
            end = (datetime(2026, 3, 23, 7, 0) + timedelta(minutes=(i % 30) * 25 + 60)).time()
            plan = VisitPlanFactory(
                citizen=CitizenFactory(units=[team]),
                window_start=start,
                window_end=end,
                duration_minutes=duration,
                **plan_kwargs,
            )
            services.generate_visits(plans=[plan], days=1)
            visits.append(Visit.objects.get(plan=plan))
        if carer is not None:
            Visit.objects.filter(pk__in=[v.pk for v in visits]).update(assigned_to=carer)
            for v in visits:
                v.assigned_to = carer
        return visits

    return _make
