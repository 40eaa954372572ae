from celery.schedules import crontab

BEAT_SCHEDULE = {
    "incidents-reminders-daily": {"task": "incidents.send_reminders", "schedule": crontab(hour=6, minute=30)},
    # The previous month's DPSD report is built on the 2nd (idempotent: a rerun replaces the draft).
    "incidents-dpsd-monthly": {
        "task": "incidents.monthly_dpsd_report",
        "schedule": crontab(day_of_month=2, hour=3, minute=0),
    },
}
