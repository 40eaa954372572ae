"""The `make bench` hook: cases in bulk for a generated municipality, and pages that answer 200 for
their users (the private provider's leader sees its orders)."""

import random

import pytest

from carecore import demo as core_demo
from citizens import demo as citizens_demo
from citizens.models import Citizen
from visitation import bench
from visitation.models import Case, CaseStatus, Decision

pytestmark = pytest.mark.django_db


def test_populate_gives_cases_in_bulk_and_every_page_answers(client):
    from django.contrib.auth import get_user_model

    core_demo.seed()
    citizens_demo.seed(citizens=60)
    ids = list(Citizen.objects.values_list("pk", flat=True))
    result = bench.populate(ids, random.Random(4711))
    assert result["cases"] == Case.objects.count() > 5
    assert Decision.objects.count() == Case.objects.filter(status__in=["decided", "refused"]).count()
    assert CaseStatus.DECIDED in set(Case.objects.values_list("status", flat=True))
    assert bench.populate(ids, random.Random(1)) == {"cases": 0}  # once
    User = get_user_model()
    for label, path, username in bench.pages():
        client.force_login(User.objects.get(username=username))
        assert client.get(path).status_code == 200, (label, username)
    private_orders = Case.objects.filter(provider__code="privat-1").count()
    client.force_login(User.objects.get(username="leder.privat"))
    assert private_orders and len(client.get("/visitation/").context["page"].rows) == min(private_orders, 50)
