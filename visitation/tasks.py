from celery import shared_task

from . import jobs


@shared_task(name="visitation.remind_reassessments", acks_late=True)
def remind_reassessments():
    return jobs.remind_reassessments()
