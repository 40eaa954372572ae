"""§138 plans belong to nurses: a nurse creates and changes nursing plans (on her own nursing unit or
the citizen's team), never personal care or practical help."""

import pytest
from django.urls import reverse

from homecare.models import ServiceType, Visit, VisitPlan

from .factories import VisitPlanFactory
from .test_leader_pages import plan_data

pytestmark = pytest.mark.django_db


def test_nurse_creates_a_nursing_plan_on_her_nursing_unit(frozen, login, nurse, citizen_vest, org):
    response = login(nurse).post(
        reverse("homecare:citizen_plans", args=[citizen_vest.pk]),
        plan_data(
            org,
            team=org.nursing.pk,
            service_type="nursing",
            delegated_task="wound_care",
            title="Sårpleje",
            recurrence="daily",
            weekdays=[],
        ),
    )
    assert response.status_code == 302
    plan = VisitPlan.objects.get(citizen=citizen_vest)
    assert plan.team == org.nursing and plan.service_type == ServiceType.NURSING and plan.created_by == nurse
    assert Visit.objects.filter(plan=plan).exists()


def test_nurse_cannot_create_personal_care(frozen, login, nurse, citizen_vest, org):
    response = login(nurse).post(reverse("homecare:citizen_plans", args=[citizen_vest.pk]), plan_data(org))
    assert response.status_code == 200 and "service_type" in response.context["form"].errors
    assert not VisitPlan.objects.exists()


def test_nurse_cannot_change_a_personal_care_plan(frozen, login, nurse, citizen_vest, org):
    plan = VisitPlanFactory(citizen=citizen_vest)
    response = login(nurse).post(
        reverse("homecare:plan_edit", args=[plan.pk]),
        {**plan_data(org, service_type="nursing", title="Ændret"), "version": plan.version},
    )
    assert response.status_code == 200 and "§138" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Morgenpleje"
