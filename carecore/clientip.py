"""The client's address as the application sees it, and the login-failure limits built on it.

Behind the production proxy REMOTE_ADDR is the proxy; the client is the address the outermost of our
TRUSTED_PROXY_COUNT proxies appended to X-Forwarded-For. Entries further left are written by the client
and never trusted. Used by the access log and by django-axes (AXES_CLIENT_IP_CALLABLE)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def client_ip(request):
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR") or None
    if trusted <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < trusted:
        return remote
    return forwarded[-trusted]


def login_failure_limit(request, credentials=None):
    """django-axes counts failures per (username, IP) and per IP and compares the larger with one limit.
    The per-IP count is always the larger, so the limit is the per-user one once this username has used
    it up from this address, and the higher per-IP one (password spraying) otherwise."""
    from axes.helpers import get_client_username
    from axes.models import AccessAttempt

    per_user = settings.LOGIN_FAILURES_PER_USER
    since = timezone.now() - (settings.AXES_COOLOFF_TIME or timedelta(days=36500))
    failures = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None) or client_ip(request),
        attempt_time__gte=since,
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return per_user if (failures or 0) >= per_user else settings.LOGIN_FAILURES_PER_IP
