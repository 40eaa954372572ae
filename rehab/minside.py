"""Stays at the Rehab- og Akutcenter on the citizen's own page (citizens.portal): when, what kind, and
the stay's stored decision letter (`rehab:citizen_letter`). A stay without a stored letter shows none:
the letter is not made on the fly for a citizen."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from citizens.portal import Item, Section

from .models import DecisionLetter, Stay


def _date(moment):
    return formats.date_format(timezone.localtime(moment), "j. F Y")


def sections(citizen, *, today):
    """One query."""
    items = []
    latest_letter = DecisionLetter.objects.filter(stay=OuterRef("pk")).order_by("-created_at", "-id")
    stays = (
        Stay.objects.filter(citizen=citizen)
        .select_related("stay_type")
        .annotate(letter_id=Subquery(latest_letter.values("id")[:1]))
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
        if stay.letter_id:
            items.append(
                Item(
                    title=_("Read the decision letter for this stay (PDF)"),
                    url=reverse("rehab:citizen_letter", args=[stay.letter_id]),
                )
            )
    return [
        Section(
            key="stays",
            heading=_("Stays at the Rehab- og Akutcenter"),
            items=items,
            empty=_("You have had no stays with us."),
            order=40,
        )
    ]
