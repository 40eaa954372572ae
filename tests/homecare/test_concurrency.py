"""No silent overwrites of a visit plan (issue 11, part 3)."""

import pytest
from django.test import Client
from django.urls import reverse

from homecare import services
from homecare.models import Visit, VisitPlan

from .factories import VisitPlanFactory
from .test_leader_pages import plan_data

pytestmark = pytest.mark.django_db

CONFLICT = "Besøgsplanen er ændret af en anden, mens du redigerede. Din ændring er ikke gemt."


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_second_save_of_a_visit_plan_is_refused_and_loses_nothing(frozen, leader_vest, citizen_vest, org):
    plan = VisitPlanFactory(citizen=citizen_vest)
    services.generate_visits()
    url = reverse("homecare:plan_edit", args=[plan.pk])
    version = VisitPlan.objects.get(pk=plan.pk).version
    first, second = as_user(leader_vest), as_user(leader_vest)
    assert f'name="version" value="{version}"'.encode() in second.get(url).content

    saved = first.post(url, plan_data(org, recurrence="daily", weekdays=[], title="Morgen", version=version))
    assert saved.status_code == 302
    refused = second.post(
        url,
        plan_data(org, recurrence="daily", weekdays=[], title="Aften", duration_minutes=45, version=version),
    )

    assert refused.status_code == 409
    body = refused.content.decode()
    assert CONFLICT in body
    assert "Morgen" in body and 'value="Aften"' in body and 'value="45"' in body
    assert f'name="version" value="{version + 1}"' in body
    plan.refresh_from_db()
    assert (plan.title, plan.duration_minutes, plan.version) == ("Morgen", 30, version + 1)
    assert set(Visit.objects.values_list("title", flat=True)) == {"Morgen"}

    again = second.post(
        url,
        plan_data(
            org, recurrence="daily", weekdays=[], title="Aften", duration_minutes=45, version=version + 1
        ),
    )
    assert again.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.duration_minutes) == ("Aften", 45)
    assert set(Visit.objects.values_list("title", flat=True)) == {"Aften"}
