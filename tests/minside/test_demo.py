"""The demo's Min side users: borger.demo is a generated citizen with visits in the coming week (matched
by CPR) who sent an incident report on the public form while logged in, paaroerende.demo holds a power of
attorney for that citizen; both log in with `demo`."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from citizens import portal
from incidents.models import Incident, Source
from medication.models import MedicineLine
from minside.identity import citizen_for_cpr, grants_for
from minside.models import CitizenAccount

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.mark.django_db
def test_demo_citizen_and_relative(client):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", citizens=30, stdout=StringIO())
        citizen = citizen_for_cpr(CitizenAccount.objects.get(user__username="borger.demo").cpr)
        sections = {s.key: s.items for s in portal.sections(citizen, today=NOW.date())}
        assert sections["visits"] and sections["stays"]
        report = Incident.objects.get(citizen=citizen, source=Source.PUBLIC)
        assert report.receipt_code and report.handler_group is not None
        assert sections["incidents"]
        assert MedicineLine.objects.filter(citizen=citizen).exists() and sections["medicine"]
        relative = CitizenAccount.objects.get(user__username="paaroerende.demo")
        assert citizen_for_cpr(relative.cpr) is None
        assert [g.citizen for g in grants_for(relative.cpr, NOW.date())] == [citizen]
        response = client.post(
            "/min-side/log-ind/", {"username": "borger.demo", "password": "demo"}, follow=True
        )
        body = response.content.decode()
        assert citizen.last_name in body
        assert report.receipt_code in body
        assert "Din medicin" in body
