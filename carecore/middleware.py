import time


class IdleSessionMiddleware:
    """Idle expiry without a session write on every request: the session (and so its expiry, which is
    SESSION_COOKIE_AGE from the last save) is refreshed at most once a minute while the user is active."""

    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            minute = int(time.time()) // self.REFRESH_SECONDS
            if session.get("_seen") != minute:
                session["_seen"] = minute
        return self.get_response(request)
