"""Outcomes that matter to SFT: self-rated health and well-being 0-10 at start, end and 3 months after,
shown per course (latest answer per citizen and point) and per year."""

import pytest
from django.urls import reverse

from prevention import services
from prevention.models import Outcome

from ..factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolments(course, org, trainer):
    return [
        services.enrol(course, CitizenFactory(units=[org.vest1]), source="doctor", by=trainer)
        for _ in range(2)
    ]


def test_answers_are_averaged_per_point_and_a_new_answer_corrects(
    login, trainer, sft_leader, course, enrolments
):
    client = login(trainer)
    url = reverse("prevention:outcome", args=[course.pk])
    first, second = enrolments
    for enrolment, health in ((first, 4), (second, 6), (first, 8)):  # the third corrects the first
        data = {"outcome-enrolment": enrolment.pk, "outcome-point": "start", "outcome-health": health}
        assert client.post(url, {**data, "outcome-wellbeing": 5}).status_code == 302
    assert Outcome.objects.count() == 3
    body = client.get(reverse("prevention:course", args=[course.pk])).content.decode()
    assert "Ved start" in body and "<td>2</td>" in body and 'value="7.0"' in body  # (8 + 6) / 2
    body = login(sft_leader).get(reverse("prevention:overview")).content.decode()
    assert "Ved start" in body and 'value="7.0"' in body


def test_the_questionnaire_refuses_a_score_off_the_scale(login, trainer, course, enrolments):
    client = login(trainer)
    data = {
        "outcome-enrolment": enrolments[0].pk,
        "outcome-point": "later",
        "outcome-health": "11",
        "outcome-wellbeing": "",
    }
    response = client.post(reverse("prevention:outcome", args=[course.pk]), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_outcome-health_error">Denne værdi skal være mindre end eller lig 10.' in body
    assert 'id="id_outcome-wellbeing_error">Dette felt er påkrævet.' in body
    assert 'id="id_outcome-point_error">' in body
    assert not Outcome.objects.exists()


def test_the_questionnaire_is_refused_to_a_leader_of_another_department(
    login, leader_vest, course, enrolments
):
    data = {
        "outcome-enrolment": enrolments[0].pk,
        "outcome-point": "end",
        "outcome-health": 5,
        "outcome-wellbeing": 5,
    }
    assert login(leader_vest).post(reverse("prevention:outcome", args=[course.pk]), data).status_code == 403
    assert not Outcome.objects.exists()
