"""Home-care pages: Min dag, triage board, planning day, visit plans, leader overview, start-up meetings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carecore.access import get_visible_or_403
from carecore.forms import day_from_query
from carecore.models import Unit, UnitKind, scope_unit_ids
from carecore.registry import require_page
from carecore.roles import Role, has_role
from citizens.audit import log_access, log_access_many
from citizens.models import Citizen

from . import pauses, reports, services
from .forms import (
    AssignForm,
    MeetingBookForm,
    MeetingRecordForm,
    NotDeliveredForm,
    NoteForm,
    ObservationForm,
    SurveyAnswerForm,
    TriageForm,
    VisitPlanForm,
)
from .models import (
    Absence,
    ChangeItem,
    DelegatedTask,
    NotDeliveredReason,
    StartupMeeting,
    SurveyAnswer,
    Triage,
    TriageColour,
    Visit,
    VisitPlan,
    VisitStatus,
)


# --- Min dag --------------------------------------------------------------------------------------
def my_visits(user, day):
    return list(
        Visit.objects.filter(assigned_to=user, date=day).select_related("citizen").order_by("starts_at", "id")
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


@require_page("homecare:visit_start")
@require_POST
def visit_start(request, pk):
    visit = get_visible_or_403(request, Visit.objects.visible_to(request.user).select_related("citizen"), pk)
    try:
        services.start_visit(visit, by=request.user)
    except ValidationError as exc:
        return _card(request, visit, errors=_errors(exc))
    return _card(request, visit, message=_("The visit was started."))


@require_page("homecare:visit_finish")
@require_POST
def visit_finish(request, pk):
    visit = get_visible_or_403(request, Visit.objects.visible_to(request.user).select_related("citizen"), pk)
    try:
        services.finish_visit(visit, by=request.user)
    except ValidationError as exc:
        return _card(request, visit, errors=_errors(exc))
    return _card(request, visit, message=_("The visit was delivered."))


@require_page("homecare:visit_not_delivered")
@require_POST
def visit_not_delivered(request, pk):
    visit = get_visible_or_403(request, Visit.objects.visible_to(request.user).select_related("citizen"), pk)
    form = NotDeliveredForm(request.POST)
    if not form.is_valid():
        return _card(request, visit, errors=form.errors)
    try:
        services.not_delivered(
            visit, by=request.user, reason=form.cleaned_data["reason"], text=form.cleaned_data["reason_text"]
        )
    except ValidationError as exc:
        return _card(request, visit, errors=_errors(exc))
    return _card(request, visit, message=_("The visit was recorded as not delivered."))


@require_page("homecare:visit_tick")
@require_POST
def visit_tick(request, pk, index):
    visit = get_visible_or_403(request, Visit.objects.visible_to(request.user).select_related("citizen"), pk)
    try:
        services.tick_task(visit, index, done=request.POST.get("done", "1") == "1")
    except ValidationError as exc:
        return _card(request, visit, errors=_errors(exc))
    return _card(request, visit)


@require_page("homecare:visit_note")
@require_POST
def visit_note(request, pk):
    visit = get_visible_or_403(request, Visit.objects.visible_to(request.user).select_related("citizen"), pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _card(request, visit, errors=form.errors)
    log_access(request, visit.citizen, "journal")
    services.write_visit_note(visit, by=request.user, text=form.cleaned_data["text"])
    return _card(request, visit, message=_("The note was written in the journal."))


@require_page("homecare:visit_observation")
@require_POST
def visit_observation(request, pk):
    visit = get_visible_or_403(request, Visit.objects.visible_to(request.user).select_related("citizen"), pk)
    form = ObservationForm(request.POST)
    if not form.is_valid():
        return _card(request, visit, errors=form.errors)
    observation = services.record_observation(
        visit.citizen,
        by=request.user,
        visit=visit,
        changes=form.cleaned_data["changes"],
        note=form.cleaned_data["note"],
    )
    colour = TriageColour(observation.suggested_colour).label
    return _card(
        request,
        visit,
        message=_("Changes recorded. Suggested triage colour: %(colour)s.") % {"colour": colour},
    )


# --- Triage board -------------------------------------------------------------------------------
def _board(request):
    visible = Citizen.objects.visible_to(request.user).values("pk")
    rows = list(
        Triage.objects.current()
        .filter(citizen__in=visible)
        .select_related("citizen", "set_by", "observation")
        .order_by("-set_at", "-id")[:500]
    )
    log_access_many(request, [t.citizen_id for t in rows], "triage")
    board = [
        (colour, label, [t for t in rows if t.colour == colour]) for colour, label in TriageColour.choices
    ]
    return {
        "board": board,
        "can_set": has_role(request.user, Role.NURSE),
        "colours": TriageColour.choices,
        "errors": {},
    }


@require_page("homecare:triage")
def triage(request):
    return render(request, "homecare/triage.html", _board(request))


@require_page("homecare:triage_set")
@require_POST
def triage_set(request, citizen_pk):
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), citizen_pk, part="triage")
    form = TriageForm(request.POST)
    errors = {}
    if form.is_valid():
        services.set_triage(
            citizen, by=request.user, colour=form.cleaned_data["colour"], action=form.cleaned_data["action"]
        )
        if not request.htmx:
            messages.success(request, _("The triage colour was set."))
            return redirect("homecare:triage")
    else:
        errors = {citizen.pk: form.errors}
        if not request.htmx:
            for e in form.errors.values():
                messages.error(request, e[0])
            return redirect("homecare:triage")
    context = _board(request)
    context["errors"] = errors
    return render(request, "homecare/triage.html#board", context)


# --- Planning -----------------------------------------------------------------------------------
def _team_and_day(request, data):
    teams = reports.teams_in_scope(request.user)
    if not teams:
        raise PermissionDenied
    team_id = data.get("team")
    team = teams[0]
    if team_id:
        try:
            team = next(t for t in teams if t.pk == int(team_id))
        except (ValueError, StopIteration):
            if Unit.objects.filter(pk=team_id if str(team_id).isdigit() else 0).exists():
                raise PermissionDenied from None
            raise Http404 from None
    return teams, team, day_from_query(data.get("dato")) or timezone.localdate()


def _planning_context(request, teams, team, day, *, errors=None):
    visits = list(
        Visit.objects.filter(team=team, date=day)
        .select_related("citizen", "assigned_to")
        .order_by("starts_at", "id")
    )
    planner = services.day_planner(team, day, visits)
    log_access_many(request, [v.citizen_id for v in visits], "planlægning")
    by_carer = {c.pk: [] for c in planner.carers}
    unassigned = []
    errors = errors or {}
    for v in visits:
        v.errors = errors.get(v.pk, [])
        if v.assigned_to_id is None:
            if v.status == VisitStatus.PLANNED:
                v.suggestion = planner.suggest(v)
            unassigned.append(v)
        else:
            by_carer.setdefault(v.assigned_to_id, []).append(v)
    carer_names = {c.pk: c for c in planner.carers}
    for v in visits:
        if v.assigned_to_id and v.assigned_to_id not in carer_names:
            carer_names[v.assigned_to_id] = v.assigned_to
    routes = [(carer_names[pk], rows) for pk, rows in by_carer.items()]
    return {
        "teams": teams,
        "team": team,
        "day": day,
        "routes": routes,
        "unassigned": unassigned,
        "carers": planner.carers,
        "errors": errors or {},
        "visit_count": len(visits),
        "competences": planner.competences,
    }


@require_page("homecare:planning")
def planning(request):
    teams, team, day = _team_and_day(request, request.GET)
    return render(request, "homecare/planning.html", _planning_context(request, teams, team, day))


def _planning_response(request, teams, team, day, errors=None):
    if request.htmx:
        return render(
            request,
            "homecare/planning.html#board",
            _planning_context(request, teams, team, day, errors=errors),
        )
    if errors:
        for e in errors.values():
            messages.error(request, e[0])
    return redirect(f"{reverse('homecare:planning')}?dato={day.isoformat()}&team={team.pk}")


@require_page("homecare:visit_assign")
@require_POST
def visit_assign(request, pk):
    visit = get_visible_or_403(request, Visit.objects.visible_to(request.user), pk)
    teams, team, day = _team_and_day(request, {"team": visit.team_id, "dato": visit.date.isoformat()})
    carers = services.team_carers(team)
    form = AssignForm(request.POST, carers=carers)
    errors = {}
    if not form.is_valid():
        errors[visit.pk] = form.errors["carer"]
    else:
        carer_id = form.cleaned_data["carer"]
        try:
            if carer_id is None:
                services.unassign_visit(visit)
            else:
                services.assign_visit(visit, form.carers[carer_id], by=request.user)
        except ValidationError as exc:
            errors[visit.pk] = exc.message_dict.get("carer", exc.messages)
    return _planning_response(request, teams, team, day, errors)


@require_page("homecare:planning_auto")
@require_POST
def planning_auto(request):
    teams, team, day = _team_and_day(request, request.POST)
    assigned, left = services.auto_assign(team, day, by=request.user)
    if not request.htmx:
        messages.success(
            request,
            _("%(assigned)s visits assigned, %(left)s left without a free qualified carer.")
            % {"assigned": assigned, "left": left},
        )
    response = _planning_response(request, teams, team, day)
    return response


# --- Visit plans --------------------------------------------------------------------------------
def _plan_teams(request, citizen):
    return Unit.objects.filter(
        pk__in=scope_unit_ids(request.user), kind=UnitKind.TEAM, serving__citizen=citizen
    ).order_by("name")


@require_page("homecare:citizen_plans")
@require_http_methods(["GET", "POST"])
def citizen_plans(request, citizen_pk):
    """The citizen's granted services as visit plans: the visitator grants them (e.g. at discharge),
    leaders plan and change them."""
    citizen = get_visible_or_403(
        request, Citizen.objects.visible_to(request.user), citizen_pk, part="besøgsplan"
    )
    teams = _plan_teams(request, citizen)
    form = VisitPlanForm(
        request.POST or None, teams=teams, initial={"starts_on": timezone.localdate(), "interval_weeks": 1}
    )
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.citizen = citizen
        try:
            services.save_plan(plan, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The visit plan was saved and its visits generated."))
            return redirect("homecare:citizen_plans", citizen_pk=citizen.pk)
    plans = list(VisitPlan.objects.filter(citizen=citizen).select_related("team"))
    return render(
        request,
        "homecare/plans.html",
        {
            "citizen": citizen,
            "plans": plans,
            "form": form,
            "absences": _absences(citizen),
            "can_override": has_role(request.user, Role.VISITATOR),
        },
    )


def _absences(citizen):
    """The citizen's absences that still pause future visits, each with those visits."""
    now = timezone.now()
    absences = list(Absence.objects.in_force().filter(citizen=citizen).order_by("starts_at")[:10])
    visits = {}
    for v in Visit.objects.filter(
        absence__in=absences, status=VisitStatus.CANCELLED, starts_at__gt=now
    ).order_by("starts_at"):
        visits.setdefault(v.absence_id, []).append(v)
    for a in absences:
        a.future_visits = visits.get(a.pk, [])
    return [a for a in absences if a.future_visits or a.ends_at is None or a.ends_at > now]


