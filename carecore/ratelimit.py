"""Rate limits that still count when the cache is away.

django-ratelimit counts in the cache. With RATELIMIT_FAIL_OPEN it answers "don't know" instead of
limiting everyone when the cache cannot count; then the hits are counted in the database (RateLimitHit),
so the public form neither fails open nor answers 500 during a Redis outage."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_ratelimit.core import _get_ip, _split_rate, get_usage

from .models import RateLimitHit


def is_ratelimited(request, *, group, rate, method="POST"):
    """Count this request against `rate` (e.g. "5/h") per client address; True when over the limit."""
    if request.method != method or not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    usage = get_usage(request, group=group, key="ip", rate=rate, method=method, increment=True)
    if usage is not None:
        return usage["should_limit"]
    return _count_in_database(request, group, rate)


def _count_in_database(request, group, rate):
    limit, period = _split_rate(rate)
    now = timezone.now()
    key = hashlib.sha256(_get_ip(request).encode()).hexdigest()
    hits = RateLimitHit.objects.filter(group=group, key=key)
    hits.filter(at__lt=now - timedelta(seconds=period)).delete()
    RateLimitHit.objects.create(group=group, key=key, at=now)
    return hits.count() > limit
