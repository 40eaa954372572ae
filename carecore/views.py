from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from citizens.models import Citizen

from . import health
from .forms import AccessLogFilterForm
from .models import AccessLog, Notification
from .notifications import forget_unread
from .pagination import window
from .roles import CARE_STAFF, has_role
from .startpages import start_page_for


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


def home(request):
    role, heading, tiles = start_page_for(request.user)
    context = {"role": role, "heading": heading, "tiles": tiles}
    if has_role(request.user, *CARE_STAFF):
        context["my_citizens"] = list(
            Citizen.objects.visible_to(request.user).only("id", "first_name", "last_name", "cpr", "address")[
                :8
            ]
        )
    context["notifications"] = list(request.user.notifications.unread()[:5])
    return render(request, "carecore/home.html", context)


@permission_required("carecore.view_accesslog", raise_exception=True)
def access_log(request):
    form = AccessLogFilterForm(request.GET or None)
    rows = AccessLog.objects.visible_to(request.user).select_related("citizen")
    if form.is_valid():
        rows = form.filter(rows)
    page = window(request, rows, size=50)
    template = "carecore/access_log.html#results" if request.htmx else "carecore/access_log.html"
    return render(request, template, {"form": form, "page": page})


def inbox(request):
    page = window(request, request.user.notifications.all(), size=30)
    return render(request, "carecore/inbox.html", {"page": page})


@require_POST
def notification_read(request, pk):
    note = get_object_or_404(Notification, pk=pk, user=request.user)
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


def coming_soon(request, title):
    """Placeholder for a module page whose issue has not landed yet."""
    return render(request, "carecore/coming_soon.html", {"title": title})