@require_page("homecare:visit_unpause")
@require_POST
def visit_unpause(request, pk):
    """The visitator keeps one visit although the citizen is away."""
    in_scope = Visit.objects.filter(citizen__in=Citizen.objects.visible_to(request.user).values("pk"))
    visit = get_visible_or_403(request, in_scope, pk, part="besøgsplan")
    citizen = visit.citizen
    if pauses.unpause_visit(visit, by=request.user):
        messages.success(request, _("The visit is planned again."))
    else:
        messages.error(request, _("Only a future cancelled visit can be planned again."))
    return redirect("homecare:citizen_plans", citizen_pk=citizen.pk)


@require_page("homecare:absence_lift")
@require_POST
def absence_lift(request, pk):
    """The visitator lifts the whole pause of an absence: its future visits are planned again."""
    in_scope = Absence.objects.filter(citizen__in=Citizen.objects.visible_to(request.user).values("pk"))
    absence = get_visible_or_403(request, in_scope, pk, part="besøgsplan")
    citizen = absence.citizen
    pauses.lift_pause(absence, by=request.user)
    messages.success(request, _("The pause is lifted; the visits are planned again."))
    return redirect("homecare:citizen_plans", citizen_pk=citizen.pk)


@require_page("homecare:plan_edit")
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = get_visible_or_403(
        request, VisitPlan.objects.visible_to(request.user).select_related("citizen"), pk, part="besøgsplan"
    )
    form = VisitPlanForm(request.POST or None, instance=plan, teams=_plan_teams(request, plan.citizen))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan(form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The visit plan was changed; future visits follow it."))
            return redirect("homecare:citizen_plans", citizen_pk=plan.citizen_id)
    return render(request, "homecare/plan_form.html", {"plan": plan, "citizen": plan.citizen, "form": form})


# --- Leader overview ----------------------------------------------------------------------------
@require_page("homecare:overview")
def overview(request):
    teams = reports.teams_in_scope(request.user)
    return render(
        request,
        "homecare/overview.html",
        {
            "rows": reports.overview(teams),
            "many_staff": reports.MANY_STAFF,
        },
    )


# --- Start-up meetings --------------------------------------------------------------------------
@require_page("homecare:startup_meetings")
def startup_meetings(request):
    meetings = StartupMeeting.objects.visible_to(request.user)
    upcoming = list(
        meetings.filter(held_at__isnull=True).select_related("citizen", "team").order_by("scheduled_at")[:50]
    )
    recent = list(
        meetings.filter(held_at__isnull=False)
        .select_related("citizen", "team")
        .annotate(has_baseline=Exists(SurveyAnswer.objects.filter(meeting=OuterRef("pk"), measurement=0)))
        .order_by("-held_at")[:50]
    )
    # The survey table is anonymous aggregate figures of all areas, so each area's trial can be compared;
    # the meeting lists (citizens by name) stay within the user's scope.
    return render(
        request,
        "homecare/startup_meetings.html",
        {
            "table": reports.survey_table(StartupMeeting.objects.all()),
            "upcoming": upcoming,
            "recent": recent,
            "questions": reports.QUESTIONS,
        },
    )


@require_page("homecare:meeting_book")
@require_http_methods(["GET", "POST"])
def meeting_book(request, citizen_pk):
    citizen = get_visible_or_403(
        request, Citizen.objects.visible_to(request.user), citizen_pk, part="opstartsmøde"
    )
    teams = _plan_teams(request, citizen)
    form = MeetingBookForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        meeting = services.book_meeting(
            citizen,
            team=form.cleaned_data["team"],
            scheduled_at=form.cleaned_data["scheduled_at"],
            by=request.user,
        )
        messages.success(request, _("The start-up meeting was booked."))
        return redirect("homecare:meeting", pk=meeting.pk)
    return render(request, "homecare/meeting_book.html", {"citizen": citizen, "form": form})


@require_page("homecare:meeting")
@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk):
    meeting = get_visible_or_403(
        request,
        StartupMeeting.objects.visible_to(request.user).select_related("citizen", "team"),
        pk,
        part="opstartsmøde",
    )
    record_form = MeetingRecordForm(
        initial={
            "held_at": meeting.held_at or meeting.scheduled_at,
            "attendees": meeting.attendees,
            "goals": meeting.goals,
        }
    )
    answer_form = SurveyAnswerForm()
    if request.method == "POST":
        if not request.user.has_perm("homecare.change_startupmeeting"):
            raise PermissionDenied
        if request.POST.get("action") == "record":
            record_form = MeetingRecordForm(request.POST)
            form, call = record_form, lambda d: services.record_meeting(meeting, by=request.user, **d)
        else:
            answer_form = SurveyAnswerForm(request.POST)
            form = answer_form
            call = lambda d: services.record_answers(  # noqa: E731
                meeting, by=request.user, measurement=d["measurement"], scores=answer_form.scores()
            )
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except ValidationError as exc:
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("Saved."))
                return redirect("homecare:meeting", pk=meeting.pk)
    answers = list(meeting.answers.all())
    return render(
        request,
        "homecare/meeting_detail.html",
        {
            "meeting": meeting,
            "citizen": meeting.citizen,
            "answers": answers,
            "record_form": record_form,
            "answer_form": answer_form,
            "questions": reports.QUESTIONS,
            "can_record": request.user.has_perm("homecare.change_startupmeeting"),
        },
    )


