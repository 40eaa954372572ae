"""Home care in the citizen's pathway (citizens.timeline): the granted services as visit plans (from
their first day, with the team that delivers them) and the pauses while the citizen was away."""

from django.urls import reverse
from django.utils.translation import gettext as _

from citizens.timeline import Entry, may_open

from .models import Absence, VisitPlan


def _plans(user, citizen):
    if not may_open(user, "homecare:plan_edit"):
        return []
    plans = VisitPlan.objects.visible_to(user).filter(citizen=citizen).select_related("team")
    return [
        Entry(
            when=p.starts_on,
            kind=_("Granted service"),
            title=f"{p.title} ({p.team.name})",
            url=reverse("homecare:plan_edit", args=[p.pk]),
            module="homecare",
        )
        for p in plans.only("title", "starts_on", "team__name")
    ]


def _absences(user, citizen):
    if not may_open(user, "homecare:citizen_plans"):
        return []
    url = reverse("homecare:citizen_plans", args=[citizen.pk])
    rows = []
    for a in Absence.objects.filter(citizen=citizen, withdrawn=False):
        title = a.get_reason_display()
        if a.last_day:
            title += " – " + _("visits resume the day after %(date)s") % {"date": f"{a.last_day:%d.%m.%Y}"}
        if a.lifted_at:
            title += " – " + _("pause lifted by the visitation")
        rows.append(Entry(when=a.starts_at, kind=_("Visits paused"), title=title, url=url, module="homecare"))
    return rows


def entries(user, citizen):
    """At most two queries."""
    return [*_plans(user, citizen), *_absences(user, citizen)]
