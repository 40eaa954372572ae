"""PostgreSQL itself refuses UPDATE and DELETE on every append-only and change-history table
(carecore.dbguards), whatever the code does: raw SQL, or the ORM with the application's guard stepped
around. Only the retention job's window lets a DELETE through, and only of rows older than its cutoff."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from carecore.dbguards import GUARD, guarded_models, is_change_history, retention_window
from carecore.models import append_only_models, recorded_at_field
from citizens.models import AccessLog, Citizen

from ..factories import CitizenFactory, UserFactory
from .test_append_only import ROWS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="database triggers: PostgreSQL"),
]

HISTORY = [m for m in guarded_models() if is_change_history(m)]


def test_every_append_only_model_and_change_history_table_is_guarded():
    names = {m._meta.label for m in HISTORY}
    assert {"citizens.HistoricalCitizen", "citizens.HistoricalRelative"} <= names
    assert set(guarded_models()) == set(append_only_models()) | set(HISTORY)


@pytest.mark.parametrize("model", guarded_models(), ids=lambda m: m._meta.label)
def test_the_guard_trigger_is_installed_and_enabled(model):
    assert GUARD.get_installation_status(model) == ("INSTALLED", True)


@pytest.fixture(params=list(ROWS), ids=lambda m: m._meta.label)
def row(request, org):
    make, field = ROWS[request.param]
    obj = make(CitizenFactory(units=[org.vest1]), UserFactory())
    obj.save()
    return obj, field


@pytest.fixture
def history_row(org):
    citizen = CitizenFactory(units=[org.vest1])
    return citizen.history.model.objects.filter(id=citizen.pk).first(), "first_name"


def _raw(sql, obj, *params):
    table = connection.ops.quote_name(obj._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), [*params, obj.pk])


def _assert_refused_by_the_database(obj, field):
    model_field = obj._meta.get_field(field)
    column = connection.ops.quote_name(model_field.column)
    changed = "ændret"[: model_field.max_length]  # a value the column takes, so only the guard can refuse it
    with pytest.raises(DatabaseError, match="written once"):
        _raw(f"UPDATE {{table}} SET {column} = %s WHERE {obj._meta.pk.column} = %s", obj, changed)
    with pytest.raises(DatabaseError, match="written once"):
        _raw(f"DELETE FROM {{table}} WHERE {obj._meta.pk.column} = %s", obj)
    assert type(obj)._base_manager.filter(pk=obj.pk).exclude(**{field: changed}).exists()


def test_raw_sql_cannot_update_or_delete_an_append_only_row(row):
    obj, field = row
    _assert_refused_by_the_database(obj, field)


def test_raw_sql_cannot_update_or_delete_a_change_history_row(history_row):
    obj, field = history_row
    _assert_refused_by_the_database(obj, field)


def test_the_orm_around_the_application_guard_is_refused_too(row):
    obj, field = row
    rows = type(obj).objects.filter(pk=obj.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        models.QuerySet.update(rows, **{field: "ændret"})
    with pytest.raises(DatabaseError), transaction.atomic():
        models.QuerySet.delete(rows)
    with pytest.raises(DatabaseError), transaction.atomic():
        rows._retention_delete(timezone.now() + timedelta(days=1))
    assert rows.exists()


def test_the_retention_window_lets_only_old_rows_be_deleted_and_never_an_update(org):
    citizen, user = CitizenFactory(units=[org.vest1]), UserFactory()
    now = timezone.now()
    old = AccessLog.objects.create(
        citizen=citizen, user=user, username="u", part="overblik", at=now - timedelta(days=10)
    )
    young = AccessLog.objects.create(citizen=citizen, user=user, username="u", part="overblik", at=now)
    cutoff = now - timedelta(days=5)
    with transaction.atomic(), retention_window(cutoff):
        with pytest.raises(DatabaseError), transaction.atomic():
            _raw('DELETE FROM {table} WHERE "id" = %s', young)
        with pytest.raises(DatabaseError), transaction.atomic():
            _raw('UPDATE {table} SET "part" = \'journal\' WHERE "id" = %s', old)
        assert AccessLog.objects.all()._retention_delete(cutoff) == (1, {"citizens.AccessLog": 1})
    assert list(AccessLog.objects.filter(citizen=citizen)) == [young]
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw('DELETE FROM {table} WHERE "id" = %s', young)


def test_the_window_closes_with_its_block(org):
    cutoff = timezone.now() + timedelta(days=1)
    with transaction.atomic():
        with retention_window(cutoff):
            pass
        row = AccessLog.objects.create(username="u", part="overblik")
        with pytest.raises(DatabaseError), transaction.atomic():
            _raw('DELETE FROM {table} WHERE "id" = %s', row)


@pytest.mark.django_db(transaction=True)
def test_the_window_needs_a_transaction():
    with pytest.raises(RuntimeError):
        with retention_window(timezone.now()):
            pass


def test_every_guarded_table_knows_when_its_rows_were_recorded():
    for model in guarded_models():
        assert isinstance(model._meta.get_field(recorded_at_field(model)), models.DateTimeField)


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_still_flushes_guarded_tables(org):
    """pytest-django empties the tables with TRUNCATE after this test, which the row triggers allow."""
    citizen = CitizenFactory(units=[org.vest1])
    AccessLog.objects.create(citizen=citizen, username="u", part="overblik")
    assert Citizen.history.filter(id=citizen.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_after_the_flush_the_guarded_tables_are_empty():
    assert not AccessLog.objects.exists()
    assert not Citizen.history.exists()


@pytest.fixture
def login_log():
    from axes.models import AccessLog as LoginLog

    return LoginLog.objects.create(username="ssh.vest", ip_address="10.0.0.7", user_agent="t")


def test_login_records_cannot_be_changed_or_deleted(login_log):
    from axes.models import AccessFailureLog

    failure = AccessFailureLog.objects.create(username="ssh.vest", ip_address="10.0.0.7", user_agent="t")
    for row in (login_log, failure):
        with pytest.raises(DatabaseError, match="written once"):
            _raw('UPDATE {table} SET "ip_address" = \'10.6.6.6\' WHERE "id" = %s', row)
        with pytest.raises(DatabaseError, match="written once"):
            _raw('DELETE FROM {table} WHERE "id" = %s', row)
        assert type(row).objects.filter(pk=row.pk, ip_address="10.0.0.7").exists()


def test_a_login_record_gets_its_logout_time_once_and_nothing_else(login_log):
    _raw('UPDATE {table} SET "logout_time" = now() WHERE "id" = %s', login_log)
    with pytest.raises(DatabaseError, match="written once"):
        _raw('UPDATE {table} SET "logout_time" = now() + interval \'1 hour\' WHERE "id" = %s', login_log)
    with pytest.raises(DatabaseError, match="written once"):
        _raw('UPDATE {table} SET "logout_time" = NULL, "username" = \'x\' WHERE "id" = %s', login_log)
