"""Bed board, stays, waiting list and discharge queue. Pathways and key figures: pathways.py."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carecore.access import get_visible_or_403
from carecore.forms import add_service_errors, day_from_query
from carecore.outbox import enqueue
from carecore.registry import require_page
from carecore.responses import pdf_response
from carecore.roles import Role, has_role
from carecore.versioning import EditConflict
from citizens import portal
from citizens.audit import log_access_many
from citizens.models import AccessPart, Citizen

from .. import services
from ..board import build_board
from ..forms import (
    AssignForm,
    CancelStayForm,
    ChangeEndForm,
    DecisionForm,
    EndStayForm,
    FreeBedForm,
    HomeAssessmentForm,
    MoveForm,
    NoticeForm,
    WaitingForm,
)
from ..letters import make_letter
from ..models import (
    Bed,
    DecisionLetter,
    DischargeNotice,
    HomeAssessment,
    Priority,
    Stay,
    StayType,
    WaitingListEntry,
)


# --- bed board ------------------------------------------------------------------------------
@require_page("rehab:beds")
def beds(request):
    board = build_board(request.user)
    log_access_many(request, board["visible"], "rehab:senge")
    waiting = list(WaitingListEntry.objects.waiting().select_related("citizen", "stay_type")[:10])
    can_temporary = services.can_manage_bed(request.user, "temporary")
    can_acute = services.can_manage_bed(request.user, "acute")
    return render(
        request,
        "rehab/beds.html",
        {
            **board,
            "waiting": waiting,
            "first_waiting": waiting[0] if waiting else None,
            "can_temporary": can_temporary,
            "can_acute": can_acute,
            "free_today": sum(1 for r in board["rows"] if r.free_today),
        },
    )


def _assign_initial(request):
    initial = {"starts_at": timezone.localtime().replace(second=0, microsecond=0)}
    bed = request.GET.get("seng")
    if bed and bed.isdigit():
        initial["bed"] = int(bed)
    day = day_from_query(request.GET.get("dag"))
    if day:
        try:  # the bed picker's first free bed may be free from another time than 10:00
            at = datetime.strptime(request.GET.get("kl", ""), "%H:%M").time()
        except ValueError:
            at = time(10)
        initial["starts_at"] = timezone.make_aware(datetime.combine(day, at))
    entry_id = request.GET.get("venteliste")
    if entry_id and entry_id.isdigit():
        entry = WaitingListEntry.objects.waiting().filter(pk=entry_id).select_related("citizen").first()
        if entry and Citizen.objects.visible_to(request.user).filter(pk=entry.citizen_id).exists():
            initial.update(waiting=entry.pk, citizen=entry.citizen.cpr, stay_type=entry.stay_type_id)
    return initial


@require_page("rehab:assign")
@require_http_methods(["GET", "POST"])
def assign(request):
    if not (
        services.can_manage_bed(request.user, "temporary") or services.can_manage_bed(request.user, "acute")
    ):
        raise PermissionDenied
    taken = False
    if request.method == "POST":
        form = AssignForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            entry = None
            if data.get("waiting"):
                entry = (
                    WaitingListEntry.objects.waiting()
                    .filter(pk=data["waiting"], citizen=data["citizen"])
                    .first()
                )
            try:
                stay = services.assign_bed(
                    bed=data["bed"],
                    citizen=data["citizen"],
                    stay_type=data["stay_type"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    reason=data["reason"],
                    by=request.user,
                    waiting_entry=entry,
                )
            except services.BedTaken as exc:
                form.add_error(None, exc)
                taken = True
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                # The PDF is written after the answer, by the worker; acute stays get one too.
                enqueue(
                    "rehab.make_stay_letter", stay.pk, request.user.pk, key=f"rehab-letter:stay:{stay.pk}"
                )
                messages.success(
                    request,
                    _("Bed %(bed)s is assigned to %(name)s.")
                    % {"bed": stay.bed.label, "name": stay.citizen.full_name},
                )
                return redirect("rehab:beds")
    else:
        form = AssignForm(initial=_assign_initial(request), user=request.user)
    waiting_form = None
    if taken and has_role(request.user, Role.VISITATOR) and form.cleaned_data.get("citizen"):
        waiting_form = WaitingForm(
            user=request.user,
            initial={
                "citizen": form.cleaned_data["citizen"].cpr,
                "stay_type": form.cleaned_data.get("stay_type"),
            },
        )
    return render(
        request,
        "rehab/assign.html",
        {"form": form, "taken": taken, "waiting_form": waiting_form, **_bed_picker(request)},
    )


def _bed_picker(request):
    """Which beds are free from a day for N days, and the first bed free that long (the ?fra=&dage= form)."""
    kinds = [k for k in ("temporary", "acute") if services.can_manage_bed(request.user, k)]
    if "dage" not in request.GET:
        return {"picker": FreeBedForm(initial={"fra": timezone.localdate(), "dage": 14})}
    picker = FreeBedForm(request.GET)
    if not picker.is_valid():
        return {"picker": picker}
    start = timezone.make_aware(datetime.combine(picker.cleaned_data["fra"], time(10)))
    days = picker.cleaned_data["dage"]
    return {
        "picker": picker,
        "free_beds": list(services.free_beds(kinds, start, start + timedelta(days=days))),
        "first_free": services.first_free_bed(kinds, days, after=start),
        "picked_from": start,
    }


def _stay(request, pk, *, part="rehab:ophold"):
    return get_visible_or_403(
        request,
        Stay.objects.visible_to(request.user).select_related("bed", "stay_type", "citizen"),
        pk,
        part=part,
    )


@require_page("rehab:stay")
def stay_detail(request, pk):
    stay = _stay(request, pk)
    manage = (
        services.can_manage_bed(request.user, stay.bed.kind)
        and not stay.discharged_at
        and not stay.cancelled_at
    )
    now = timezone.localtime().replace(second=0, microsecond=0)
    context = {
        "stay": stay,
        "manage": manage,
        "events": list(stay.events.select_related("by", "bed")),
        "letters": list(stay.letters.only("id", "created_at", "stay_id", "version", "subject")),
    }
    if manage:
        context.update(
            change_form=ChangeEndForm(initial={"new_end": timezone.localtime(stay.ends_at)}, version_of=stay),
            end_form=EndStayForm(initial={"at": now}, version_of=stay),
            move_form=MoveForm(initial={"at": now}, version_of=stay),
            cancel_form=CancelStayForm(version_of=stay) if stay.starts_at > now else None,
        )
        context["move_form"].fields["to_bed"].queryset = Bed.objects.filter(
            is_active=True, kind=stay.bed.kind
        ).exclude(pk=stay.bed_id)
    return render(request, "rehab/stay_detail.html", context)


def _stay_action(request, pk, form_class, action):
    stay = _stay(request, pk)
    if not services.can_manage_bed(request.user, stay.bed.kind):
        raise PermissionDenied
    form = form_class(request.POST, version_of=stay)
    status = 400
    if form.is_valid():
        try:
            result = action(stay, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc, ends_at="new_end")
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
            stay = Stay.objects.select_related("bed", "stay_type", "citizen").get(pk=stay.pk)
            status = 409
        else:
            return result
    context = {
        "stay": stay,
        "manage": True,
        "events": list(stay.events.select_related("by", "bed")),
        "letters": [],
        "change_form": ChangeEndForm(),
        "end_form": EndStayForm(),
        "move_form": MoveForm(),
        "cancel_form": CancelStayForm() if stay.starts_at > timezone.now() else None,
    }
    names = {ChangeEndForm: "change_form", EndStayForm: "end_form", MoveForm: "move_form"}
    context[names.get(form_class, "cancel_form")] = form
    return render(request, "rehab/stay_detail.html", context, status=status)


def _send_new_letter(request, stay):
    """A changed stay gets a new version of its decision letter, made from the stay as it is now."""
    event = stay.events.order_by("at", "id").last()
    enqueue(
        "rehab.make_stay_letter", stay.pk, request.user.pk, event.pk, key=f"rehab-letter:event:{event.pk}"
    )


def _freed_message(request, stay, bed_label):
    first = services.first_waiting(acute=stay.stay_type.is_acute)
    if first:
        messages.info(
            request,
            _("Bed %(bed)s is free. First on the waiting list: %(name)s (%(type)s).")
            % {"bed": bed_label, "name": first.citizen.full_name, "type": first.stay_type.name},
        )


@require_page("rehab:stay_change_end")
@require_POST
def stay_change_end(request, pk):
    def action(stay, data):
        stay = services.change_end(
            stay, new_end=data["new_end"], reason=data["reason"], by=request.user, version=data["version"]
        )
        _send_new_letter(request, stay)
        messages.success(request, _("The planned end was changed."))
        return redirect("rehab:stay", pk=stay.pk)

    return _stay_action(request, pk, ChangeEndForm, action)


@require_page("rehab:stay_end")
@require_POST
def stay_end(request, pk):
    def action(stay, data):
        stay = services.end_stay(
            stay,
            at=data["at"],
            reason=data["reason"],
            by=request.user,
            discharge=data["kind"] == "discharge",
            version=data["version"],
        )
        if data["kind"] != "discharge":
            _send_new_letter(request, stay)
        messages.success(request, _("The stay has ended."))
        _freed_message(request, stay, stay.bed.label)
        return redirect("rehab:stay", pk=stay.pk)

    return _stay_action(request, pk, EndStayForm, action)


@require_page("rehab:stay_move")
@require_POST
def stay_move(request, pk):
    def action(stay, data):
        new = services.move_stay(
            stay,
            to_bed=data["to_bed"],
            at=data["at"],
            reason=data["reason"],
            by=request.user,
            version=data["version"],
        )
        _send_new_letter(request, new)
        messages.success(request, _("The citizen was moved to bed %(bed)s.") % {"bed": new.bed.label})
        return redirect("rehab:stay", pk=new.pk)

    return _stay_action(request, pk, MoveForm, action)


@require_page("rehab:stay_cancel")
@require_POST
def stay_cancel(request, pk):
    def action(stay, data):
        stay = services.cancel_stay(stay, reason=data["reason"], by=request.user, version=data["version"])
        _send_new_letter(request, stay)
        messages.success(
            request, _("The stay is cancelled and bed %(bed)s is free again.") % {"bed": stay.bed.label}
        )
        _freed_message(request, stay, stay.bed.label)
        return redirect("rehab:stay", pk=stay.pk)

    return _stay_action(request, pk, CancelStayForm, action)


@require_page("rehab:stay_letter")
def stay_letter(request, pk):
    """The stay's latest decision letter, or an earlier version sent (`?udgave=<letter id>`)."""
    stay = _stay(request, pk, part="rehab:afgoerelse")
    version = request.GET.get("udgave", "")
    if version:
        letter = (
            stay.letters.filter(pk=int(version)).first() if version.isdigit() and len(version) < 10 else None
        )
        if letter is None:
            raise Http404
    else:
        letter = stay.letters.first()
    if letter is None:
        if not services.can_manage_bed(request.user, stay.bed.kind):
            raise Http404
        letter = make_letter(stay=stay, by=request.user)
    return pdf_response(letter.pdf, f"afgoerelse-ophold-{stay.pk}-{letter.version}.pdf")


