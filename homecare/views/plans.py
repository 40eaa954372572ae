"""Visit plans of one citizen, and the pauses (absences) that cancel their visits."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carecore.access import get_visible_or_403
from carecore.models import Unit, UnitKind, scope_unit_ids
from carecore.registry import require_page
from carecore.roles import Role, has_role
from carecore.versioning import EditConflict
from citizens.models import Citizen

from .. import pauses, reports, services
from ..forms import VisitPlanForm
from ..models import Absence, Visit, VisitPlan, VisitStatus


def plan_teams(request, citizen):
    """The teams serving the citizen in the user's scope; for a nurse also her own nursing units."""
    serving = Q(pk__in=scope_unit_ids(request.user), kind=UnitKind.TEAM, serving__citizen=citizen)
    if nursing_only(request.user):
        serving |= Q(memberships__user=request.user, memberships__is_leader=False)
    if has_role(request.user, Role.LEADER):
        # A nursing leader plans §138 nursing on her own nursing teams, which serve no citizen themselves.
        serving |= Q(pk__in=[t.pk for t in reports.planned_teams(request.user)])
    return Unit.objects.filter(serving).distinct().order_by("name")


def nursing_only(user):
    """A nurse (not also a leader or visitator) creates and changes §138 nursing plans only."""
    return has_role(user, Role.NURSE) and not has_role(user, Role.LEADER, Role.VISITATOR)


@require_page("homecare:citizen_plans")
@require_http_methods(["GET", "POST"])
def citizen_plans(request, citizen_pk):
    """The citizen's granted services as visit plans: the visitator grants them (e.g. at discharge),
    leaders plan and change them."""
    citizen = get_visible_or_403(
        request, Citizen.objects.visible_to(request.user), citizen_pk, part="besøgsplan"
    )
    teams = plan_teams(request, citizen)
    form = VisitPlanForm(
        request.POST or None,
        teams=teams,
        nursing_only=nursing_only(request.user),
        initial={"starts_on": timezone.localdate(), "interval_weeks": 1},
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
    plans = list(VisitPlan.objects.filter(citizen=citizen).select_related("team", "clinic"))
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
    absence = get_visible_or_403(request, Absence.objects.visible_to(request.user), pk, part="besøgsplan")
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
    form = VisitPlanForm(
        request.POST or None,
        instance=plan,
        teams=plan_teams(request, plan.citizen),
        nursing_only=nursing_only(request.user),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan(form.save(commit=False), by=request.user, version=form.cleaned_data["version"])
        except ValidationError as exc:
            form.add_error(None, exc)
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
            status = 409
        else:
            messages.success(request, _("The visit plan was changed; future visits follow it."))
            return redirect("homecare:citizen_plans", citizen_pk=plan.citizen_id)
    context = {"plan": plan, "citizen": plan.citizen, "form": form}
    return render(request, "homecare/plan_form.html", context, status=status)
