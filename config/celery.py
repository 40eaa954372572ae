"""Celery app. With REDIS_URL the broker is Redis; without it tasks run eagerly in-process.

Each installed app keeps its periodic jobs in its own `tasks.py`: the tasks and, next to them, a
`BEAT_SCHEDULE = {...}` with their beat entries. Both are found by discovery over INSTALLED_APPS."""

import os
from importlib import import_module

from celery import Celery
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("omsorg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def collect_beat_schedule():
    """The beat entries of every installed app's tasks.py; an entry name used twice is an error."""
    from django.apps import apps

    schedule = {}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "tasks"):
            continue
        entries = getattr(import_module(f"{config.name}.tasks"), "BEAT_SCHEDULE", {})
        clash = schedule.keys() & entries.keys()
        if clash:
            raise ImproperlyConfigured(
                f"{config.name}.tasks: beat entries already declared by another app: {sorted(clash)}"
            )
        schedule.update(entries)
    return schedule


@app.on_after_finalize.connect
def _schedule_jobs(sender, **kwargs):
    # Beat (and a worker) finalize the app after Django is set up and before the scheduler starts.
    sender.conf.beat_schedule = {**sender.conf.beat_schedule, **collect_beat_schedule()}
