from celery import shared_task

from . import jobs


@shared_task(name="students.meeting_reminders")
def meeting_reminders():
    return jobs.meeting_reminders()
