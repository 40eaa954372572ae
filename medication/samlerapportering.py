"""The medicine part of samlerapportering, counted from the records (incidents.automatic finds this):
every dose recorded as not given is a medicine-administration event of the unit that recorded it."""

from django.db.models import Count

from .models import Administration, Outcome

TYPE = "medicinadministration"  # the short-form type "Medicinadministration (inkl. medicin ikke givet)"


def counts(start, end):
    rows = (
        Administration.objects.filter(outcome=Outcome.NOT_GIVEN, due_at__gte=start, due_at__lt=end)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(TYPE, row["unit_id"]): row["n"] for row in rows}
