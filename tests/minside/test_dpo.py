"""The data-protection contact answers citizens' questions about looks at their record (outside the
admin), and the asker reads the answer on Min side. Other roles, citizens and anonymous visitors are
refused."""

import pytest
from django.test import Client

from carecore.models import Notification
from carecore.roles import Role
from citizens.models import AccessLog, AccessPart
from minside import services
from minside.models import AccessQuestion

from ..factories import CitizenFactory, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(org):
    return make_staff("dpo.test", role=Role.DPO, units=[org.staff_unit])


@pytest.fixture
def question(citizen_vest, borger, org):
    carer = make_staff("sofie.vest", role=Role.SSH, units=[org.vest1])
    look = AccessLog.objects.create(
        user=carer,
        username=carer.username,
        citizen=citizen_vest,
        part=AccessPart.JOURNAL,
        unit_name="Vest Team 1",
    )
    return services.ask_about_look(citizen_vest, look=look, question="Hvorfor så I min journal?", by=borger)


def test_the_contact_is_told_lists_the_question_and_answers_it(client, dpo, question, citizen_vest):
    note = Notification.objects.get(user=dpo)
    assert note.url == f"/databeskyttelse/spoergsmaal/{question.pk}/"
    client.force_login(dpo)
    body = client.get("/databeskyttelse/spoergsmaal/").content.decode()
    assert question.receipt in body and citizen_vest.full_name in body
    page = client.get(note.url).content.decode()
    assert "Hvorfor så I min journal?" in page and "sofie.vest" in page and "Vest Team 1" in page
    response = client.post(note.url, {"answer": "Din hjemmehjælper læste journalen før besøget."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "Din hjemmehjælper læste journalen før besøget."
    assert question.answered_by == dpo and question.answered_at is not None
    assert question.receipt not in client.get("/databeskyttelse/spoergsmaal/").content.decode()
    assert question.receipt in client.get("/databeskyttelse/spoergsmaal/?besvarede=1").content.decode()
    # Each look at the question and the list is a look at the citizen's access log.
    assert AccessLog.objects.filter(user=dpo, citizen=citizen_vest, part=AccessPart.ACCESS_LOG).count() >= 3


def test_the_asker_reads_the_answer_on_min_side(client, citizen_login, borger, dpo, question):
    citizen_login(borger)
    body = client.get("/min-side/adgange/").content.decode()
    assert question.receipt in body and "Vi har ikke svaret endnu" in body
    services.answer_question(question, answer="Det var din faste hjælper.", by=dpo)
    body = client.get("/min-side/adgange/").content.decode()
    assert "Det var din faste hjælper." in body and "Vores svar fra" in body
    assert "dpo.test" not in body


def test_another_person_does_not_see_the_question_or_its_answer(
    client, citizen_login, relative_of, citizen_vest, dpo, question
):
    services.answer_question(question, answer="Det var din faste hjælper.", by=dpo)
    citizen_login(relative_of(citizen_vest))
    body = client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/adgange/").content.decode()
    assert "Det var din faste hjælper." not in body and question.receipt not in body


@pytest.mark.parametrize(
    "answer, message", [("", "Skriv svaret."), ("ok", "Skriv svaret."), ("x" * 4001, "Svaret er for langt")]
)
def test_a_bad_answer_says_why_in_danish_and_saves_nothing(client, dpo, question, answer, message):
    client.force_login(dpo)
    response = client.post(f"/databeskyttelse/spoergsmaal/{question.pk}/", {"answer": answer})
    assert response.status_code == 400 and message in response.content.decode()
    question.refresh_from_db()
    assert question.answered_at is None and question.answer == ""


def test_a_question_is_answered_once(client, dpo, question, org):
    services.answer_question(question, answer="Første svar til borgeren.", by=dpo)
    other = make_staff("dpo.to", role=Role.DPO, units=[org.staff_unit])
    with pytest.raises(Exception, match="allerede besvaret"):
        services.answer_question(question, answer="Andet svar til borgeren.", by=other)
    client.force_login(other)
    client.post(f"/databeskyttelse/spoergsmaal/{question.pk}/", {"answer": "Andet svar til borgeren."})
    question.refresh_from_db()
    assert question.answer == "Første svar til borgeren." and question.answered_by == dpo


@pytest.mark.parametrize("role", [Role.LEADER, Role.SSH, Role.VISITATOR, Role.RISK_MANAGER])
def test_other_roles_are_refused_and_the_refused_look_logged(client, org, question, citizen_vest, role):
    user = make_staff(
        f"p.{role}", role=role, leader_of=[org.vest] if role == Role.LEADER else [], units=[org.vest1]
    )
    client.force_login(user)
    assert client.get("/databeskyttelse/spoergsmaal/").status_code == 403
    assert client.get(f"/databeskyttelse/spoergsmaal/{question.pk}/").status_code == 403
    assert (
        client.post(f"/databeskyttelse/spoergsmaal/{question.pk}/", {"answer": "Et svar herfra."}).status_code
        == 403
    )
    assert AccessLog.objects.filter(
        user=user, citizen=citizen_vest, outcome=AccessLog.Outcome.REFUSED
    ).exists()
    question.refresh_from_db()
    assert question.answered_at is None


def test_anonymous_visitors_are_sent_to_login_and_citizens_refused(client, citizen_login, borger, question):
    response = client.get("/databeskyttelse/spoergsmaal/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    citizen_login(borger)
    assert client.get("/databeskyttelse/spoergsmaal/").status_code == 403
    assert client.get(f"/databeskyttelse/spoergsmaal/{question.pk}/").status_code == 403


def test_a_question_that_does_not_exist_is_not_found(client, dpo):
    client.force_login(dpo)
    assert client.get("/databeskyttelse/spoergsmaal/999999/").status_code == 404


@pytest.mark.parametrize("n", [5, 50])
def test_the_list_costs_the_same_queries_for_5_and_50_questions(
    n, dpo, borger, org, django_assert_num_queries
):
    citizens = CitizenFactory.create_batch(3, units=[org.vest1])
    AccessQuestion.objects.bulk_create(
        [
            AccessQuestion(citizen=citizens[i % 3], asked_by=borger, question="Hvem?", receipt=f"DP-{i:08d}")
            for i in range(n)
        ]
    )
    staff = Client()
    staff.force_login(dpo)
    staff.get("/databeskyttelse/spoergsmaal/")
    # the same five queries whatever the number of questions
    with django_assert_num_queries(5):
        assert staff.get("/databeskyttelse/spoergsmaal/").status_code == 200
