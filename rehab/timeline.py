"""Rehabilitation in the citizen's pathway (citizens.timeline): discharge notices, stays at the Rehab-
og Akutcenter (start and discharge), and §83a/§140 pathways, each linking to its page.

The scope of all three is the citizen's (`visible_to` keeps the rows of the citizens the user may see;
a pathway also the therapist's own), and the record view has checked the citizen: so the rows are
fetched by citizen alone — `visible_to`'s subquery over every visible citizen cost 30 ms at 30,000."""

from django.urls import reverse
from django.utils.translation import gettext as _

from citizens.timeline import Entry, may_open

from .models import DischargeNotice, Pathway, Stay


def _notices(user, citizen):
    if not may_open(user, "rehab:notice"):
        return []
    rows = []
    for n in DischargeNotice.objects.filter(citizen=citizen).only(
        "ward", "decision", "created_at", "expected_at"
    ):
        title = _("Expected discharge from %(ward)s on %(date)s") % {
            "ward": n.ward,
            "date": f"{n.expected_at:%d.%m.%Y}",
        }
        if n.decision:
            title += f" – {n.get_decision_display()}"
        rows.append(
            Entry(
                when=n.created_at,
                kind=_("Discharge notice"),
                title=title,
                url=reverse("rehab:notice", args=[n.pk]),
                module="rehab",
            )
        )
    return rows


def _stays(user, citizen):
    if not may_open(user, "rehab:stay"):
        return []
    rows = []
    stays = Stay.objects.filter(citizen=citizen).select_related("bed", "stay_type")
    for s in stays:
        url = reverse("rehab:stay", args=[s.pk])
        what = _("%(type)s, bed %(bed)s") % {"type": s.stay_type, "bed": s.bed.label}
        rows.append(Entry(when=s.starts_at, kind=_("Stay began"), title=what, url=url, module="rehab"))
        if s.discharged_at:
            rows.append(
                Entry(when=s.discharged_at, kind=_("Stay ended"), title=what, url=url, module="rehab")
            )
    return rows


def _pathways(user, citizen):
    if not may_open(user, "rehab:pathway"):
        return []
    return [
        Entry(
            when=p.start_on or p.created_at,
            kind=_("Rehabilitation pathway"),
            title=f"{p.get_kind_display()} – {p.get_status_display()}",
            url=reverse("rehab:pathway", args=[p.pk]),
            module="rehab",
        )
        for p in Pathway.objects.filter(citizen=citizen).only("kind", "status", "start_on", "created_at")
    ]


def entries(user, citizen):
    """At most three queries."""
    return [*_notices(user, citizen), *_stays(user, citizen), *_pathways(user, citizen)]
