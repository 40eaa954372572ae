"""Every place offered on an incident form routes to a case-handler group (issue 11, part 6): a report
about Socialpsykiatrien answered 500, because no group took reports there."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecore import demo as core_demo
from carecore.models import Unit
from incidents import demo as incidents_demo
from incidents.forms import ForceReportForm, PublicReportForm, ReportForm
from incidents.models import HandlerGroup, Incident, Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_org():
    seeder = core_demo.DemoSeeder()
    seeder.seed_units()
    seeder.seed_demo_users()
    incidents_demo.ensure_groups(seeder)
    return seeder


def _choices(form):
    return [unit for unit in form.fields["unit"].queryset]


def test_every_place_on_the_public_form_routes_to_a_handler_group(demo_org):
    places = _choices(PublicReportForm())
    assert any(unit.code == "socialpsykiatrien" for unit in places)
    unrouted = [unit.name for unit in places if HandlerGroup.objects.for_unit(unit) is None]
    assert not unrouted


def test_every_place_on_the_staff_forms_routes_to_a_handler_group(demo_org):
    unrouted = set()
    for user in get_user_model().objects.filter(staff__isnull=False):
        for unit in _choices(ReportForm(user=user)):
            if HandlerGroup.objects.for_unit(unit) is None:
                unrouted.add((user.username, unit.name))
        for unit in _choices(ForceReportForm(user=user)):
            if HandlerGroup.objects.for_unit(unit, Kind.FORCE) is None:
                unrouted.add((user.username, unit.name, "force"))
    assert not unrouted


def test_a_citizen_reporting_about_socialpsykiatrien_reaches_its_case_handlers(demo_org, client):
    unit = Unit.objects.get(code="socialpsykiatrien")
    when = timezone.localtime() - timedelta(hours=2)
    response = client.post(
        reverse("incidents:public"),
        {
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "unit": unit.pk,
            "description": "Min bror fik ikke sin medicin på bostedet",
            "reported_actual": "none",
            "reported_possible": "moderate",
        },
    )
    assert response.status_code == 302
    assert Incident.objects.get().handler_group.code == "socialpsykiatrien"


def test_a_place_without_handlers_is_a_message_next_to_the_field_not_a_500(org):
    HandlerGroup.objects.all().delete()
    client = Client(raise_request_exception=False)
    when = timezone.localtime() - timedelta(hours=2)
    response = client.post(
        reverse("incidents:public"),
        {
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "unit": org.homecare.pk,
            "description": "Fald",
            "reported_actual": "none",
            "reported_possible": "none",
        },
    )
    assert response.status_code == 200
    assert "Ingen sagsbehandlere modtager endnu indberetninger for dette sted" in response.content.decode()
    assert not Incident.objects.exists()
