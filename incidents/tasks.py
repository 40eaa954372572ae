from celery import shared_task

from . import jobs


@shared_task(name="incidents.send_reminders")
def send_reminders():
    return jobs.send_reminders()


@shared_task(name="incidents.monthly_dpsd_report")
def monthly_dpsd_report():
    return jobs.monthly_dpsd_report().pk
