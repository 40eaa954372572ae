"""Retention: the one path that deletes log rows. Each table in `settings.OMSORG_RETENTION` loses the rows
recorded longer ago than its retention, and nothing younger; every pass over a table writes a
RetentionRun row (when, which table, the cutoff, how many rows, by whom). Run by `manage.py
apply_retention` and nightly by beat (carecore.apply_retention).

Every deletion runs inside `dbguards.retention_window(cutoff)`, the only way past the PostgreSQL guard
of an append-only or change-history table; the guard itself still refuses any row recorded after the
cutoff. An AppendOnlyModel is deleted from through `AppendOnlyQuerySet._retention_delete`; other tables
(django-axes' login records, change history) through their ordinary manager."""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from .dbguards import retention_window
from .models import AppendOnlyModel, RetentionRun, recorded_at_field

# No log is kept shorter than this, whatever the setting says: a slip in OMSORG_RETENTION must not
# empty the access log.
FLOOR_DAYS = 365


def retention_days():
    """{model label: days} from settings.OMSORG_RETENTION, each at least FLOOR_DAYS."""
    configured = dict(settings.OMSORG_RETENTION)
    for label, days in configured.items():
        if not isinstance(days, int) or days < FLOOR_DAYS:
            raise ImproperlyConfigured(
                f"OMSORG_RETENTION[{label!r}] = {days!r}: a retention must be at least {FLOOR_DAYS} days."
            )
    return configured


def apply_retention(*, by, now=None):
    """Delete what has outlived its retention, table by table (one transaction each). Returns the
    RetentionRun rows written."""
    now = now or timezone.now()
    runs = []
    for label, days in retention_days().items():
        model = apps.get_model(label)
        cutoff = now - timedelta(days=days)
        rows = model._default_manager.all()
        with transaction.atomic():
            with retention_window(cutoff):
                if issubclass(model, AppendOnlyModel):
                    deleted, _ = rows._retention_delete(cutoff)
                else:
                    deleted, _ = rows.filter(**{f"{recorded_at_field(model)}__lt": cutoff}).delete()
            runs.append(RetentionRun.objects.create(table=label, cutoff=cutoff, deleted=deleted, by=by))
    return runs
