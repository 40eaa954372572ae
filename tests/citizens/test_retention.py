"""Retention (carecore.retention) is the one path that deletes log rows: only rows older than the
configured retention go, each pass is logged as a RetentionRun, and no retention below the floor runs.
Works on SQLite and PostgreSQL; on PostgreSQL it passes the database guard of the access log."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from axes.models import AccessFailureLog
from axes.models import AccessLog as LoginLog
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from carecore import tasks
from carecore.models import RetentionRun
from carecore.retention import FLOOR_DAYS, apply_retention
from citizens.models import AccessLog

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def retention(settings):
    settings.OMSORG_RETENTION = {
        "citizens.AccessLog": 1827,
        "axes.AccessLog": 400,
        "axes.AccessFailureLog": 400,
    }
    return settings.OMSORG_RETENTION


def looks(citizen, user, *ages):
    now = timezone.now()
    return [
        AccessLog.objects.create(
            citizen=citizen, user=user, username=user.username, part="overblik", at=now - age
        )
        for age in ages
    ]


def login_records(model, *ages):
    """Rows written `ages` ago (attempt_time is auto_now_add; and PostgreSQL refuses changing it after)."""
    rows = []
    for age in ages:
        with time_machine.travel(timezone.now() - age):
            rows.append(model.objects.create(username="ssh.vest", ip_address="10.0.0.7", user_agent="t"))
    return rows


def test_only_access_log_rows_older_than_the_retention_are_deleted(retention, citizen_vest, ssh_vest):
    old, _young, _edge = looks(citizen_vest, ssh_vest, 1828 * DAY, 10 * DAY, 1826 * DAY)
    apply_retention(by="test")
    remaining = set(AccessLog.objects.values_list("pk", flat=True))
    assert old.pk not in remaining and len(remaining) == 2


def test_each_table_run_is_logged_with_cutoff_count_and_who(retention, citizen_vest, ssh_vest):
    looks(citizen_vest, ssh_vest, 2000 * DAY, 1900 * DAY, DAY)
    login_records(LoginLog, 500 * DAY, DAY)
    login_records(AccessFailureLog, 500 * DAY, 450 * DAY, DAY)
    before = timezone.now()
    apply_retention(by="test-runner")
    runs = {run.table: run for run in RetentionRun.objects.all()}
    assert {table: run.deleted for table, run in runs.items()} == {
        "citizens.AccessLog": 2,
        "axes.AccessLog": 1,
        "axes.AccessFailureLog": 2,
    }
    assert all(run.by == "test-runner" and run.at >= before for run in runs.values())
    assert before - 1827 * DAY - DAY < runs["citizens.AccessLog"].cutoff <= timezone.now() - 1827 * DAY
    assert LoginLog.objects.count() == 1 and AccessFailureLog.objects.count() == 1


def test_a_run_that_deletes_nothing_is_logged_too(retention):
    apply_retention(by="test")
    assert sorted(RetentionRun.objects.values_list("table", "deleted")) == [
        ("axes.AccessFailureLog", 0),
        ("axes.AccessLog", 0),
        ("citizens.AccessLog", 0),
    ]


def test_a_retention_below_the_floor_is_refused_and_deletes_nothing(settings, citizen_vest, ssh_vest):
    settings.OMSORG_RETENTION = {"axes.AccessLog": 400, "citizens.AccessLog": FLOOR_DAYS - 1}
    looks(citizen_vest, ssh_vest, 2000 * DAY)
    login_records(LoginLog, 500 * DAY)
    with pytest.raises(ImproperlyConfigured, match="at least 365 days"):
        apply_retention(by="test")
    assert AccessLog.objects.count() == 1 and LoginLog.objects.count() == 1
    assert not RetentionRun.objects.exists()


def test_the_default_keeps_the_access_log_and_logins_five_years():
    from django.conf import settings

    assert settings.OMSORG_RETENTION == {
        "citizens.AccessLog": 1827,
        "axes.AccessLog": 1827,
        "axes.AccessFailureLog": 1827,
    }


def test_the_management_command_applies_retention_and_says_what_it_deleted(retention, citizen_vest, ssh_vest):
    looks(citizen_vest, ssh_vest, 2000 * DAY, DAY)
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "citizens.AccessLog: 1 rows recorded before" in out.getvalue()
    assert RetentionRun.objects.get(table="citizens.AccessLog").by.startswith("manage.py apply_retention")
    assert AccessLog.objects.count() == 1


def test_the_nightly_job_applies_retention(retention, citizen_vest, ssh_vest):
    looks(citizen_vest, ssh_vest, 2000 * DAY, DAY)
    assert tasks.apply_retention() == 1
    assert RetentionRun.objects.get(table="citizens.AccessLog").by == "beat (carecore.apply_retention)"


def test_the_nightly_job_is_scheduled(beat_schedule):
    assert beat_schedule["apply-retention-nightly"].task == "carecore.apply_retention"


def test_change_history_can_be_given_a_retention_too(settings, org):
    """Not by default; a municipality that decides to can (the database guard lets retention through)."""
    from citizens.models import Citizen

    from ..factories import CitizenFactory

    settings.OMSORG_RETENTION = {"citizens.HistoricalCitizen": 3650}
    with time_machine.travel(timezone.now() - 4000 * DAY):
        old = CitizenFactory(units=[org.vest1])
    young = CitizenFactory(units=[org.vest1])
    apply_retention(by="test")
    assert not Citizen.history.filter(id=old.pk).exists()
    assert Citizen.history.filter(id=young.pk).exists()
    assert RetentionRun.objects.get().deleted == 1