@portal.citizen_page
def citizen_letter(request, pk):
    """Min side (rehab/minside.py): a stored decision letter of the session's own citizen (or one a power
    of attorney covers); `portal.look` checks and logs the look — another citizen's is a logged 403."""
    letter = DecisionLetter.objects.filter(pk=pk).select_related("citizen").first()
    if letter is None:
        raise Http404
    portal.look(request, letter.citizen, AccessPart.DECISION)
    response = pdf_response(letter.pdf, f"afgoerelse-{letter.pk}.pdf")
    response["Cache-Control"] = "no-store"
    return response


@require_page("rehab:citizen_stay")
def citizen_stay(request, pk):
    """What a home-care worker may see here: whether their citizen is in a bed, and until when."""
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part="rehab:ophold")
    now = timezone.now()
    stays = list(Stay.objects.filter(citizen=citizen, ends_at__gt=now).select_related("bed", "stay_type")[:3])
    return render(request, "rehab/citizen_stay.html", {"citizen": citizen, "stays": stays, "now": now})


# --- waiting list ---------------------------------------------------------------------------
@require_page("rehab:waiting")
@require_http_methods(["GET", "POST"])
def waiting_list(request):
    form = WaitingForm(user=request.user)
    if request.method == "POST":
        if not has_role(request.user, Role.VISITATOR):
            raise PermissionDenied
        form = WaitingForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.add_to_waiting_list(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The citizen is on the waiting list."))
                return redirect("rehab:waiting")
    entries = list(
        WaitingListEntry.objects.visible_to(request.user).waiting().select_related("citizen", "stay_type")
    )
    log_access_many(request, {e.citizen_id for e in entries}, "rehab:venteliste")
    return render(
        request,
        "rehab/waiting.html",
        {
            "entries": entries,
            "form": form,
            "can_edit": has_role(request.user, Role.VISITATOR),
            "rule": _priority_rule(),
        },
        status=400 if form.errors else 200,
    )


def _priority_rule():
    """The waiting-list rule as shown on the page: each type of stay with its default priority."""
    types = StayType.objects.filter(is_active=True, is_acute=False)
    return [(t.name, Priority(services.priority_for(t)).label) for t in types]


@require_page("rehab:waiting_withdraw")
@require_POST
def waiting_withdraw(request, pk):
    entry = get_visible_or_403(
        request, WaitingListEntry.objects.visible_to(request.user), pk, part="rehab:venteliste"
    )
    services.withdraw_waiting(entry, by=request.user)
    messages.success(request, _("The citizen was taken off the waiting list."))
    return redirect("rehab:waiting")


# --- discharge queue ------------------------------------------------------------------------
@require_page("rehab:discharges")
@require_http_methods(["GET", "POST"])
def discharges(request):
    form = NoticeForm(user=request.user)
    if request.method == "POST":
        if not has_role(request.user, Role.VISITATOR):
            raise PermissionDenied
        form = NoticeForm(request.POST, user=request.user)
        if form.is_valid():
            notice = services.register_notice(by=request.user, **form.cleaned_data)
            messages.success(request, _("The discharge notice was registered."))
            return redirect("rehab:notice", pk=notice.pk)
    notices = DischargeNotice.objects.visible_to(request.user).select_related("citizen")
    open_notices = list(notices.open().order_by("expected_at")[:200])
    decided = list(notices.exclude(decision="").order_by("-decided_at")[:20])
    log_access_many(request, {n.citizen_id for n in open_notices + decided}, "rehab:udskrivelser")
    return render(
        request,
        "rehab/discharges.html",
        {
            "form": form,
            "open_notices": open_notices,
            "decided": decided,
            "can_edit": has_role(request.user, Role.VISITATOR),
        },
        status=400 if form.errors else 200,
    )


@require_page("rehab:notice")
@require_http_methods(["GET", "POST"])
def notice_detail(request, pk):
    notice = get_visible_or_403(
        request,
        DischargeNotice.objects.visible_to(request.user).select_related("citizen", "decided_by"),
        pk,
        part="rehab:udskrivelse",
    )
    can_edit = has_role(request.user, Role.VISITATOR)
    form = DecisionForm()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.decide_notice(notice, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The decision was saved."))
                if form.cleaned_data["decision"] == "temporary_bed":
                    return redirect("rehab:beds")
                if form.cleaned_data["decision"] == "home_after_apv":
                    return redirect("rehab:apv", pk=notice.pk)
                # Home with help: the visitation case now holds the request with the proposed services.
                messages.info(request, _("The request is in the visitation's case list for a decision."))
                return redirect("visitation:list")
    apv = HomeAssessment.objects.filter(notice=notice).select_related("assessor").first()
    return render(
        request,
        "rehab/notice_detail.html",
        {"notice": notice, "form": form, "apv": apv, "can_edit": can_edit and not notice.decision},
        status=400 if form.errors else 200,
    )


@require_page("rehab:apv")
@require_http_methods(["GET", "POST"])
def apv(request, pk):
    notice = get_visible_or_403(
        request,
        DischargeNotice.objects.visible_to(request.user).select_related("citizen"),
        pk,
        part="rehab:apv",
    )
    existing = HomeAssessment.objects.filter(notice=notice).select_related("assessor").first()
    form = None
    if existing is None and has_role(request.user, Role.VISITATOR):
        form = HomeAssessmentForm(
            request.POST or None, initial={"assessor": request.user.pk, "visit_date": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.record_home_assessment(notice, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The home assessment was saved."))
                return redirect("rehab:notice", pk=notice.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "rehab/apv.html",
        {"notice": notice, "apv": existing, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
