"""My route: a carer's visits of tomorrow (or a chosen day) in order with the travel time between them,
and the proposals to give a visit to a colleague; the leader decides them from the planning page."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
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

from .. import proposals, routing, services
from ..forms import ProposalDecisionForm, RouteProposalForm
from ..models import VisitStatus
from .day import my_visits


def _route_context(request, day, form=None):
    visits = [v for v in my_visits(request.user, day) if v.status != VisitStatus.CANCELLED]
    log_access_many(request, [v.citizen_id for v in visits], "min dag")
    legs = routing.route_legs(visits)
    mine = {
        p.visit_id: p
        for p in proposals.RouteProposal.objects.filter(
            visit__in=[v.pk for v in visits], proposed_by=request.user
        )
        .select_related("colleague")
        .order_by("proposed_at", "id")
    }
    teams = Unit.objects.filter(pk__in={v.team_id for v in visits}).order_by("pk")
    colleagues = [c for t in teams for c in services.team_carers(t) if c.pk != request.user.pk]
    own = [v for v in visits if v.assigned_to_id == request.user.pk and v.status == VisitStatus.PLANNED]
    form = form or RouteProposalForm(visits=own, colleagues=colleagues)
    return {
        "day": day,
        "legs": [(v, minutes, mine.get(v.pk)) for v, minutes in legs],
        "travel_total": sum(m or 0 for _v, m in legs),
        "form": form if own else None,
        "own": own,
        "colleagues": colleagues,
    }


@require_page("homecare:my_route")
@require_http_methods(["GET", "POST"])
def my_route(request):
    source = request.POST if request.method == "POST" else request.GET
    day = day_from_query(source.get("dato")) or timezone.localdate() + timedelta(days=1)
    if request.method == "GET":
        return render(request, "homecare/my_route.html", _route_context(request, day))
    context = _route_context(request, day)
    form = RouteProposalForm(request.POST, visits=context["own"], colleagues=context["colleagues"])
    if form.is_valid():
        data = form.cleaned_data
        try:
            proposals.propose_handover(
                form.visits[data["visit"]],
                form.colleagues[data["colleague"]],
                by=request.user,
                comment=data["comment"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your proposal was sent to the leader."))
            return redirect(f"{reverse('homecare:my_route')}?dato={day.isoformat()}")
    context["form"] = form
    return render(request, "homecare/my_route.html", context, status=400)


@require_page("homecare:proposal_decide")
@require_POST
def proposal_decide(request, pk):
    proposal = get_visible_or_403(
        request, proposals.RouteProposal.objects.visible_to(request.user).select_related("visit"), pk
    )
    form = ProposalDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            proposals.decide_proposal(
                proposal, accept=data["decision"] == "accept", by=request.user, reason=data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The proposal was decided."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    visit = proposal.visit
    return redirect(f"{reverse('homecare:planning')}?dato={visit.date.isoformat()}&team={proposal.team_id}")
