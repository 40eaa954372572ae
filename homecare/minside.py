"""Home care on the citizen's own page (citizens.portal): the granted services and the coming week's
visits. When and what only; the carer's first name when the municipality allows it."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from citizens.portal import Item, Section

from .models import Visit, VisitPlan, VisitStatus


def _services(citizen, today):
    plans = VisitPlan.objects.filter(citizen=citizen).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    items = []
    for plan in plans.only("title", "service_type", "recurrence", "weekdays", "window_start", "window_end"):
        when = _("%(days)s between %(start)s and %(end)s") % {
            "days": plan.weekdays_display or plan.get_recurrence_display(),
            "start": f"{plan.window_start:%H.%M}",
            "end": f"{plan.window_end:%H.%M}",
        }
        items.append(Item(title=plan.title, when=when, detail=plan.get_service_type_display()))
    return Section(
        key="services",
        heading=_("Help you have been granted"),
        items=items,
        empty=_("You have no home care at the moment."),
        order=20,
    )


def _visits(citizen, today):
    visits = (
        Visit.objects.filter(citizen=citizen, date__gte=today, date__lt=today + timedelta(days=7))
        .exclude(status=VisitStatus.CANCELLED)
        .order_by("starts_at")
    )
    show_carer = getattr(settings, "MINSIDE_SHOW_CARER_FIRST_NAME", False)
    if show_carer:
        visits = visits.select_related("assigned_to")
    items = []
    for visit in visits:
        start = timezone.localtime(visit.starts_at)
        when = _("%(day)s at %(time)s") % {
            "day": formats.date_format(start, "l j. F"),
            "time": f"{start:%H.%M}",
        }
        detail = ""
        if visit.pause_reason:
            detail = _("Paused while you are away")
        elif show_carer and visit.assigned_to and visit.assigned_to.first_name:
            detail = _("Carer: %(name)s") % {"name": visit.assigned_to.first_name}
        items.append(Item(title=visit.title, when=when, detail=detail))
    return Section(
        key="visits",
        heading=_("Your visits in the coming week"),
        items=items,
        empty=_("No visits are planned in the coming week."),
        order=30,
    )


def sections(citizen, *, today):
    """Two queries."""
    return [_services(citizen, today), _visits(citizen, today)]
