from celery import shared_task

from . import jobs


# The name it had when the job lived in carecore, so queued runs and the beat schedule still find it.
@shared_task(name="carecore.flag_stale_journals")
def flag_stale_journals():
    return jobs.flag_stale_journals()
