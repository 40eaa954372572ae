from celery.schedules import crontab

BEAT_SCHEDULE = {
    "rehab-remind-follow-ups-daily": {
        "task": "rehab.remind_follow_ups",
        "schedule": crontab(hour=6, minute=30),
    },
}
