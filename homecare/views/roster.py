"""The team's roster (vagtplan): leaders set shifts, roster staff, record absence and decide swaps;
staff see their own shifts, call in sick, state wishes and offer a shift to a colleague."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carecore.access import get_visible_or_403
from carecore.forms import add_service_errors
from carecore.registry import require_page
from carecore.roles import Role, role_names

from .. import roster, services
from ..forms import (
    ShiftAssignmentForm,
    ShiftForm,
    ShiftSwapForm,
    ShiftWishForm,
    StaffAbsenceForm,
    SwapDecisionForm,
)
from ..roster import Shift, ShiftAssignment, ShiftSwap, ShiftWish, SwapStatus
from .planning import _team_and_day


def _is_leader(user):
    return Role.LEADER.value in role_names(user)


def _forms(request, team, people, day, bound=None):
    """The page's forms, unbound except the one posted (`bound`: {name: form})."""
    leader = _is_leader(request.user)
    shifts = Shift.objects.filter(team=team)
    mine = ShiftAssignment.objects.filter(
        user=request.user, team=team, starts_at__gt=timezone.now()
    ).select_related("shift")
    forms = {}
    if leader:
        forms["shift_form"] = ShiftForm()
        forms["assign_form"] = ShiftAssignmentForm(people=people, shifts=shifts, initial={"first_day": day})
        forms["absence_form"] = StaffAbsenceForm(people=people, initial={"starts_on": day, "ends_on": day})
    else:
        me = [request.user]
        forms["absence_form"] = StaffAbsenceForm(
            people=me, sick_call=True, initial={"starts_on": day, "ends_on": day}
        )
        forms["wish_form"] = ShiftWishForm(initial={"date": day})
        colleagues = [p for p in people if p.pk != request.user.pk]
        forms["swap_form"] = ShiftSwapForm(people=colleagues, assignments=mine)
    forms.update(bound or {})
    return forms


def _page(request, team=None, day=None, *, bound=None, status=200):
    teams, team_, day_ = _team_and_day(request, request.GET)
    team, day = team or team_, day or day_
    days = roster.week_of(day)
    people = services.team_carers(team)
    leader = _is_leader(request.user)
    shown = people if leader else [request.user]
    cells = roster.week_roster(team, days, shown)
    rows = [(p, [cells[p.pk][d] for d in days]) for p in shown]
    swaps = ShiftSwap.objects.filter(team=team).select_related(
        "assignment__shift", "assignment__user", "colleague", "proposed_by"
    )
    if not leader:
        swaps = swaps.filter(assignment__user=request.user) | swaps.filter(colleague=request.user)
    wishes = ShiftWish.objects.filter(team=team, date__gte=days[0], date__lte=days[-1]).select_related("user")
    if not leader:
        wishes = wishes.filter(user=request.user)
    context = {
        "teams": teams,
        "team": team,
        "day": day,
        "days": days,
        "previous_week": days[0] - timedelta(days=7),
        "next_week": days[0] + timedelta(days=7),
        "rows": rows,
        "shifts": list(Shift.objects.filter(team=team)),
        "swaps": list(swaps.order_by("status", "-proposed_at")[:50]),
        "wishes": list(wishes.order_by("date", "id")),
        "is_leader": leader,
        "proposed": SwapStatus.PROPOSED,
        **_forms(request, team, people, day, bound),
    }
    return render(request, "homecare/roster.html", context, status=status)


def _submit(request, team, day, key, form, action):
    """Run `action(cleaned data)` (it returns the message) when the form is valid; what the form or the
    service refuses is shown next to its field on the roster page."""
    if form.is_valid():
        try:
            message = action(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(f"{reverse('homecare:roster')}?team={team.pk}&dato={day.isoformat()}")
    return _page(request, team, day, bound={key: form})


def _posted_team(request):
    _teams, team, day = _team_and_day(request, request.POST)
    return team, day


@require_page("homecare:roster")
def roster_page(request):
    return _page(request)


@require_page("homecare:roster_shift")
@require_POST
def roster_shift(request):
    team, day = _posted_team(request)

    def action(data):
        roster.save_shift(team=team, **data)
        return _("The shift was saved.")

    return _submit(request, team, day, "shift_form", ShiftForm(request.POST), action)


@require_page("homecare:roster_assign")
@require_POST
def roster_assign(request):
    team, day = _posted_team(request)
    form = ShiftAssignmentForm(
        request.POST, people=services.team_carers(team), shifts=Shift.objects.filter(team=team)
    )

    def action(data):
        days = form.days()
        with transaction.atomic():
            for d in days:
                roster.assign_shift(data["shift"], form.people[data["user"]], d, by=request.user)
        return _("%(count)s shifts were rostered.") % {"count": len(days)}

    return _submit(request, team, day, "assign_form", form, action)


@require_page("homecare:roster_absence")
@require_POST
def roster_absence(request):
    """The leader records any absence of the team's staff; a carer reports only themselves sick."""
    team, day = _posted_team(request)
    leader = _is_leader(request.user)
    people = services.team_carers(team) if leader else [request.user]
    form = StaffAbsenceForm(request.POST, people=people, sick_call=not leader)

    def action(data):
        _absence, freed = roster.record_staff_absence(
            team=team,
            user=form.people[data["user"]],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data["note"],
            by=request.user,
        )
        return _("The absence was recorded; %(count)s planned visits are back for planning.") % {
            "count": freed
        }

    return _submit(request, team, day, "absence_form", form, action)


@require_page("homecare:roster_wish")
@require_POST
def roster_wish(request):
    team, day = _posted_team(request)

    def action(data):
        roster.wish_shift(
            team=team,
            user=request.user,
            day=data["date"],
            kind=data["kind"],
            wants=data["wants"],
            note=data["note"],
        )
        return _("Your wish was saved.")

    return _submit(request, team, day, "wish_form", ShiftWishForm(request.POST), action)


@require_page("homecare:roster_swap")
@require_POST
def roster_swap(request):
    team, day = _posted_team(request)
    colleagues = [p for p in services.team_carers(team) if p.pk != request.user.pk]
    mine = ShiftAssignment.objects.filter(user=request.user, team=team).select_related("shift")
    form = ShiftSwapForm(request.POST, people=colleagues, assignments=mine)

    def action(data):
        roster.propose_swap(data["assignment"], form.people[data["colleague"]], by=request.user)
        return _("The swap was sent to the leader.")

    return _submit(request, team, day, "swap_form", form, action)


@require_page("homecare:roster_swap_decide")
@require_POST
def roster_swap_decide(request, pk):
    swap = get_visible_or_403(request, ShiftSwap.objects.visible_to(request.user).select_related("team"), pk)
    day = swap.assignment.date
    form = SwapDecisionForm(request.POST)
    if form.is_valid():
        try:
            roster.decide_swap(swap, approve=form.cleaned_data["decision"] == "approve", by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The swap was decided."))
    else:
        messages.error(request, form.errors["decision"][0])
    return redirect(f"{reverse('homecare:roster')}?team={swap.team_id}&dato={day.isoformat()}")
