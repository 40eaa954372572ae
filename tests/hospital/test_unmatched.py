"""/hospital/uparrede/: the visitator's queue of hospital messages for an unknown CPR number."""

import pytest
from django.urls import reverse

from citizens.models import CitizenStatus
from homecare.models import Visit, VisitStatus
from hospital.models import HospitalMessage, MessageStatus

from ..factories import CitizenFactory
from .conftest import MEDCOM_CPR, at, load

pytestmark = pytest.mark.django_db


@pytest.fixture
def unmatched(post, org, clock):
    clock.move_to(at("2026-03-01T12:05"))
    post(load("STIN_A"))
    return HospitalMessage.objects.get()


@pytest.mark.parametrize("user,status", [("visitator", 200), ("leader_vest", 403), ("ssh_vest", 403)])
def test_only_visitators_see_the_queue(login, request, unmatched, user, status):
    response = login(request.getfixturevalue(user)).get(reverse("hospital:unmatched"))
    assert response.status_code == status
    if status == 200:
        assert MEDCOM_CPR in response.content.decode() and "Indlagt" in response.content.decode()


def test_anonymous_is_sent_to_login(client, unmatched):
    response = client.get(reverse("hospital:unmatched"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(reverse("hospital:match", args=[unmatched.pk]), {"cpr": MEDCOM_CPR})
    assert response.status_code == 302
    assert HospitalMessage.objects.get().status == MessageStatus.UNMATCHED


def test_the_visitator_matches_a_message_and_it_is_processed(login, visitator, unmatched, org):
    from homecare import services as homecare

    from ..homecare.factories import VisitPlanFactory

    citizen = CitizenFactory(cpr=MEDCOM_CPR, units=[org.vest1])
    VisitPlanFactory(citizen=citizen, team=org.vest1)
    homecare.generate_visits()
    response = login(visitator).post(reverse("hospital:match", args=[unmatched.pk]), {"cpr": MEDCOM_CPR})
    assert response.status_code == 302
    message = HospitalMessage.objects.get()
    assert (message.status, message.citizen, message.matched_by) == (
        MessageStatus.PROCESSED,
        citizen,
        visitator,
    )
    citizen.refresh_from_db()
    assert citizen.status == CitizenStatus.ADMITTED
    assert Visit.objects.filter(citizen=citizen, status=VisitStatus.CANCELLED).exists()
    assert MEDCOM_CPR not in login(visitator).get(reverse("hospital:unmatched")).content.decode()


@pytest.mark.parametrize(
    "cpr,error",
    [("12345", "DDMMÅÅ-SSSS"), ("010203-1234", "Ingen borger, du har adgang til")],
)
def test_matching_refuses_bad_input_in_danish(login, visitator, unmatched, org, cpr, error):
    CitizenFactory(cpr="010203-1234", units=[org.nursing])  # exists, but not in the visitator's scope
    response = login(visitator).post(reverse("hospital:match", args=[unmatched.pk]), {"cpr": cpr})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert HospitalMessage.objects.get().status == MessageStatus.UNMATCHED


def test_a_leader_cannot_match(login, leader_vest, unmatched, org):
    CitizenFactory(cpr=MEDCOM_CPR, units=[org.vest1])
    response = login(leader_vest).post(reverse("hospital:match", args=[unmatched.pk]), {"cpr": MEDCOM_CPR})
    assert response.status_code == 403
    assert HospitalMessage.objects.get().status == MessageStatus.UNMATCHED
