"""Writing the access log (Sundhedsloven §42a). Call `log_access` from every view that shows any
part of a citizen's record, and `log_refusal` when such a look is refused."""

from .models import AccessLog


def _ip(request):
    return request.META.get("REMOTE_ADDR") or None


def log_access(request, citizen, part, purpose=""):
    return AccessLog.objects.create(
        user=request.user,
        username=request.user.get_username(),
        citizen=citizen,
        part=part,
        purpose=purpose or _default_purpose(request),
        ip_address=_ip(request),
    )


def log_refusal(request, citizen, part):
    return AccessLog.objects.create(
        user=request.user,
        username=request.user.get_username(),
        citizen=citizen,
        part=part,
        purpose=_default_purpose(request),
        outcome=AccessLog.Outcome.REFUSED,
        ip_address=_ip(request),
    )


def _default_purpose(request):
    staff = getattr(request.user, "staff", None)
    return staff.get_job_title_display() if staff else ""
