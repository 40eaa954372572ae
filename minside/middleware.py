"""Staff and citizen sessions are separate: a citizen (or relative) session reaches Min side, logout,
the language switch and the public pages — never a staff page, whatever that page's own checks say.
Staff pages also refuse citizens by role (`require_page`: a citizen account holds no role)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .identity import is_citizen_session

OPEN_TO_CITIZENS = {"logout", "set_language"}


class CitizenSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_citizen_session(request):
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if getattr(view_func, "citizen_page", False) or name in OPEN_TO_CITIZENS:
            return None
        if getattr(view_func, "login_required", True) is False and "admin" not in match.namespaces:
            return None  # public pages (the public incident form, the health check)
        if name == "home":
            return redirect("minside:home")
        raise PermissionDenied
