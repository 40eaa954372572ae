"""The triage board: the current colour of each citizen in scope; nurses set it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carecore.access import get_visible_or_403
from carecore.registry import require_page
from carecore.roles import Role, has_role
from citizens.audit import log_access_many
from citizens.models import Citizen

from .. import services
from ..forms import TriageForm
from ..models import Triage, TriageColour


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
