"""Shared fixtures: a small organisation (two home-care areas with a team each), users per role."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop in the test thread

from datetime import datetime

import pytest
import time_machine

from carecore.models import UnitKind
from carecore.roles import Role

from .factories import CitizenFactory, UnitFactory, make_staff

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session", autouse=True)
def _moved_clock():
    """OMSORG_TEST_NOW="2026-11-26T23:30:00+01:00" runs the whole suite with the clock moved there (and
    ticking), to show that no test depends on the hour it happens to run at."""
    moved = os.environ.get("OMSORG_TEST_NOW")
    if not moved:
        yield
        return
    with time_machine.travel(datetime.fromisoformat(moved), tick=True):
        yield


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def beat_schedule():
    """The entries celery beat starts with (name -> ScheduleEntry), built as `celery -A config beat` does."""
    from celery.beat import Scheduler

    from config.celery import app

    app.finalize()  # beat finalizes the app once Django is set up, then builds its scheduler
    return Scheduler(app).schedule


@pytest.fixture
def org(db):
    """Hjemmeplejen with areas Vest and Øst (one team each), Sygeplejen covering both."""
    from types import SimpleNamespace

    top = UnitFactory(code="srp", name="Sundhed, Rehab og Pleje", kind=UnitKind.DIVISION)
    hp = UnitFactory(code="hjemmeplejen", name="Hjemmeplejen", kind=UnitKind.UNIT, parent=top)
    vest = UnitFactory(code="hjemmepleje-vest", name="Hjemmeplejen Vest", kind=UnitKind.AREA, parent=hp)
    oest = UnitFactory(code="hjemmepleje-oest", name="Hjemmeplejen Øst", kind=UnitKind.AREA, parent=hp)
    vest1 = UnitFactory(code="vest-team-1", name="Vest Team 1", kind=UnitKind.TEAM, parent=vest)
    vest2 = UnitFactory(code="vest-team-2", name="Vest Team 2", kind=UnitKind.TEAM, parent=vest)
    oest1 = UnitFactory(code="oest-team-1", name="Øst Team 1", kind=UnitKind.TEAM, parent=oest)
    nursing = UnitFactory(code="sygeplejen", name="Sygeplejen", kind=UnitKind.AREA, parent=top)
    nursing.covers.add(hp)
    staff_unit = UnitFactory(code="stab-udvikling", name="Stab & Udvikling", kind=UnitKind.DIVISION)
    return SimpleNamespace(
        top=top,
        homecare=hp,
        vest=vest,
        oest=oest,
        vest1=vest1,
        vest2=vest2,
        oest1=oest1,
        nursing=nursing,
        staff_unit=staff_unit,
    )


@pytest.fixture
def ssh_vest(org):
    return make_staff("ssh.vest", role=Role.SSH, units=[org.vest1])


@pytest.fixture
def ssh_oest(org):
    return make_staff("ssh.oest", role=Role.SSH, units=[org.oest1])


@pytest.fixture
def nurse(org):
    return make_staff("sygeplejerske", role=Role.NURSE, units=[org.nursing])


@pytest.fixture
def leader_vest(org):
    return make_staff("leder.vest", role=Role.LEADER, units=[], leader_of=[org.vest])


@pytest.fixture
def visitator(org):
    return make_staff("visitator", role=Role.VISITATOR, units=[org.homecare])


@pytest.fixture
def sysadmin(org):
    return make_staff("admin", role=Role.SYSADMIN, units=[org.staff_unit])


@pytest.fixture
def risk_manager(org):
    return make_staff("risikomanager", role=Role.RISK_MANAGER, units=[org.staff_unit])


@pytest.fixture
def citizen_vest(org):
    return CitizenFactory(units=[org.vest1], first_name="Inger", last_name="Vestesen")


@pytest.fixture
def citizen_oest(org):
    return CitizenFactory(units=[org.oest1], first_name="Poul", last_name="Østesen")


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


# --- browser tests --------------------------------------------------------------------------
def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} not installed (apt-get install chromium); .ci/run installs it"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def demo_users(transactional_db):
    """The fixed demo users on the live server's database, for browser tests."""
    from carecore import demo as core_demo
    from citizens import demo as citizens_demo

    core_demo.seed()
    citizens_demo.seed(citizens=40)
    from django.contrib.auth import get_user_model

    return get_user_model()


@pytest.fixture(scope="session")
def oidc_idp(tmp_path_factory):
    """A real OpenID Connect provider (django-oauth-toolkit) in a second process, for the login tests."""
    from .oidc_idp.harness import running_idp

    with running_idp(tmp_path_factory.mktemp("idp")) as idp:
        yield idp
