"""Powers of attorney registered and revoked by staff (from the citizen's signed paper form)."""

from django.db import transaction
from django.utils import timezone

from .models import PowerOfAttorney


@transaction.atomic
def register_power_of_attorney(citizen, *, data, by):
    grant = PowerOfAttorney(citizen=citizen, registered_by=by, **data)
    grant.full_clean()
    grant.save()
    return grant


@transaction.atomic
def revoke_power_of_attorney(grant, *, by):
    """From now on the relative is refused. Kept, not deleted: it says who could see what, and when."""
    grant = PowerOfAttorney.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
    return grant
