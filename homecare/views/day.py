"""Min dag: the field worker's visits of the day (home visits and, for nurses, appointments at the
nursing clinic), each visit card and its actions (htmx or plain post)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from carecore.access import get_visible_or_403
from carecore.registry import registry, require_page
from citizens.audit import log_access, log_access_many
from citizens.models import AccessPart, Relative

from .. import services
from ..forms import NotDeliveredForm, NoteForm, ObservationForm, TaskNotDoneForm
from ..models import ChangeItem, DelegatedTask, NotDeliveredReason, TriageColour, Visit, VisitStatus
from ..pauses import team_leaders

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


# The municipality's procedure when the citizen does not open the door (shown on the card).
NOT_HOME_STEPS = [
    _lazy("Ring the bell, knock and call out; look in through the windows for signs of a fall."),
    _lazy("Call the citizen's phone."),
    _lazy("Call the relatives on the list below: is the citizen with them, admitted or away?"),
    _lazy("Call your team leader, who decides whether to get in with the key, a locksmith or the police."),
    _lazy("If you see or suspect the citizen has fallen or is ill: call 112 at once."),
    _lazy("Write in the journal what you did and whom you reached."),
]


def _with_call_lists(visits):
    """The call list of every visit whose citizen was not at home: the citizen, the relatives and the team
    leaders (with phone numbers). A fixed number of queries, and none when no visit needs it."""
    waiting = [v for v in visits if v.reason == "not_home"]
    if not waiting:
        return visits
    relatives = {}
    for relative in Relative.objects.filter(citizen_id__in={v.citizen_id for v in waiting}):
        relatives.setdefault(relative.citizen_id, []).append(relative)
    User = get_user_model()
    leaders = list(
        User.objects.filter(pk__in=team_leaders({v.team_id for v in waiting})).select_related("staff")
    )
    for visit in waiting:
        visit.call_list = {"relatives": relatives.get(visit.citizen_id, []), "leaders": leaders}
    return visits


def _context(**extra):
    return {
        "changes": ChangeItem.choices,
        "reasons": NotDeliveredReason.choices,
        "medicine_page": _medicine_page(),
        "medicine_task": DelegatedTask.MEDICINE,
        "not_home_steps": NOT_HOME_STEPS,
        "now": timezone.now(),
        **extra,
    }


@require_page("homecare:my_day")
def my_day(request):
    today = timezone.localdate()
    visits = _with_call_lists(my_visits(request.user, today))
    log_access_many(request, [v.citizen_id for v in visits], "min dag")
    route = registry.get("homecare:my_route").allows(request.user)
    return render(request, "homecare/my_day.html", _context(visits=visits, today=today, route_page=route))


def _card(request, visit, *, errors=None, message="", show_key=False):
    errors = {("general" if k == "__all__" else k): list(v) for k, v in (errors or {}).items()}
    if request.htmx:
        visit = _with_call_lists([Visit.objects.select_related("citizen").get(pk=visit.pk)])[0]
        context = _context(
            visit=visit, errors=errors, message=message, posted=request.POST, show_key=show_key, swapped=True
        )
        return render(request, "homecare/my_day.html#visit", context)
    if show_key:  # without htmx: the whole day, with this visit's code shown
        visits = _with_call_lists(my_visits(request.user, visit.date))
        return render(
            request, "homecare/my_day.html", _context(visits=visits, today=visit.date, key_for=visit.pk)
        )
    if errors:
        for field_errors in errors.values():
            for e in field_errors:
                messages.error(request, e)
    elif message:
        messages.success(request, message)
    return redirect(f"{reverse('homecare:my_day')}#visit-{visit.pk}-status")


def _errors(exc):
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def _visit_action(request, pk, action, form_class=None, **card):
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
    return _card(request, visit, message=message, **card)


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


@require_page("homecare:visit_task_not_done")
@require_POST
def visit_task_not_done(request, pk, index):
    def action(visit, data):
        services.task_not_done(visit, index, reason=data["not_done"])
        return _("The task was marked as not done.")

    return _visit_action(request, pk, action, TaskNotDoneForm)


@require_page("homecare:visit_key")
@require_POST
def visit_key(request, pk):
    """The key-box code is shown only on a started visit, and each time it is shown is a logged look."""

    def action(visit, data):
        if visit.status != VisitStatus.STARTED:
            raise ValidationError(_("Start the visit to see the key-box code."))
        log_access(request, visit.citizen, AccessPart.KEY_CODE)
        return ""

    return _visit_action(request, pk, action, show_key=True)


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
