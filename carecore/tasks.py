from celery import shared_task

from . import jobs


@shared_task(name="carecore.flag_stale_journals")
def flag_stale_journals():
    return jobs.flag_stale_journals()
