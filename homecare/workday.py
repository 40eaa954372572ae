"""The care worker's citizens today for other modules (citizens.workday): those of their own visits."""


def citizen_ids(user, day):
    from .models import Visit

    return Visit.objects.filter(assigned_to=user, date=day).values("citizen_id")
