"""The referral list (incoming to my units, sent by me or my units), the new referral, and the referral
with its answer. Thin views: forms parse, services write, every look at a citizen is logged."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from carecore.access import get_visible_or_403
from carecore.forms import add_service_errors
from carecore.pagination import window
from carecore.registry import require_page
from carecore.roles import has_role
from citizens.audit import log_access_many
from citizens.models import Citizen

from . import services
from .forms import AcceptForm, CancelForm, DeclineForm, ReferralForm
from .models import OPEN, RECEIVING_ROLES, Referral, Status

PART = "henvisning"
INCOMING, SENT = "modtaget", "sendt"


def _referrals(user):
    return Referral.objects.visible_to(user).select_related("from_unit", "to_unit", "sent_by")


# --- list ---------------------------------------------------------------------------------------
@require_page("referrals:list")
def referral_list(request):
    user = request.user
    tab = request.GET.get("vis")
    if tab not in (INCOMING, SENT):
        # Carers send referrals; the professionals and leaders who answer them start with what came in.
        tab = INCOMING if has_role(user, *RECEIVING_ROLES) else SENT
    status = request.GET.get("status", "open")
    base = Referral.objects.incoming_for(user) if tab == INCOMING else Referral.objects.sent_for(user)
    qs = base.select_related("from_unit", "to_unit", "sent_by").order_by("-sent_at", "-id")
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status in Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = window(request, qs, size=50)
    log_access_many(request, [r.citizen_id for r in page.rows], PART)
    return render(
        request,
        "referrals/list.html",
        {
            "page": page,
            "tab": tab,
            "tabs": [(INCOMING, _("Incoming to my units")), (SENT, _("Sent by me or my units"))],
            "status": status,
            "statuses": [("open", pgettext("referrals", "Open")), *Status.choices],
        },
    )


# --- a new referral ------------------------------------------------------------------------------
def _new(request, citizen):
    form = ReferralForm(request.POST or None, user=request.user, citizen=citizen)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.send_referral(
                citizen=form.citizen,
                from_unit=data["from_unit"],
                to_unit=data["to_unit"],
                reason=data["reason"],
                urgency=data["urgency"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The referral was sent to %(unit)s.") % {"unit": referral.to_unit})
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/new.html",
        {"form": form, "citizen": citizen},
        status=400 if form.errors else 200,
    )


@require_page("referrals:new")
@require_http_methods(["GET", "POST"])
def new(request):
    """`?borger=<id>` (kept as a hidden field on POST) fixes the citizen; without it, a CPR number."""
    citizen_id = request.POST.get("borger") or request.GET.get("borger")
    citizen = None
    if citizen_id:
        citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), citizen_id, part=PART)
    return _new(request, citizen)


@require_page("referrals:refer")
@require_http_methods(["GET", "POST"])
def refer(request, citizen_pk):
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), citizen_pk, part=PART)
    return _new(request, citizen)


# --- the referral --------------------------------------------------------------------------------
def _referral_for(request, pk):
    """The referral if it is to one of the user's units or sent by them or their units (the look at the
    citizen is logged): 404 if there is none, else 403 with the refusal logged."""
    return get_visible_or_403(request, _referrals(request.user), pk, part=PART)


def _render(request, referral, *, accept_form=None, decline_form=None, cancel_form=None, status=200):
    can_answer = referral.is_open and services.may_answer(request.user, referral)
    can_cancel = referral.is_open and services.may_cancel(request.user, referral)
    refused = [
        e for f in (accept_form, decline_form, cancel_form) if f is not None for e in f.non_field_errors()
    ]
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "refused": refused,
            "events": list(referral.events.select_related("by").order_by("at", "id")),
            "can_answer": can_answer,
            "can_cancel": can_cancel,
            "accept_form": accept_form
            or (AcceptForm(referral=referral, prefix="accept") if can_answer else None),
            "decline_form": decline_form or (DeclineForm(prefix="decline") if can_answer else None),
            "cancel_form": cancel_form or (CancelForm(prefix="cancel") if can_cancel else None),
        },
        status=status,
    )


@require_page("referrals:detail")
def detail(request, pk):
    referral = _referral_for(request, pk)
    services.mark_received(referral, by=request.user)
    return _render(request, referral)


def _act(request, pk, *, allowed, make_form, field, action, done):
    """One answer to a referral (accept, decline, withdraw): the user's right to it, the form, the
    service; a refusal from the service is shown next to the field, nothing saved."""
    referral = _referral_for(request, pk)
    if not allowed(request.user, referral):
        raise PermissionDenied
    form = make_form(referral)
    if form.is_valid():
        try:
            action(referral, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            referral.refresh_from_db()
        else:
            messages.success(request, done)
            return redirect("referrals:detail", pk=referral.pk)
    return _render(request, referral, **{field: form}, status=400)


@require_page("referrals:accept")
@require_POST
def accept(request, pk):
    return _act(
        request,
        pk,
        allowed=services.may_answer,
        make_form=lambda referral: AcceptForm(request.POST, referral=referral, prefix="accept"),
        field="accept_form",
        action=lambda referral, data: services.accept_referral(
            referral, by=request.user, unit=data["unit"], note=data["note"]
        ),
        done=_("The referral was accepted; the citizen is now served by your unit."),
    )


@require_page("referrals:decline")
@require_POST
def decline(request, pk):
    return _act(
        request,
        pk,
        allowed=services.may_answer,
        make_form=lambda referral: DeclineForm(request.POST, prefix="decline"),
        field="decline_form",
        action=lambda referral, data: services.decline_referral(
            referral, by=request.user, reason=data["reason"]
        ),
        done=_("The referral was declined; the sender has been told."),
    )


@require_page("referrals:cancel")
@require_POST
def cancel(request, pk):
    return _act(
        request,
        pk,
        allowed=services.may_cancel,
        make_form=lambda referral: CancelForm(request.POST, prefix="cancel"),
        field="cancel_form",
        action=lambda referral, data: services.cancel_referral(
            referral, by=request.user, reason=data["reason"]
        ),
        done=_("The referral was withdrawn."),
    )
