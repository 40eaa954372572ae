"""The planning day (routes, suggestions, auto-assignment), competence profiles and the leader overview."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carecore.access import get_visible_or_403
from carecore.forms import day_from_query
from carecore.models import Unit
from carecore.registry import require_page
from citizens.audit import log_access_many

from .. import reports, services
from ..forms import AssignForm
from ..models import DelegatedTask, Visit, VisitStatus


def _team_and_day(request, data):
    teams = reports.planned_teams(request.user)
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
