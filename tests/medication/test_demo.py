"""The demo: the nurse has visits today in Min dag, home-care citizens with medicine visits have
medicine lists from the FMK stand-in, pourings (every other one checked by a second nurse), and past doses
are recorded given and not given."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from medication.models import Administration, FmkReconciliation, MedicineLine, Outcome, Pouring, PouringCheck

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))


def test_demo_nurse_day_and_medicine(client):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", citizens=60, stdout=StringIO())
        nurse = get_user_model().objects.get(username="sygeplejerske")
        client.force_login(nurse)
        response = client.get(reverse("homecare:my_day"))
        assert response.status_code == 200 and len(response.context["visits"]) >= 3
        assert MedicineLine.objects.exists() and FmkReconciliation.objects.exists()
        assert Administration.objects.filter(outcome=Outcome.GIVEN).exists()
        citizen_id = MedicineLine.objects.values_list("citizen_id", flat=True).first()
        assert client.get(reverse("medication:list", args=[citizen_id])).status_code == 200
        pouring = Pouring.objects.first()
        assert pouring.poured_by == nurse and PouringCheck.objects.exclude(checked_by=nurse).exists()
        assert (
            "hældt op af"
            in client.get(reverse("medication:list", args=[pouring.citizen_id])).content.decode()
        )
