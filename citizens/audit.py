"""Writing the access log (Sundhedsloven §42a). A view that shows one citizen's record logs through
`carecore.access.get_visible_or_403` (which calls these); list pages use `log_access_many`."""

from django.utils import timezone

from carecore.clientip import client_ip
from carecore.models import unit_names

from .models import AccessLog


def _ip(request):
    return client_ip(request)


def _purpose(request):
    staff = getattr(request.user, "staff", None)
    return staff.get_job_title_display() if staff else ""


def _row(request, citizen_id, part, outcome=AccessLog.Outcome.SHOWN, **extra):
    return AccessLog(
        user=request.user,
        username=request.user.get_username(),
        citizen_id=citizen_id,
        part=part,
        purpose=_purpose(request),
        outcome=outcome,
        ip_address=_ip(request),
        unit_name=", ".join(unit_names(request.user))[:255],
        **extra,
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
    """One row per citizen shown on a list page (each once), in one insert, with one time; the first row
    carries the list's size so the log can show the list as one look (AccessLog.batch_size)."""
    ids = list(dict.fromkeys(citizen_ids))
    if not ids:
        return
    now = timezone.now()
    rows = [_row(request, pk, part, at=now, batch_size=0) for pk in ids]
    rows[0].batch_size = len(ids)
    AccessLog.objects.bulk_create(rows)
