"""Stays at the Rehab- og Akutcenter and rehabilitation pathways on the citizen's own page
(citizens.portal): when, what kind, and the stored decision letter of each (`rehab:citizen_letter`).
One without a stored letter shows none: the letter is not made on the fly for a citizen."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from citizens.portal import Item, Section

from .models import DecisionLetter, Pathway, PathwayStatus, Stay


def _date(moment):
    return formats.date_format(timezone.localtime(moment), "j. F Y")


def _day(day):
    return formats.date_format(day, "j. F Y")


def _latest_letter(field):
    latest = DecisionLetter.objects.filter(**{field: OuterRef("pk")}).order_by("-created_at", "-id")
    return Subquery(latest.values("id")[:1])


def _letter(letter_id, title):
    if not letter_id:
        return []
    return [Item(title=title, url=reverse("rehab:citizen_letter", args=[letter_id]))]


def _stays(citizen):
    """One query."""
    items = []
    stays = (
        Stay.objects.filter(citizen=citizen)
        .select_related("stay_type")
        .annotate(letter_id=_latest_letter("stay"))
        .order_by("-starts_at")
    )
    for stay in stays:
        if stay.discharged_at:
            when = _("%(start)s to %(end)s") % {
                "start": _date(stay.starts_at),
                "end": _date(stay.discharged_at),
            }
        else:
            when = _("From %(start)s, expected until %(end)s") % {
                "start": _date(stay.starts_at),
                "end": _date(stay.ends_at),
            }
        items.append(Item(title=stay.stay_type.name, when=when))
        items += _letter(stay.letter_id, _("Read the decision letter for this stay (PDF)"))
    return Section(
        key="stays",
        heading=_("Stays at the Rehab- og Akutcenter"),
        items=items,
        empty=_("You have had no stays with us."),
        order=40,
    )


def _pathway_when(pathway):
    if pathway.status == PathwayStatus.PLANNED or not pathway.start_on:
        return _("Not started yet")
    if pathway.end_on:
        return _("%(start)s to %(end)s") % {"start": _day(pathway.start_on), "end": _day(pathway.end_on)}
    return _("From %(start)s, planned until %(end)s") % {
        "start": _day(pathway.start_on),
        "end": _day(pathway.planned_end),
    }


def _pathways(citizen):
    """One query; no section without a pathway. What kind and when; goals and notes stay with staff."""
    pathways = (
        Pathway.objects.filter(citizen=citizen)
        .only("kind", "status", "start_on", "end_on", "planned_weeks")
        .annotate(letter_id=_latest_letter("pathway"))
        .order_by("-start_on", "-id")
    )
    items = []
    for pathway in pathways:
        items.append(Item(title=pathway.get_kind_display(), when=_pathway_when(pathway)))
        items += _letter(pathway.letter_id, _("Read the decision letter for this pathway (PDF)"))
    if not items:
        return []
    return [Section(key="pathways", heading=_("Your rehabilitation pathways"), items=items, order=45)]


def sections(citizen, *, today):
    """Two queries."""
    return [_stays(citizen), *_pathways(citizen)]
