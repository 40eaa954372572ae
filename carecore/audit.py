"""Writing the access log (Sundhedsloven §42a). Every view that shows any part of a citizen's record
goes through `citizen_for` (one citizen) or `log_access_many` (a list of citizens shown at once)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .clientip import client_ip
from .models import AccessLog


def _ip(request):
    return client_ip(request)


def _purpose(request):
    staff = getattr(request.user, "staff", None)
    return staff.get_job_title_display() if staff else ""


def _row(request, citizen_id, part, outcome=AccessLog.Outcome.SHOWN):
    return AccessLog(
        user=request.user,
        username=request.user.get_username(),
        citizen_id=citizen_id,
        part=part,
        purpose=_purpose(request),
        outcome=outcome,
        ip_address=_ip(request),
    )


def log_access(request, citizen, part):
    row = _row(request, citizen.pk, part)
    row.save()
    return row


def log_refusal(request, citizen, part):
    row = _row(request, citizen.pk, part, outcome=AccessLog.Outcome.REFUSED)
    row.save()
    return row


def log_access_many(request, citizen_ids, part):
    """One row per citizen shown on a list page (each once), in one insert."""
    AccessLog.objects.bulk_create([_row(request, pk, part) for pk in dict.fromkeys(citizen_ids)])


def citizen_for(request, pk, part):
    """The citizen if the user may see them (the look is logged); otherwise 404 when there is no such
    citizen, or 403 with the refusal logged."""
    from citizens.models import Citizen

    citizen = Citizen.objects.visible_to(request.user).filter(pk=pk).first()
    if citizen is None:
        other = Citizen.objects.filter(pk=pk).first()
        if other is None:
            raise Http404
        log_refusal(request, other, part)
        raise PermissionDenied
    log_access(request, citizen, part)
    return citizen
