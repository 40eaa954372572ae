from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import health
from .access import get_visible_or_403
from .models import Notification
from .notifications import forget_unread
from .pagination import window
from .startpages import landing_url, panels_for, start_page_for


@login_not_required
def healthz(request):
    """200 "ok" with every dependency up; 200 "degraded" (naming the part) without Redis or the worker, so a
    load balancer keeps the node; 503 without the database."""
    status, body = health.report()
    return JsonResponse(body, status=status)


@login_not_required
def bench_hello(request):
    """The ceiling for `make bench`: a bare Django view (only routed when OMSORG_BENCH=1)."""
    return HttpResponse("hello")


def bench_hello_auth(request):
    """The same bare view behind login (only routed when OMSORG_BENCH=1)."""
    return HttpResponse("hello")


class LoginView(auth_views.LoginView):
    """Django's login; without a `next`, a field role lands on its day list (a page's `lands`)."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(self.request.user) or super().get_default_redirect_url()


def home(request):
    role, heading, tiles = start_page_for(request.user)
    context = {"role": role, "heading": heading, "tiles": tiles, "panels": panels_for(request)}
    context["notifications"] = list(request.user.notifications.unread()[:5])
    return render(request, "carecore/home.html", context)


def inbox(request):
    page = window(request, request.user.notifications.all(), size=30)
    return render(request, "carecore/inbox.html", {"page": page})


@require_POST
def notification_read(request, pk):
    note = get_visible_or_403(request, request.user.notifications.all(), pk)
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
        forget_unread(request.user.pk)
    if note.url and request.POST.get("follow"):
        return redirect(note.url)
    return redirect("inbox")


@require_POST
def inbox_read_all(request):
    request.user.notifications.unread().update(read_at=timezone.now())
    forget_unread(request.user.pk)
    return redirect("inbox")
