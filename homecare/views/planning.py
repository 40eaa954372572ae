"""The planning day (routes, suggestions, auto-assignment), competence profiles and the leader overview."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
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
from ..proposals import ProposalStatus, RouteProposal


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


def _planning_context(request, teams, team, day, *, errors=None, notice=""):
    visits = list(
        Visit.objects.filter(team=team, date=day)
        .select_related("citizen", "assigned_to", "second_carer")
        .order_by("starts_at", "id")
    )
    planner = services.day_planner(team, day, visits)
    log_access_many(request, [v.citizen_id for v in visits], "planlægning")
    picker = Picker(planner, team, day)
    by_carer = {c.pk: [] for c in planner.carers}
    unassigned = []
    errors = errors or {}
    for v in visits:
        v.errors = errors.get(v.pk, [])
        if v.status == VisitStatus.PLANNED:
            v.options = picker.options(v)
            v.off_shift = [c for c in (v.assigned_to, v.second_carer) if c and not planner.at_work(c, v)]
        if v.assigned_to_id is None:
            if v.status == VisitStatus.PLANNED:
                v.suggestion = planner.suggest(v)
                if v.suggestion is None:
                    v.why_not = planner.why_not(v)
            unassigned.append(v)
        else:
            by_carer.setdefault(v.assigned_to_id, []).append(v)
            if v.second_carer_id:
                by_carer.setdefault(v.second_carer_id, []).append(v)
            elif v.carers_needed > 1 and v.status == VisitStatus.PLANNED:
                unassigned.append(v)
    for v in visits:
        if v.status == VisitStatus.PLANNED:
            suggestion = getattr(v, "suggestion", None)
            v.options_html = picker.options_html(
                v.options, v.assigned_to_id or getattr(suggestion, "pk", None)
            )
            if v.carers_needed > 1 and v.assigned_to_id:
                v.second_options_html = picker.options_html(
                    v.options, v.second_carer_id, leave_out=v.assigned_to_id
                )
    carer_names = {c.pk: c for c in planner.carers}
    for v in visits:
        for c in (v.assigned_to, v.second_carer):
            if c and c.pk not in carer_names:
                carer_names[c.pk] = c
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
        "notice": notice,
        "rostered": planner.roster.rostered,
        "proposals": list(
            RouteProposal.objects.filter(team=team, visit__date=day, status=ProposalStatus.PROPOSED)
            .select_related("visit__citizen", "colleague", "proposed_by")
            .order_by("visit__starts_at", "id")
        ),
    }


class Picker:
    """The carer picker's words for each carer and visit: on shift or why not, holds the delegation,
    knows the citizen. Built from the planner's day, the team's delegations and the carers' roles in a
    fixed number of queries."""

    def __init__(self, planner, team, day):
        self.planner = planner
        ids = [c.pk for c in planner.carers]
        self.holders = delegation_holders(team, day, ids, planner.competences)
        # A day has a few hundred visits but few distinct times and tasks: the words for a carer and
        # the rendered <option> are worked out once per distinct case (the page's biggest cost was
        # rendering one option per carer and visit through the template engine).
        self._marks = {}
        self._options = {}
        self._names = {c.pk: c.get_full_name() or c.username for c in planner.carers}

    def options(self, visit):
        rows = []
        continuity = self.planner.continuity
        for c in self.planner.carers:
            known = continuity.get((visit.citizen_id, c.pk), 0)
            key = (c.pk, visit.starts_at, visit.ends_at, visit.delegated_task, known)
            found = self._marks.get(key)
            if found is None:
                found = self._marks[key] = self._work_out(c, visit, known)
            rows.append((c, *found))
        return rows

    def _work_out(self, c, visit, known):
        marks = []
        off = self.planner.roster.on_shift_label(c.pk, visit.starts_at, visit.ends_at)
        marks.append(off or _("on shift"))
        if visit.delegated_task:
            holds = c.pk in self.holders.get(visit.delegated_task, ())
            marks.append(_("delegation") if holds else _("no delegation"))
        if known:
            marks.append(_("knows the citizen (%(n)s)") % {"n": known})
        return ", ".join(str(m) for m in marks), not off

    def options_html(self, rows, selected, *, leave_out=None):
        """The picker's <option>s for a visit's `options(...)` rows, `selected` preselected."""
        parts = []
        for c, marks, _at_work in rows:
            if c.pk == leave_out:
                continue
            key = (c.pk, marks, c.pk == selected)
            html = self._options.get(key)
            if html is None:
                html = self._options[key] = format_html(
                    '<option value="{}"{}>{} · {}</option>',
                    c.pk,
                    mark_safe(" selected") if c.pk == selected else "",
                    self._names.get(c.pk) or c.get_full_name() or c.username,
                    marks,
                )
            parts.append(html)
        return mark_safe("".join(parts))


def delegation_holders(team, day, carer_ids, competences):
    """{task: {carer id}}: who may be given each delegated task on the day (as delegation.check_delegation
    decides it, for all carers at once: a valid delegation where the team has a catalogue for the task,
    else the competence profile)."""
    from django.contrib.auth.models import Group

    from carecore.roles import Role

    from ..delegation import LEVEL_ROLES, Delegation

    roles = {}
    for user_id, name in Group.user_set.through.objects.filter(user_id__in=carer_ids).values_list(
        "user_id", "group__name"
    ):
        roles.setdefault(user_id, set()).add(name)
    delegations = list(Delegation.objects.filter(team=team))
    catalogue = {d.task for d in delegations}
    holders = {}
    for d in delegations:
        if d.withdrawn_at is not None or not d.valid_from <= day <= d.valid_until:
            continue
        for user_id in carer_ids if d.carer_id is None else [d.carer_id]:
            if roles.get(user_id, set()) & LEVEL_ROLES[d.level]:
                holders.setdefault(d.task, set()).add(user_id)
    for task in DelegatedTask.values:
        if task not in catalogue:
            holders[task] = {u for u in carer_ids if task in competences.get(u, ())}
        holders.setdefault(task, set()).update(u for u in carer_ids if Role.NURSE.value in roles.get(u, ()))
    return holders


@require_page("homecare:planning")
def planning(request):
    teams, team, day = _team_and_day(request, request.GET)
    return render(request, "homecare/planning.html", _planning_context(request, teams, team, day))


def _planning_response(request, teams, team, day, errors=None, notice=""):
    if request.htmx:
        return render(
            request,
            "homecare/planning.html#board",
            _planning_context(request, teams, team, day, errors=errors, notice=notice),
        )
    if errors:
        for e in errors.values():
            messages.error(request, e[0])
    elif notice:
        messages.success(request, notice)
    return redirect(f"{reverse('homecare:planning')}?dato={day.isoformat()}&team={team.pk}")


@require_page("homecare:visit_assign")
@require_POST
def visit_assign(request, pk):
    visit = get_visible_or_403(request, Visit.objects.visible_to(request.user), pk)
    teams, team, day = _team_and_day(request, {"team": visit.team_id, "dato": visit.date.isoformat()})
    carers = services.team_carers(team)
    form = AssignForm(request.POST, carers=carers)
    errors, notice = {}, ""
    if not form.is_valid():
        errors[visit.pk] = [e for field_errors in form.errors.values() for e in field_errors]
    else:
        carer_id, second = form.cleaned_data["carer"], form.cleaned_data["second"]
        before = visit.second_carer if second else visit.assigned_to
        try:
            if carer_id is None:
                services.unassign_visit(visit, second=second)
            else:
                services.assign_visit(visit, form.carers[carer_id], by=request.user, second=second)
        except ValidationError as exc:
            errors[visit.pk] = exc.messages
        else:
            notice = _assign_notice(visit, before, form.carers.get(carer_id))
    return _planning_response(request, teams, team, day, errors, notice)


def _name(user):
    return user.get_full_name() or user.username


def _assign_notice(visit, before, after):
    """What an assignment did, in the planner's words."""
    where = {
        "time": timezone.localtime(visit.starts_at).strftime("%H:%M"),
        "citizen": visit.citizen.full_name,
    }
    if after is None:
        return _("The visit %(time)s at %(citizen)s no longer has that carer.") % where
    if before is None:
        return _("The visit %(time)s at %(citizen)s was given to %(to)s.") % {**where, "to": _name(after)}
    if before == after:
        return _("The visit %(time)s at %(citizen)s stays with %(to)s.") % {**where, "to": _name(after)}
    return _("The visit %(time)s at %(citizen)s was moved from %(from)s to %(to)s.") % {
        **where,
        "from": _name(before),
        "to": _name(after),
    }


def _auto_notice(assigned, left):
    """'12 besøg fordelt, 3 kunne ikke fordeles: 08:00 Name (why), …'."""
    text = _("%(assigned)s visits assigned") % {"assigned": assigned}
    if not left:
        return text + "."
    reasons = "; ".join(
        f"{timezone.localtime(v.starts_at):%H:%M} {v.citizen.full_name} ({why})" for v, why in left
    )
    return (
        text
        + ", "
        + _("%(left)s could not be assigned: %(reasons)s") % {"left": len(left), "reasons": reasons}
    )


@require_page("homecare:planning_auto")
@require_POST
def planning_auto(request):
    teams, team, day = _team_and_day(request, request.POST)
    assigned, left = services.auto_assign_report(team, day, by=request.user)
    return _planning_response(request, teams, team, day, notice=_auto_notice(assigned, left))


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
