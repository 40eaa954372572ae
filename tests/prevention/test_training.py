"""§140 training after hospital: the plan registered with its start limit, overdue plans flagged,
children (§140a) on their own list; bad input, refusals and the list's query count."""

from datetime import date

import pytest
from django.urls import reverse

from citizens.models import AccessLog
from prevention import services
from prevention.models import Specialty, TrainingPlan

from .conftest import count_queries

pytestmark = pytest.mark.django_db

ADULT, CHILD = "150351-1234", "010115-4321"


@pytest.fixture
def child(residents):
    from prevention.register import LocalCprRegister

    from .conftest import resident

    LocalCprRegister.people = [*residents, resident(CHILD, date(2015, 1, 1), name="Emil Holm")]


def plan_data(cpr, trainer, **extra):
    return {
        "cpr": cpr,
        "specialty": Specialty.ORTHOPAEDICS,
        "hospital": "Regionshospitalet, ortopædkirurgisk afd.",
        "discharged_on": "2026-02-20",
        "therapist": trainer.pk,
        **extra,
    }


def test_a_plan_gets_its_start_limit_and_is_flagged_when_overdue(login, trainer, frozen, child):
    client = login(trainer)
    response = client.post(reverse("prevention:plan_new"), plan_data(ADULT, trainer))
    plan = TrainingPlan.objects.get()
    assert response["Location"] == reverse("prevention:plan", args=[plan.pk])
    assert plan.start_by == date(2026, 2, 27) and not plan.is_child
    body = client.get(reverse("prevention:training")).content.decode()
    assert "overskredet" in body and plan.citizen.full_name in body
    assert AccessLog.objects.filter(citizen=plan.citizen, part="sft:genoptraening").exists()

    client.post(reverse("prevention:plan_new"), plan_data(CHILD, trainer, discharged_on="2026-03-01"))
    kid = TrainingPlan.objects.get(is_child=True)
    adults = client.get(reverse("prevention:training")).content.decode()
    children = client.get(reverse("prevention:training") + "?vis=boern").content.decode()
    assert "Emil Holm" not in adults and "Emil Holm" in children and "overskredet" not in children

    assert (
        client.post(
            reverse("prevention:plan_start", args=[plan.pk]), {"started_on": "2026-03-02"}
        ).status_code
        == 302
    )
    assert "overskredet" not in client.get(reverse("prevention:training")).content.decode()
    response = client.post(
        reverse("prevention:plan_end", args=[plan.pk]), {"ended_on": "2026-03-02", "result": "Går uden stok"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.result == "Går uden stok" and kid.started_on is None


def test_plan_forms_refuse_bad_input_in_danish(login, trainer, frozen, residents):
    client = login(trainer)
    response = client.post(
        reverse("prevention:plan_new"), plan_data(ADULT, trainer, specialty="", discharged_on="2026-04-01")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_specialty_error">Dette felt er påkrævet.' in body
    assert 'id="id_discharged_on_error">Udskrivningsdatoen kan ikke ligge i fremtiden.' in body
    assert not TrainingPlan.objects.exists()
    plan = services.register_plan(
        cpr=ADULT,
        specialty="neurologi",
        hospital="H",
        discharged_on=date(2026, 2, 25),
        therapist=trainer,
        by=trainer,
    )
    response = client.post(reverse("prevention:plan_start", args=[plan.pk]), {"started_on": "2026-02-20"})
    assert (
        'id="id_started_on_error">Træningen kan ikke begynde før udskrivningen.' in response.content.decode()
    )
    services.start_training(plan, started_on=date(2026, 3, 1))
    response = client.post(
        reverse("prevention:plan_end", args=[plan.pk]), {"ended_on": "2026-03-01", "result": ""}
    )
    body = response.content.decode()
    assert response.status_code == 400 and 'id="id_result_error">Beskriv slutresultatet.' in body
    plan.refresh_from_db()
    assert plan.ended_on is None and plan.result == ""


@pytest.mark.parametrize("user", ["ssh_vest", "leader_vest", "consultant"])
def test_others_are_refused_the_training_plans(login, request, trainer, frozen, residents, user, sft):
    plan = services.register_plan(
        cpr=ADULT,
        specialty="neurologi",
        hospital="H",
        discharged_on=date(2026, 2, 25),
        therapist=trainer,
        by=trainer,
    )
    client = login(request.getfixturevalue(user))
    assert client.get(reverse("prevention:training")).status_code == 403
    assert client.get(reverse("prevention:plan", args=[plan.pk])).status_code == 403
    assert (
        client.post(
            reverse("prevention:plan_start", args=[plan.pk]), {"started_on": "2026-03-01"}
        ).status_code
        == 403
    )
    assert AccessLog.objects.filter(citizen=plan.citizen, outcome=AccessLog.Outcome.REFUSED).exists()
    plan.refresh_from_db()
    assert plan.started_on is None


def test_the_plan_list_has_a_fixed_number_of_queries(
    login, trainer, sft_leader, frozen, org, django_assert_num_queries
):
    from ..factories import CitizenFactory

    def add(n):
        for _ in range(n):
            citizen = CitizenFactory(units=[org.vest1])
            services.register_plan(
                cpr=citizen.cpr,
                specialty="geriatri",
                hospital="H",
                discharged_on=date(2026, 2, 1),
                therapist=trainer,
                by=trainer,
            )

    client = login(sft_leader)
    url = reverse("prevention:training")
    add(1)
    small = count_queries(client, url)
    add(8)
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200
    assert small <= 16
