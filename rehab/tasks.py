from celery import shared_task

from . import jobs


@shared_task(name="rehab.remind_follow_ups")
def remind_follow_ups():
    return jobs.remind_follow_ups()
