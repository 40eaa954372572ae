"""Min dag: the field worker's visits of the day (home visits and, for nurses, appointments at the
nursing clinic), each visit card and its actions (htmx or plain post)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carecore.access import get_visible_or_403
from carecore.registry import registry, require_page
from citizens.audit import log_access, log_access_many

from .. import services
from ..forms import NotDeliveredForm, NoteForm, ObservationForm
from ..models import ChangeItem, DelegatedTask, NotDeliveredReason, TriageColour, Visit, VisitStatus

# Giving medicine on a visit is the medication module's page, linked by its URL name when installed.
MEDICINE_PAGE = "medication:visit"


def _medicine_page():
    return MEDICINE_PAGE if MEDICINE_PAGE in registry else ""


def my_visits(user, day):
    return list(
        Visit.objects.of_carer(user)
        .filter(date=day)
        .select_related("citizen", "clinic", "assigned_to", "second_carer")
        .order_by("starts_at", "id")
    )


@require_page("homecare:my_day")
def my_day(request):
    today = timezone.localdate()
    visits = my_visits(request.user, today)
    log_access_many(request, [v.citizen_id for v in visits], "min dag")
    return render(
        request,
        "homecare/my_day.html",
        {
            "visits": visits,
            "today": today,
            "changes": ChangeItem.choices,
            "reasons": NotDeliveredReason.choices,
            "medicine_page": _medicine_page(),
            "medicine_task": DelegatedTask.MEDICINE,
        },
    )


def _card(request, visit, *, errors=None, message=""):
    errors = {("general" if k == "__all__" else k): list(v) for k, v in (errors or {}).items()}
    if request.htmx:
        visit.refresh_from_db()
        return render(
            request,
            "homecare/my_day.html#visit",
            {
                "visit": visit,
                "errors": errors or {},
                "message": message,
                "changes": ChangeItem.choices,
                "reasons": NotDeliveredReason.choices,
                "posted": request.POST,
                "medicine_page": _medicine_page(),
                "medicine_task": DelegatedTask.MEDICINE,
            },
        )
    if errors:
        for field_errors in errors.values():
            for e in field_errors:
                messages.error(request, e)
    elif message:
        messages.success(request, message)
    return redirect(f"{reverse('homecare:my_day')}#visit-{visit.pk}")


def _errors(exc):
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def _visit_action(request, pk, action, form_class=None):
    """Fetch the visit in scope, check the posted form (if any), run `action(visit, data)` (it returns
    the message to show) and answer with the visit's card; what the form or the service refuses shows
    on the card."""
    visit = get_visible_or_403(
        request, Visit.objects.visible_to(request.user).select_related("citizen", "clinic"), pk
    )
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            return _card(request, visit, errors=form.errors)
        data = form.cleaned_data
    try:
        message = action(visit, data)
    except ValidationError as exc:
        return _card(request, visit, errors=_errors(exc))
    return _card(request, visit, message=message)


@require_page("homecare:visit_start")
@require_POST
def visit_start(request, pk):
    def action(visit, data):
        services.start_visit(visit, by=request.user)
        return _("The visit was started.")

    return _visit_action(request, pk, action)


@require_page("homecare:visit_finish")
@require_POST
def visit_finish(request, pk):
    def action(visit, data):
        visit = services.finish_visit(visit, by=request.user)
        if visit.status == VisitStatus.STARTED:
            return _("You have finished; the visit is delivered when your colleague finishes.")
        return _("The visit was delivered.")

    return _visit_action(request, pk, action)


@require_page("homecare:visit_not_delivered")
@require_POST
def visit_not_delivered(request, pk):
    def action(visit, data):
        services.not_delivered(visit, by=request.user, reason=data["reason"], text=data["reason_text"])
        return _("The visit was recorded as not delivered.")

    return _visit_action(request, pk, action, NotDeliveredForm)


@require_page("homecare:visit_tick")
@require_POST
def visit_tick(request, pk, index):
    def action(visit, data):
        services.tick_task(visit, index, done=request.POST.get("done", "1") == "1")
        return ""

    return _visit_action(request, pk, action)


@require_page("homecare:visit_note")
@require_POST
def visit_note(request, pk):
    def action(visit, data):
        log_access(request, visit.citizen, "journal")
        services.write_visit_note(visit, by=request.user, text=data["text"])
        return _("The note was written in the journal.")

    return _visit_action(request, pk, action, NoteForm)


@require_page("homecare:visit_observation")
@require_POST
def visit_observation(request, pk):
    def action(visit, data):
        observation = services.record_observation(
            visit.citizen, by=request.user, visit=visit, changes=data["changes"], note=data["note"]
        )
        colour = TriageColour(observation.suggested_colour).label
        return _("Changes recorded. Suggested triage colour: %(colour)s.") % {"colour": colour}

    return _visit_action(request, pk, action, ObservationForm)
