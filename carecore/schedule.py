from celery.schedules import crontab

BEAT_SCHEDULE = {
    "flag-stale-journals-nightly": {
        "task": "carecore.flag_stale_journals",
        "schedule": crontab(hour=2, minute=15),
    },
    # The outbox relay (carecore.outbox); also tried right after each commit.
    "relay-outbox": {"task": "carecore.relay_outbox", "schedule": 30.0},
    "prune-outbox-nightly": {"task": "carecore.prune_outbox", "schedule": crontab(hour=3, minute=45)},
}
