"""Courses and teams: enrolment within capacity (also under concurrent enrolments), the waiting list,
one-tap attendance, the second absence flagged to the instructor; refusals and query counts."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from carecore.models import Notification
from citizens.models import AccessLog, Citizen
from prevention import services
from prevention.models import Attendance, Course, Enrolment, EnrolmentStatus, Session

from ..factories import CitizenFactory
from .conftest import count_queries

pytestmark = pytest.mark.django_db

CPRS = ["150351-1234", "020346-1235", "100356-1236", "110356-1237"]


def enrol_data(cpr, **extra):
    return {"cpr": cpr, "source": "doctor", "referral_text": "KOL, FEV1 55 %", **extra}


def test_enrol_until_full_then_the_waiting_list_is_offered(login, trainer, course, residents):
    client = login(trainer)
    url = reverse("prevention:enrol", args=[course.pk])
    for cpr in CPRS[:2]:
        assert client.post(url, enrol_data(cpr)).status_code == 302
    response = client.post(url, enrol_data(CPRS[2]))
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_cpr_error">Holdet er fuldt (2 pladser). Sæt i stedet borgeren på venteliste.' in body
    assert "Sæt på venteliste, hvis holdet er fuldt" in body
    assert Enrolment.objects.count() == 2
    assert not Citizen.objects.filter(cpr=CPRS[2]).exists()  # nothing half-saved
    assert client.post(url, enrol_data(CPRS[2], wait_list="on")).status_code == 302
    assert Enrolment.objects.get(citizen__cpr=CPRS[2]).status == EnrolmentStatus.WAITING
    body = client.get(reverse("prevention:course", args=[course.pk])).content.decode()
    assert "Venteliste" in body and "2 / 2" in body


def test_enrol_refuses_bad_input_in_danish(login, trainer, course, residents):
    client = login(trainer)
    url = reverse("prevention:enrol", args=[course.pk])
    response = client.post(url, {"cpr": "12345", "source": "nobody"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_cpr_error">Skriv CPR-nummeret som' in body or 'id="id_cpr_error">' in body
    assert 'id="id_source_error">' in body
    response = client.post(url, enrol_data("010101-0001"))
    assert 'id="id_cpr_error">CPR-registret har ingen borger med dette nummer.' in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("user", ["ssh_vest", "leader_vest"])
def test_others_are_refused_the_courses(login, request, course, user, org):
    client = login(request.getfixturevalue(user))
    citizen = CitizenFactory(units=[org.vest1])
    enrolment = services.enrol(course, citizen, source="staff", by=course.instructor)
    session = course.sessions.first()
    for url in (
        reverse("prevention:start"),
        reverse("prevention:courses"),
        reverse("prevention:course", args=[course.pk]),
        reverse("prevention:session", args=[session.pk]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("prevention:attend", args=[session.pk]), {"enrolment": enrolment.pk, "present": "0"}
    )
    assert response.status_code == 403 and not Attendance.objects.exists()


def test_attendance_one_tap_and_the_second_absence_is_flagged(login, trainer, course, org):
    citizen = CitizenFactory(units=[org.vest1])
    enrolment = services.enrol(course, citizen, source="staff", by=trainer)
    client = login(trainer)
    first, second, future = course.sessions.order_by("starts_at")
    url = reverse("prevention:attend", args=[first.pk])
    response = client.post(url, {"enrolment": enrolment.pk, "present": "0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="attendance"' in response.content.decode()
    assert "<html" not in response.content.decode()  # the partial only
    assert not Notification.objects.exists()
    client.post(reverse("prevention:attend", args=[second.pk]), {"enrolment": enrolment.pk, "present": "0"})
    note = Notification.objects.get()
    assert note.user == trainer and "udeblevet 2 gange fra KOL-skole" in note.title
    body = client.get(reverse("prevention:session", args=[second.pk])).content.decode()
    assert "udeblevet 2 gange" in body
    assert AccessLog.objects.filter(citizen=citizen, part="sft:hold", username="traener").exists()

    response = client.post(
        reverse("prevention:attend", args=[future.pk]), {"enrolment": enrolment.pk, "present": "1"}
    )
    assert response.status_code == 400
    assert "Fremmøde kan ikke registreres for en mødegang, der ikke er begyndt." in response.content.decode()
    assert Attendance.objects.filter(session=future).count() == 0
    response = client.post(url, {"enrolment": "x", "present": "1"})
    assert response.status_code == 400 and "Vælg en borger på listen." in response.content.decode()


def test_a_new_course_with_its_sessions_and_bad_input(login, trainer, sft_leader, frozen):
    client = login(sft_leader)
    url = reverse("prevention:course_new")
    response = client.post(url, {"title": "", "kind": "x", "place": "bus", "capacity": "0", "sessions": "99"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_title_error">Dette felt er påkrævet.' in body
    assert 'id="id_capacity_error">' in body and 'id="id_first_session_error">' in body
    assert not Course.objects.exists()
    data = {
        "title": "Osteoporose-hold",
        "kind": "86",
        "place": "satellite",
        "capacity": "8",
        "instructor": trainer.pk,
        "first_session": "2026-03-09T10:00",
        "sessions": "6",
    }
    assert client.post(url, data).status_code == 302
    assert Session.objects.filter(course__title="Osteoporose-hold").count() == 6


def test_course_list_and_attendance_list_have_fixed_query_counts(
    login, trainer, course, org, django_assert_num_queries
):
    def add(n):
        for i in range(n):
            Course.objects.create(
                title=f"Hold {i}",
                kind="86",
                place="bus",
                starts_on=course.starts_on,
                capacity=3,
                instructor=trainer,
            )
            services.enrol(
                course, CitizenFactory(units=[org.vest1]), source="own", wait_list=True, by=trainer
            )

    client = login(trainer)
    urls = [reverse("prevention:courses"), reverse("prevention:session", args=[course.sessions.first().pk])]
    add(1)
    small = [count_queries(client, url) for url in urls]
    add(6)
    for url, expected in zip(urls, small, strict=True):
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
    assert max(small) <= 16


real_connections = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
ATTEMPTS = 12


@real_connections
@postgresql_only
def test_simultaneous_enrolments_never_exceed_the_capacity(org, sft, trainer):
    from datetime import date

    course = Course.objects.create(
        title="Rygestop",
        kind="smoking",
        place="bus",
        starts_on=date(2026, 3, 2),
        capacity=3,
        instructor=trainer,
    )
    citizens = [CitizenFactory(units=[sft]) for _ in range(ATTEMPTS)]
    barrier = threading.Barrier(ATTEMPTS)
    results = [None] * ATTEMPTS

    def attempt(n):
        try:
            barrier.wait(timeout=30)
            services.enrol(course, citizens[n], source="own", by=trainer)
            results[n] = "enrolled"
        except services.ValidationError as exc:
            results[n] = exc.message_dict["cpr"][0]
        except Exception as exc:  # noqa: BLE001 - any other outcome fails the test below
            results[n] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(ATTEMPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).count() == 3
    assert results.count("enrolled") == 3
    assert all("Holdet er fuldt" in r for r in results if r != "enrolled"), results
