"""SFT fixtures: the SFT unit with a preventive consultant, a therapist and its leader; a small CPR
register stand-in; a course with two places."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from carecore.models import UnitKind
from carecore.roles import Role
from prevention.models import Course, CourseKind, Place, Session
from prevention.register import CivilStatus, LocalCprRegister, Resident

from ..factories import UnitFactory, make_staff

NOW = "2026-03-02 09:00 +01:00"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def sft(org):
    return UnitFactory(
        code="sft", name="Sundhedsfremme, Forebyggelse og Træning", kind=UnitKind.AREA, parent=org.top
    )


@pytest.fixture
def consultant(sft):
    return make_staff("forebyggelse", role=Role.PREVENTION, units=[sft])


@pytest.fixture
def trainer(sft):
    return make_staff("traener", role=Role.THERAPIST, units=[sft])


@pytest.fixture
def sft_leader(sft):
    return make_staff("leder.sft", role=Role.LEADER, leader_of=[sft])


def resident(cpr, born, **kwargs):
    first, last = kwargs.pop("name", "Else Hansen").split()
    return Resident(cpr=cpr, first_name=first, last_name=last, birth_date=born, address="Bygaden 1", **kwargs)


@pytest.fixture
def residents():
    people = [
        resident("150351-1234", date(1951, 3, 15), name="Else Hansen"),  # turns 75 in March 2026
        resident("020346-1235", date(1946, 3, 2), name="Bent Jensen"),  # turns 80 in March 2026
        resident("100356-1236", date(1956, 3, 10), name="Lis Larsen", lives_alone=True),  # 70, alone
        resident("110356-1237", date(1956, 3, 11), name="Finn Olsen"),  # 70, not alone: no offer
        resident("050340-1238", date(1940, 3, 5), name="Ruth Madsen"),  # 86: every year from 82
        resident("050360-1239", date(1960, 7, 5), name="Knud Poulsen"),  # 65: only if at special risk
        resident(
            "050558-1240",
            date(1958, 5, 5),
            name="Aase Berg",
            civil_status=CivilStatus.WIDOWED,
            civil_status_since=date(2026, 2, 10),
        ),  # 67, widowed in February
    ]
    LocalCprRegister.people = people
    yield people
    LocalCprRegister.people = None


@pytest.fixture
def course(trainer, frozen):
    course = Course.objects.create(
        title="KOL-skole",
        kind=CourseKind.PATIENT_COURSE,
        place=Place.HEALTH_HOUSE,
        starts_on=date(2026, 2, 16),
        capacity=2,
        instructor=trainer,
    )
    start = timezone.make_aware(datetime(2026, 2, 16, 10))
    for n in range(3):
        Session.objects.create(course=course, starts_at=start + timedelta(weeks=n))
    return course


def count_queries(client, url):
    """The queries of a second look at `url` (the first warms the caches): the same with Redis or not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)
