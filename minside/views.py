"""Min side: a citizen (or a relative with a power of attorney) sees their own care and who has looked
at their record, and can ask the municipality about a look. Every view logs its look (minside.access)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carecore.access import get_visible_or_403
from carecore.forms import add_service_errors
from carecore.pagination import window
from carecore.registry import require_page
from carecore.responses import render_page
from citizens import portal
from citizens.audit import log_access_many
from citizens.models import AccessLog, AccessPart, Citizen

from . import record, services
from .access import acting, citizen_page, refuse
from .forms import (
    AnswerForm,
    CitizenGrantForm,
    CitizenLoginForm,
    PeriodForm,
    PowerOfAttorneyForm,
    QuestionForm,
)
from .identity import grants_for, is_citizen_session
from .models import AccessQuestion, PowerOfAttorney

LOOKS_PER_PAGE = 50
QUESTIONS_SHOWN = 20


@login_not_required
@require_http_methods(["GET", "POST"])
def login(request):
    if request.user.is_authenticated and is_citizen_session(request):
        return redirect("minside:home")
    form = CitizenLoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.get_user())
        return redirect("minside:home")
    return render(request, "minside/login.html", {"form": form})


def _urls(citizen_pk):
    args = [citizen_pk] if citizen_pk else []
    suffix = "_for" if citizen_pk else ""
    return {
        "care": reverse(f"minside:home{suffix}", args=args),
        "looks": reverse(f"minside:access{suffix}", args=args),
        "ask": reverse(f"minside:ask{suffix}", args=args),
        "attorneys": "" if citizen_pk else reverse("minside:attorneys"),
    }


def _context(request, who, citizen_pk):
    return {
        "who": who,
        "urls": _urls(citizen_pk),
        "grants": list(
            grants_for(request.citizen_account.cpr, timezone.localdate()).select_related("citizen")
        ),
    }


@citizen_page
def home(request, citizen_pk=None):
    who = acting(request, AccessPart.OWN_PAGE, citizen_pk)
    context = _context(request, who, citizen_pk)
    if who is not None:
        found = portal.sections(who.citizen, today=timezone.localdate()) + record.sections(who.citizen)
        context["sections"] = sorted(found, key=lambda s: s.order)
    return render(request, "minside/home.html", context)


def _looks(citizen, period):
    """The unit is the one stored with the look (its unit then), not the looker's unit today."""
    rows = AccessLog.objects.filter(citizen=citizen)
    if settings.MINSIDE_SHOW_STAFF_NAME:
        rows = rows.select_related("user")
    zone = timezone.get_current_timezone()
    if period.get("fra"):
        rows = rows.filter(at__gte=datetime.combine(period["fra"], time.min, tzinfo=zone))
    if period.get("til"):
        rows = rows.filter(at__lt=datetime.combine(period["til"] + timedelta(days=1), time.min, tzinfo=zone))
    return rows.order_by("-at", "-id")


@citizen_page
def access(request, citizen_pk=None):
    who = acting(request, AccessPart.OWN_ACCESS_LOG, citizen_pk)
    context = _context(request, who, citizen_pk)
    if who is not None:
        period = PeriodForm(request.GET or None)
        valid = period.is_valid() if period.is_bound else True
        looks = _looks(who.citizen, period.cleaned_data if period.is_bound and valid else {})
        page = window(request, looks, size=LOOKS_PER_PAGE) if valid else None
        context.update(period=period, page=page, show_name=settings.MINSIDE_SHOW_STAFF_NAME)
        context["questions"] = AccessQuestion.objects.filter(
            citizen=who.citizen, asked_by=request.user
        ).order_by("-asked_at")[:QUESTIONS_SHOWN]
    return render(request, "minside/access.html", context)


@citizen_page
@require_http_methods(["GET", "POST"])
def ask(request, citizen_pk=None):
    who = acting(request, AccessPart.OWN_ACCESS_LOG, citizen_pk)
    context = _context(request, who, citizen_pk)
    if who is None:
        return render(request, "minside/home.html", context)
    look = None
    if request.method == "GET" and request.GET.get("look"):
        look = AccessLog.objects.filter(pk=_int(request.GET["look"]), citizen=who.citizen).first()
        if look is None:
            context["look_error"] = _("We cannot find that look in your log.")
    initial = {"look": look.pk} if look else None
    form = QuestionForm(request.POST or None, initial=initial, citizen=who.citizen)
    if request.method == "POST" and form.is_valid():
        question = services.ask_about_look(
            who.citizen,
            look=form.cleaned_data["look"],
            question=form.cleaned_data["question"],
            by=request.user,
        )
        messages.success(
            request,
            _("Thank you. We have received your question. Your receipt number is %(receipt)s.")
            % {"receipt": question.receipt},
        )
        return redirect(context["urls"]["looks"])
    context.update(form=form, look=look)
    return render(request, "minside/ask.html", context)


