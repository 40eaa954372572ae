"""Redis that may be away: a circuit breaker under django-redis (and the outbox relay).

django-redis with IGNORE_EXCEPTIONS turns a failed command into a cache miss; the socket timeouts cap one
command at a fraction of a second. A frozen Redis would still cost that on every command of every request,
so after one failure this process skips Redis for BREAK_SECONDS and then tries again."""

import logging
import time

import redis
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

BREAK_SECONDS = 30.0
_open_until = 0.0


def redis_unavailable():
    """True while this process has recently found Redis unreachable."""
    return time.monotonic() < _open_until


def trip(error):
    global _open_until
    if not redis_unavailable():
        logger.warning("Redis unreachable (%s); using the database only for %s s", error, BREAK_SECONDS)
    _open_until = time.monotonic() + BREAK_SECONDS


def reset():
    global _open_until
    _open_until = 0.0


class BreakerRedis(redis.Redis):
    """The redis-py client django-redis builds (REDIS_CLIENT_CLASS); it still shares its process-wide
    connection pool, so a page's cache calls cost no new connection."""

    def execute_command(self, *args, **options):
        if redis_unavailable():
            raise ConnectionError("Redis skipped: unreachable a moment ago")
        try:
            return super().execute_command(*args, **options)
        except (ConnectionError, TimeoutError) as error:
            trip(error)
            raise
