"""Pauses: visits are cancelled while the citizen is away (a bed at the Rehab- og Akutcenter, hospital),
resume the day after, show as "aflyst" and are not counted as undelivered; a visitator can override."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from carecore.models import Notification
from citizens import pathway
from homecare import reports, services
from homecare.models import Absence, Visit, VisitStatus
from rehab import services as rehab
from rehab.models import Bed, StayType

from ..factories import CitizenFactory
from .factories import VisitPlanFactory

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def at(day, hour=12, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=CPH)


@pytest.fixture
def clock():
    with time_machine.travel(at(date(2026, 3, 23), 6), tick=False) as traveller:
        yield traveller


@pytest.fixture
def citizen(org, clock):
    citizen = CitizenFactory(units=[org.vest1], first_name="Karen", last_name="Hjemme")
    VisitPlanFactory(citizen=citizen, team=org.vest1, window_start=time(7, 30), window_end=time(8, 30))
    VisitPlanFactory(
        citizen=citizen, team=org.vest1, title="Aftenhjælp", window_start=time(19, 0), window_end=time(20, 0)
    )
    services.generate_visits()
    return citizen


def days_with(citizen, status):
    return sorted({v.date for v in Visit.objects.filter(citizen=citizen, status=status)})


def span(first, last):
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_a_booked_stay_pauses_its_days_and_ending_it_early_resumes_from_the_day_after(
    citizen, visitator, org, clock
):
    bed = Bed.objects.get(label="T01")
    training = StayType.objects.get(code="genoptraening")
    stay = rehab.assign_bed(
        bed=bed, citizen=citizen, stay_type=training, starts_at=at(date(2026, 3, 25), 10), by=visitator
    )
    # the stay is booked from the 25th at 10:00 for 14 days: the 25th's morning visit is before it
    cancelled = Visit.objects.filter(citizen=citizen, status=VisitStatus.CANCELLED)
    assert days_with(citizen, VisitStatus.CANCELLED) == span(date(2026, 3, 25), date(2026, 4, 5))
    assert {v.pause_reason for v in cancelled} == {"temporary_bed"}
    morning, evening = Visit.objects.filter(citizen=citizen, date=date(2026, 3, 25)).order_by("starts_at")
    assert (morning.status, evening.status) == ("planned", "cancelled")

    clock.move_to(at(date(2026, 3, 28), 9))
    rehab.end_stay(stay, at=at(date(2026, 3, 28), 11), reason="Hjem før tid", by=visitator)
    assert days_with(citizen, VisitStatus.CANCELLED) == span(date(2026, 3, 25), date(2026, 3, 28))
    assert Visit.objects.filter(citizen=citizen, date=date(2026, 3, 29), status="planned").count() == 2


def test_extending_or_moving_a_stay_keeps_the_pause_in_line(citizen, visitator, clock):
    bed, bed2 = Bed.objects.get(label="T01"), Bed.objects.get(label="T02")
    respite = StayType.objects.get(code="aflastning")
    stay = rehab.assign_bed(
        bed=bed, citizen=citizen, stay_type=respite, starts_at=at(date(2026, 3, 24), 10), by=visitator
    )
    assert max(days_with(citizen, VisitStatus.CANCELLED)) == date(2026, 3, 31)
    rehab.change_end(stay, new_end=at(date(2026, 3, 29), 10), reason="Kortere", by=visitator)
    assert max(days_with(citizen, VisitStatus.CANCELLED)) == date(2026, 3, 29)
    assert Visit.objects.filter(citizen=citizen, date=date(2026, 3, 30), status="planned").count() == 2
    new = rehab.move_stay(stay, to_bed=bed2, at=at(date(2026, 3, 26), 10), reason="Enestue", by=visitator)
    assert days_with(citizen, VisitStatus.CANCELLED) == span(date(2026, 3, 24), date(2026, 3, 29))
    rehab.end_stay(new, at=at(date(2026, 3, 27), 10), reason="Udskrevet", by=visitator)
    assert days_with(citizen, VisitStatus.CANCELLED) == span(date(2026, 3, 24), date(2026, 3, 27))
    assert Absence.objects.count() == 1


def test_the_team_leader_and_the_carers_are_told(citizen, ssh_vest, leader_vest, org):
    Visit.objects.filter(citizen=citizen, date=date(2026, 3, 26)).update(assigned_to=ssh_vest)
    pathway.citizen_away.send(
        sender=Absence,
        citizen=citizen,
        start=at(date(2026, 3, 24)),
        end=None,
        reason="hospital",
        reference="medcom:test",
        by=None,
    )
    notes = Notification.objects.filter(key__startswith="homecare-pause:")
    assert set(notes.values_list("user__username", flat=True)) == {"leder.vest", "ssh.vest"}
    assert "Karen Hjemme" in notes.first().title
    # the same announcement again writes nothing new
    pathway.citizen_away.send(
        sender=Absence,
        citizen=citizen,
        start=at(date(2026, 3, 24)),
        end=None,
        reason="hospital",
        reference="medcom:test",
        by=None,
    )
    assert notes.count() == 2


def test_nightly_generation_plans_nothing_inside_an_open_absence_and_keeps_cancelled_visits(citizen, clock):
    pathway.citizen_away.send(
        sender=Absence,
        citizen=citizen,
        start=at(date(2026, 3, 24)),
        end=None,
        reason="hospital",
        reference="medcom:x",
        by=None,
    )
    clock.move_to(at(date(2026, 3, 30), 1))
    services.generate_visits()
    assert not Visit.objects.filter(citizen=citizen, date__gt=date(2026, 3, 24), status="planned").exists()
    new_day = Visit.objects.filter(citizen=citizen, date=date(2026, 4, 12))
    assert new_day.count() == 2 and {v.status for v in new_day} == {"cancelled"}
    pathway.citizen_home.send(
        sender=Absence,
        citizen=citizen,
        end=at(date(2026, 4, 1), 14),
        reference="medcom:x",
        to_home=True,
        by=None,
    )
    services.generate_visits()
    assert days_with(citizen, VisitStatus.CANCELLED)[-1] == date(2026, 4, 1)
    assert Visit.objects.filter(citizen=citizen, date=date(2026, 4, 12), status="planned").count() == 2


def test_planning_page_and_my_day_show_aflyst(citizen, login, leader_vest, ssh_vest, clock):
    Visit.objects.filter(citizen=citizen, date=date(2026, 3, 23)).update(assigned_to=ssh_vest)
    pathway.citizen_away.send(
        sender=Absence,
        citizen=citizen,
        start=at(date(2026, 3, 23), 7),
        end=None,
        reason="hospital",
        reference="medcom:y",
        by=None,
    )
    page = login(leader_vest).get(reverse("homecare:planning") + "?dato=2026-03-23").content.decode()
    assert "aflyst: indlagt" in page
    day = login(ssh_vest).get(reverse("homecare:my_day")).content.decode()
    assert "aflyst: indlagt" in day and "Start besøg" not in day.split("Aftenhjælp")[1]


def test_leader_figures_do_not_count_cancelled_visits_as_undelivered(citizen, org, clock):
    before = reports.overview([org.vest1], today=date(2026, 3, 23))[0]
    pathway.citizen_away.send(
        sender=Absence,
        citizen=citizen,
        start=at(date(2026, 3, 26)),
        end=None,
        reason="temporary_bed",
        reference="stay:1",
        by=None,
    )
    row = reports.overview([org.vest1], today=date(2026, 3, 23))[0]
    assert row["not_delivered"] == 0 and row["cancelled"] == 7  # 26th evening, 27th-29th both visits
    assert row["planned"] == before["planned"] - 7


def test_the_visitator_keeps_one_visit_or_lifts_the_pause(citizen, login, visitator, clock):
    pathway.citizen_away.send(
        sender=Absence,
        citizen=citizen,
        start=at(date(2026, 3, 24)),
        end=None,
        reason="hospital",
        reference="medcom:z",
        by=None,
    )
    client = login(visitator)
    page = client.get(reverse("homecare:citizen_plans", args=[citizen.pk])).content.decode()
    assert "Behold besøget" in page and "Ophæv pausen" in page
    one = Visit.objects.filter(citizen=citizen, status="cancelled").order_by("starts_at").first()
    assert client.post(reverse("homecare:visit_unpause", args=[one.pk])).status_code == 302
    one.refresh_from_db()
    assert one.status == "planned" and one.pause_overridden
    # a later change of the absence leaves the kept visit alone
    pathway.citizen_away.send(
        sender=Absence,
        citizen=citizen,
        start=at(date(2026, 3, 23), 7),
        end=None,
        reason="hospital",
        reference="medcom:z",
        by=None,
    )
    one.refresh_from_db()
    assert one.status == "planned"
    absence = Absence.objects.get()
    assert client.post(reverse("homecare:absence_lift", args=[absence.pk])).status_code == 302
    assert not Visit.objects.filter(citizen=citizen, status="cancelled").exists()
    services.generate_visits()
    assert not Visit.objects.filter(citizen=citizen, status="cancelled").exists()


@pytest.mark.parametrize("user", ["leader_vest", "ssh_vest", "nurse"])
def test_only_a_visitator_overrides_a_pause(citizen, login, request, user):
    pathway.citizen_away.send(
        sender=Absence,
        citizen=citizen,
        start=at(date(2026, 3, 24)),
        end=None,
        reason="hospital",
        reference="medcom:w",
        by=None,
    )
    client = login(request.getfixturevalue(user))
    one = Visit.objects.filter(citizen=citizen, status="cancelled").first()
    assert client.post(reverse("homecare:visit_unpause", args=[one.pk])).status_code == 403
    assert client.post(reverse("homecare:absence_lift", args=[Absence.objects.get().pk])).status_code == 403
    assert Visit.objects.filter(citizen=citizen, status="cancelled").count() > 0


def test_a_visitator_outside_the_citizens_units_is_refused(citizen, org, login):
    from carecore.roles import Role

    from ..factories import make_staff

    other = make_staff("visitator.stab", role=Role.VISITATOR, units=[org.staff_unit])
    pathway.citizen_away.send(
        sender=Absence,
        citizen=citizen,
        start=at(date(2026, 3, 24)),
        end=None,
        reason="hospital",
        reference="medcom:v",
        by=None,
    )
    one = Visit.objects.filter(citizen=citizen, status="cancelled").first()
    assert login(other).post(reverse("homecare:visit_unpause", args=[one.pk])).status_code == 403
    one.refresh_from_db()
    assert one.status == "cancelled"


def test_anonymous_cannot_override(citizen, client):
    response = client.post(reverse("homecare:absence_lift", args=[1]))
    assert response.status_code == 302 and "/login/" in response["Location"]
