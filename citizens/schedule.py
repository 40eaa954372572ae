from celery.schedules import crontab

BEAT_SCHEDULE = {
    "flag-stale-journals-nightly": {
        "task": "carecore.flag_stale_journals",
        "schedule": crontab(hour=2, minute=15),
    },
}
