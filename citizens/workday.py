"""The citizens a staff member works with today, from whichever module plans the day: an installed app may
have a `workday.py` with `citizen_ids(user, day)`, a QuerySet of citizen ids (found like `timeline.py`).
Used where a form offers "your citizens today" instead of a list of everyone in scope."""

from django.db.models import Q
from django.utils import timezone

from .models import Citizen
from .timeline import discover


def citizens_today(user, day=None):
    """The visible citizens of the user's own work today (none when no module plans it)."""
    day = day or timezone.localdate()
    condition = Q()
    for _label, citizen_ids in discover("workday", "citizen_ids"):
        condition |= Q(pk__in=citizen_ids(user, day))
    if not condition:
        return Citizen.objects.none()
    return Citizen.objects.visible_to(user).filter(condition).order_by("last_name", "first_name")
