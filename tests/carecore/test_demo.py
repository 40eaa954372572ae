"""`manage.py seed_demo`: each installed app's demo found by discovery, idempotent, and its data obeys the
rules that user input obeys (nothing recorded in the future, no titles in generated names)."""

import ast
import random
import re
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import modify_settings
from django.utils import timezone

from carecore import demo as core_demo
from carecore.demo import DEMO_PASSWORD, DEMO_USERS
from carecore.management.commands.seed_demo import demo_seeders

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))
TITLE = re.compile(r"\.|\b(Dr|Prof|Univ|Ing|Mag|Cand)\b")


@pytest.fixture
def seeded(db):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", citizens=30, stdout=StringIO())
        yield


def test_seed_demo_runs_each_installed_apps_demo_in_installed_apps_order():
    assert [seed.__module__ for seed in demo_seeders()] == [
        "carecore.demo",
        "citizens.demo",
        "homecare.demo",
        "medication.demo",
        "rehab.demo",
        "incidents.demo",
        "students.demo",
        "hospital.demo",
        "visitation.demo",
        "referrals.demo",
        "prevention.demo",
        "minside.demo",
    ]


def test_an_app_left_out_of_installed_apps_is_not_seeded():
    with modify_settings(INSTALLED_APPS={"remove": ["students"]}):
        assert "students.demo" not in [seed.__module__ for seed in demo_seeders()]


@pytest.mark.parametrize("path", ["carecore/demo.py", "carecore/management/commands/seed_demo.py"])
def test_core_demo_seeding_imports_no_record_or_module_app(path):
    tree = ast.parse((ROOT / path).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    others = {"citizens", "homecare", "rehab", "incidents", "students"}
    assert {name.split(".")[0] for name in imported} & others == set()


def _row_counts():
    """Rows per table of every installed model (models that tests declare on the fly have no table)."""
    tables = set(connection.introspection.table_names())
    return {
        m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.db_table in tables
    }


def test_seeding_twice_adds_no_row_to_any_table(seeded):
    counts = _row_counts()
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", citizens=30, stdout=StringIO())
    assert _row_counts() == counts


def test_core_seeds_every_demo_user_with_the_demo_password_and_nothing_of_the_record(db):
    from citizens.models import Citizen

    core_demo.seed()
    users = apps.get_model("auth.User").objects.filter(username__in=DEMO_USERS)
    assert sorted(u.username for u in users if u.check_password(DEMO_PASSWORD)) == sorted(DEMO_USERS)
    assert not Citizen.objects.exists()


def test_demo_records_nothing_dated_after_now(seeded):
    from citizens.models import Assessment, JournalEntry
    from incidents.models import CaseEvent, Incident, SeverityChange
    from rehab.models import DischargeNotice, Evaluation, FollowUp, Stay, StayEvent
    from students.models import Meeting

    now, today = timezone.now(), timezone.localdate()
    recorded = {
        "assessment": Assessment.objects.filter(assessed_at__gt=now),
        "journal entry": JournalEntry.objects.filter(created_at__gt=now),
        "stay booked": Stay.objects.filter(created_at__gt=now),
        "stay event": StayEvent.objects.filter(at__gt=now),
        "discharge notice": DischargeNotice.objects.filter(created_at__gt=now),
        "evaluation": Evaluation.objects.filter(on__gt=today),
        "follow-up done": FollowUp.objects.filter(done_at__gt=now),
        "incident reported": Incident.objects.filter(created_at__gt=now),
        "incident closed": Incident.objects.filter(closed_at__gt=now),
        "case event": CaseEvent.objects.filter(at__gt=now),
        "severity change": SeverityChange.objects.filter(at__gt=now),
        "trainee meeting held": Meeting.objects.filter(held_on__gt=today),
    }
    assert {what: qs.count() for what, qs in recorded.items()} == dict.fromkeys(recorded, 0)
    assert Assessment.objects.exists() and Meeting.objects.filter(held_on__isnull=False).exists()


def test_generated_names_carry_no_titles(seeded):
    from citizens.models import Citizen, Relative
    from students.models import Applicant, Registration, Trainee

    names = [
        *(
            f"{f} {last}"
            for f, last in apps.get_model("auth.User").objects.values_list("first_name", "last_name")
        ),
        *(f"{f} {last}" for f, last in Citizen.objects.values_list("first_name", "last_name")),
        *Relative.objects.values_list("name", flat=True),
        *(f"{f} {last}" for f, last in Trainee.objects.values_list("first_name", "last_name")),
        *(f"{f} {last}" for f, last in Applicant.objects.values_list("first_name", "last_name")),
        *Registration.objects.values_list("name", flat=True),
    ]
    assert len(names) > 500
    assert [n for n in names if TITLE.search(n)] == []


def test_demo_planning_follows_the_roster(seeded):
    """Today's assigned visits in the demo go to carers on shift and not absent (homecare.roster)."""
    from homecare import roster
    from homecare.models import Visit, VisitStatus

    with time_machine.travel(NOW, tick=False):
        today = timezone.localdate()
        assert roster.ShiftAssignment.objects.filter(date=today).exists()
        assert roster.StaffAbsence.objects.on(today).exists()
        visits = Visit.objects.filter(date=today, status=VisitStatus.PLANNED, assigned_to__isnull=False)
        assert visits.exists()
        for visit in visits.select_related("assigned_to"):
            roster.check_on_shift(visit, visit.assigned_to)


def test_demo_citizens_live_inside_the_municipality_near_their_team(seeded):
    """Every demo citizen has coordinates (citizens.addresses), inside the municipality; the demo places a
    team's citizens within about 3 km of the team's part of the area, so its routes are short."""
    from carecore.models import Unit
    from citizens.addresses import CENTRE, HALF_SPAN
    from citizens.demo import area_point, place_near
    from citizens.models import Citizen
    from homecare.routing import haversine_km

    team = Unit.objects.get(code="vest-team-1")
    assert not Citizen.objects.filter(latitude__isnull=True).exists()
    for lat, lon in Citizen.objects.values_list("latitude", "longitude"):
        assert abs(lat - CENTRE[0]) <= HALF_SPAN[0] and abs(lon - CENTRE[1]) <= HALF_SPAN[1]
    rng = random.Random(1)
    citizen = Citizen.objects.first()
    for _ in range(50):
        place_near(citizen, team, rng)
        assert haversine_km((citizen.latitude, citizen.longitude), area_point(team)) < 3
    oest = Unit.objects.get(code="oest-team-1")
    assert haversine_km(area_point(team), area_point(oest)) > 10
