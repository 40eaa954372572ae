"""PostgreSQL refuses UPDATE and DELETE on every append-only table, whatever the code does (ORM or raw
SQL): a row-level trigger (django-pgtrigger) on each AppendOnlyModel and each change-history table of
django-simple-history. Registered here when the core is ready, so a new append-only model is guarded by
its own migration without a line more. SQLite has no such guard (the ORM-level one still holds).

The one way through is the retention job (carecore.retention): inside `retention_window(cutoff)` the
trigger lets a DELETE pass for rows recorded before `cutoff`, and for no other row, in that transaction
only (`SET LOCAL`). UPDATE is never let through.
"""

from contextlib import contextmanager

import pgtrigger
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

from .models import AppendOnlyModel, recorded_at_field

TRIGGER_NAME = "append_only"
RETENTION_SETTING = "omsorg.retention_before"


class AppendOnlyGuard(pgtrigger.Trigger):
    """BEFORE UPDATE OR DELETE, per row: raise, unless it is a DELETE of a row recorded before the
    cutoff the retention job set for this transaction."""

    when = pgtrigger.Before
    operation = pgtrigger.Update | pgtrigger.Delete

    def get_func(self, model):
        column = model._meta.get_field(recorded_at_field(model)).column
        return f"""
            IF TG_OP = 'DELETE'
               AND OLD."{column}" < NULLIF(current_setting('{RETENTION_SETTING}', true), '')::timestamptz THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'omsorg: rows of % are written once, never changed or deleted (%)',
                TG_TABLE_NAME, TG_OP;
        """


GUARD = AppendOnlyGuard(name=TRIGGER_NAME)


def is_change_history(model):
    """A django-simple-history table (Historical<Model>)."""
    if not apps.is_installed("simple_history"):
        return False
    from simple_history.models import HistoricalChanges

    return issubclass(model, HistoricalChanges)


def guarded_models():
    """Every table the database keeps append-only."""
    return [m for m in apps.get_models() if issubclass(m, AppendOnlyModel) or is_change_history(m)]


def register_guards():
    """Put the guard on every guarded model (its app's migrations create the trigger)."""
    registered = {f"{model._meta.label}:{trigger.name}" for model, trigger in pgtrigger.registered()}
    for model in guarded_models():
        if f"{model._meta.label}:{TRIGGER_NAME}" not in registered:
            GUARD.register(model)


@contextmanager
def retention_window(cutoff, using=DEFAULT_DB_ALIAS):
    """Inside an atomic block: let the guard pass DELETEs of rows recorded before `cutoff`, until the end
    of the block (or of the transaction, if it fails). Only carecore.retention uses it."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("retention_window() needs a transaction (transaction.atomic()).")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [RETENTION_SETTING, cutoff.isoformat()])
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, '', true)", [RETENTION_SETTING])