@citizen_page
@require_http_methods(["GET", "POST"])
def my_attorneys(request):
    """The citizen's own powers of attorney: who may see their page, what and until when; give one to a
    relative or revoke one. Only for one's own record (a relative cannot pass a power of attorney on)."""
    who = acting(request, AccessPart.OWN_PAGE)
    context = _context(request, who, None)
    if who is None:
        return render(request, "minside/home.html", context)
    form = CitizenGrantForm(request.POST or None, citizen=who.citizen)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_power_of_attorney(
                who.citizen, data={**form.cleaned_data, "starts_on": timezone.localdate()}, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your relative can now see your page. They log in with MitID."))
            return redirect("minside:attorneys")
    given = PowerOfAttorney.objects.filter(citizen=who.citizen).order_by("-starts_on", "-pk")
    context.update(form=form, given=given, today=timezone.localdate())
    return render(request, "minside/my_attorneys.html", context, status=400 if form.errors else 200)


@citizen_page
@require_POST
def my_attorney_revoke(request, pk):
    who = acting(request, AccessPart.OWN_PAGE)
    grant = PowerOfAttorney.objects.filter(pk=pk).select_related("citizen").first()
    if grant is None:
        raise Http404
    if who is None or grant.citizen_id != who.citizen.pk:
        refuse(request, grant.citizen, AccessPart.OWN_PAGE)
    services.revoke_power_of_attorney(grant, by=request.user)
    messages.success(
        request, _("The power of attorney is revoked. Your relative can no longer see your page.")
    )
    return redirect("minside:attorneys")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# Staff: powers of attorney registered from the citizen's paper form (at /fuldmagter/, staff pages).


@require_page("attorneys:citizen")
@require_http_methods(["GET", "POST"])
def attorneys(request, citizen_pk):
    citizen = get_visible_or_403(
        request, Citizen.objects.visible_to(request.user), citizen_pk, part=AccessPart.RELATIVES
    )
    form = PowerOfAttorneyForm(request.POST or None, citizen=citizen)
    if request.method == "POST" and form.is_valid():
        services.register_power_of_attorney(citizen, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The power of attorney was registered."))
        return redirect("attorneys:citizen", citizen_pk=citizen.pk)
    grants = PowerOfAttorney.objects.filter(citizen=citizen).order_by("-starts_on", "-pk")
    context = {"citizen": citizen, "form": form, "grants": grants, "today": timezone.localdate()}
    return render(request, "minside/attorneys.html", context)


@require_page("attorneys:revoke")
@require_POST
def attorney_revoke(request, pk):
    grant = get_visible_or_403(
        request, PowerOfAttorney.objects.visible_to(request.user), pk, part=AccessPart.RELATIVES
    )
    services.revoke_power_of_attorney(grant, by=request.user)
    messages.success(request, _("The power of attorney was revoked."))
    return redirect("attorneys:citizen", citizen_pk=grant.citizen_id)


# The data-protection contact (at /databeskyttelse/, staff pages): citizens' questions about looks.

QUESTIONS_PER_PAGE = 50


@require_page("dpo:questions")
def dpo_questions(request):
    """Open questions, oldest first (answered ones on request, newest first). Each row names a citizen:
    the list is logged as a look at each one's access log."""
    answered = request.GET.get("besvarede") == "1"
    rows = AccessQuestion.objects.visible_to(request.user).filter(answered_at__isnull=not answered)
    rows = rows.select_related("citizen").order_by(*(("-answered_at",) if answered else ("asked_at",)), "pk")
    page = window(request, rows, size=QUESTIONS_PER_PAGE)
    log_access_many(request, [q.citizen_id for q in page.rows], AccessPart.ACCESS_LOG)
    context = {"page": page, "answered": answered}
    return render_page(request, "minside/dpo_questions.html", context, partial="results")


@require_page("dpo:answer")
@require_http_methods(["GET", "POST"])
def dpo_answer(request, pk):
    qs = AccessQuestion.objects.visible_to(request.user).select_related("citizen", "look", "answered_by")
    question = get_visible_or_403(request, qs, pk, part=AccessPart.ACCESS_LOG)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and question.answered_at is None and form.is_valid():
        try:
            services.answer_question(question, answer=form.cleaned_data["answer"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The answer was sent. The citizen reads it on My page."))
            return redirect("dpo:questions")
    context = {"question": question, "form": form}
    return render(request, "minside/dpo_answer.html", context, status=400 if form.errors else 200)
