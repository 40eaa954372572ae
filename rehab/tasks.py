from celery import shared_task

from . import jobs, letters


@shared_task(name="rehab.remind_follow_ups")
def remind_follow_ups():
    return jobs.remind_follow_ups()


@shared_task(name="rehab.make_stay_letter")
def make_stay_letter(stay_id, by_id):
    """After a bed is granted (sent through carecore.outbox): the decision letter, once."""
    return letters.ensure_stay_letter(stay_id, by_id)
