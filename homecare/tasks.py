from celery import shared_task

from . import jobs


@shared_task(name="homecare.generate_visits")
def generate_visits():
    return jobs.generate_visits()
