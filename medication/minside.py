"""The citizen's medicine list on Min side (citizens.portal): each medicine in use today — what, how
much and when, and what it is for. Who prescribed or changed it stays on the staff page."""

from django.db.models import F
from django.utils.translation import gettext as _

from citizens.portal import Item, Section

from .models import MedicineLineVersion


def sections(citizen, *, today):
    """One query; no section when the citizen has no medicine list."""
    versions = (
        MedicineLineVersion.objects.filter(line__citizen=citizen, line__current=F("pk"))
        .order_by("drug", "pk")
        .only("drug", "form_strength", "dose", "dose_unit", "times", "indication", "starts_on", "ends_on")
    )
    items = [
        Item(
            title=f"{v.drug} {v.form_strength}",
            when=_("%(dose)s %(unit)s at %(times)s")
            % {"dose": _number(v.dose), "unit": v.get_dose_unit_display(), "times": ", ".join(v.times)},
            detail=v.indication,
        )
        for v in versions
        if v.active_on(today)
    ]
    if not items:
        return []
    return [Section(key="medicine", heading=_("Your medicine"), items=items, order=40)]


def _number(dose):
    return f"{dose.normalize():f}".replace(".", ",")