# --- Competence profiles (delegation catalogue) -------------------------------------------------
@require_page("homecare:competences")
@require_http_methods(["GET", "POST"])
def competences(request):
    """Which delegated nursing tasks each carer of a team may be given (the delegeringskatalog)."""
    teams = reports.teams_in_scope(request.user)
    team_id = request.GET.get("team") or request.POST.get("team")
    team = (
        next((t for t in teams if str(t.pk) == str(team_id)), None)
        if team_id
        else (teams[0] if teams else None)
    )
    if team_id and team is None:
        raise PermissionDenied
    carers = services.team_carers(team) if team else []
    error = None
    if request.method == "POST" and team is not None:
        wanted = {}
        for key in request.POST.getlist("competence"):
            user_id, _sep, task = key.partition(":")
            if user_id.isdigit():
                wanted.setdefault(int(user_id), set()).add(task)
        try:
            services.set_competences(team, wanted, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("The competences were saved."))
            return redirect(f"{reverse('homecare:competences')}?team={team.pk}")
    held = services.competences_of([c.pk for c in carers])
    tasks = list(DelegatedTask)
    rows = [
        {
            "carer": c,
            "cells": [{"task": t, "key": f"{c.pk}:{t.value}", "on": t.value in held[c.pk]} for t in tasks],
        }
        for c in carers
    ]
    return render(
        request,
        "homecare/competences.html",
        {"teams": teams, "team": team, "tasks": tasks, "rows": rows, "error": error},
    )
