from celery.schedules import crontab

BEAT_SCHEDULE = {
    "students-meeting-reminders-daily": {
        "task": "students.meeting_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
}
