from datetime import date, time

import factory

from homecare.models import Recurrence, ServiceType, StaffCompetence, VisitPlan

from ..factories import CitizenFactory, UserFactory


class VisitPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitPlan

    citizen = factory.SubFactory(CitizenFactory)
    team = factory.LazyAttribute(lambda o: o.citizen.units.first())
    service_type = ServiceType.PERSONAL_CARE
    title = "Morgenpleje"
    tasks = "Hjælp til bad\nPåklædning"
    recurrence = Recurrence.DAILY
    weekdays = ""
    interval_weeks = 1
    window_start = time(7, 30)
    window_end = time(8, 30)
    duration_minutes = 30
    starts_on = date(2026, 3, 1)
    created_by = factory.SubFactory(UserFactory)


def grant(user, *tasks):
    for task in tasks:
        StaffCompetence.objects.get_or_create(user=user, task=task)
