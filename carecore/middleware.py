import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers


class IdleSessionMiddleware:
    """Idle expiry without a session write on every request: the session (and so its expiry, which is
    SESSION_COOKIE_AGE from the last save) is refreshed at most once a minute while the user is active.
    However active, a session ends SESSION_ABSOLUTE_SECONDS after the login."""

    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            started = session.setdefault("_started", now)
            if now - started >= settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - session.get("_seen", 0) >= self.REFRESH_SECONDS:
                session["_seen"] = now
        response = self.get_response(request)
        if session is not None and request.user.is_authenticated:
            session.setdefault("_started", int(time.time()))  # the login request itself
        return response


class NoStoreMiddleware:
    """Health data is never kept by the browser or a proxy: every response to a logged-in user and every
    file (PDF, CSV) is sent `no-store, private`. Static files are answered by WhiteNoise before this."""

    FILES = ("application/pdf", "text/csv")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        is_file = response.get("Content-Type", "").split(";")[0].strip() in self.FILES
        if is_file or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


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
