"""Stays at the Rehab- og Akutcenter on the citizen's own page (citizens.portal): when, and what kind."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from citizens.portal import Item, Section

from .models import Stay


def _date(moment):
    return formats.date_format(timezone.localtime(moment), "j. F Y")


def sections(citizen, *, today):
    """One query."""
    items = []
    stays = Stay.objects.filter(citizen=citizen).select_related("stay_type").order_by("-starts_at")
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
    return [
        Section(
            key="stays",
            heading=_("Stays at the Rehab- og Akutcenter"),
            items=items,
            empty=_("You have had no stays with us."),
            order=40,
        )
    ]
