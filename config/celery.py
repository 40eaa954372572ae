"""Celery app. With REDIS_URL the broker is Redis; without it tasks run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("omsorg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
