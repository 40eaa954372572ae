from celery.schedules import crontab

BEAT_SCHEDULE = {
    "visitation-remind-reassessments-daily": {
        "task": "visitation.remind_reassessments",
        "schedule": crontab(hour=6, minute=45),
    },
}
