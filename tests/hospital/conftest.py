"""Hospital-message fixtures: a sender with its token, MedCom's test citizen with daily visits."""

import copy
import json
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from carecore.roles import Role
from homecare import services as homecare
from hospital.models import HospitalSender

from ..factories import CitizenFactory, make_staff
from ..homecare.factories import VisitPlanFactory

CPH = ZoneInfo("Europe/Copenhagen")
MESSAGES = Path(__file__).parent / "messages"
MEDCOM_CPR = "250947-9989"  # MedCom's test person in the published examples
URL = "/api/medcom/hospitalnotification/"


def load(name):
    return copy.deepcopy(json.loads((MESSAGES / f"{name}.json").read_text()))


@pytest.fixture
def token(db):
    sender = HospitalSender(name="Herlev og Gentofte Hospital", sor_code="265161000016000")
    value = sender.issue_token()
    sender.save()
    return value


@pytest.fixture
def post(client, token):
    def _post(body, *, auth=None):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return client.post(
            URL,
            data=data,
            content_type="application/fhir+json",
            headers={"Authorization": auth if auth is not None else f"Bearer {token}"},
        )

    return _post


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 2, 28, 20, 0, tzinfo=CPH), tick=False) as traveller:
        yield traveller


@pytest.fixture
def elmer(org, clock):
    """MedCom's test citizen, served by Vest Team 1, with a morning and an evening visit every day."""
    citizen = CitizenFactory(cpr=MEDCOM_CPR, units=[org.vest1], first_name="Elmer", last_name="Test")
    for start, end in [(time(7, 30), time(8, 30)), (time(17, 0), time(18, 0))]:
        VisitPlanFactory(citizen=citizen, team=org.vest1, window_start=start, window_end=end)
    homecare.generate_visits()
    return citizen


@pytest.fixture
def carer(org):
    return make_staff("ssh.elmer", role=Role.SSH, units=[org.vest1])


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=CPH)


__all__ = ["URL", "at", "load", "reverse"]
