from celery.schedules import crontab

BEAT_SCHEDULE = {
    "homecare-generate-visits-nightly": {
        "task": "homecare.generate_visits",
        "schedule": crontab(hour=1, minute=30),
    },
}
