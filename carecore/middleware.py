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
            now = int(time.time())
            if now - session.get("_seen", 0) >= self.REFRESH_SECONDS:
                session["_seen"] = now
        return self.get_response(request)


class DanishFirstLocaleMiddleware:
    """Danish unless the user has chosen another language (the language cookie set by /i18n/setlang/).
    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: staff on English-language
    phones still get the municipality's Danish interface."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
