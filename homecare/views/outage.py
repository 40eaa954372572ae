"""Nødlister: the team's outage lists, when the last one was made, and each list as a PDF for the phone."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carecore.access import get_visible_or_403
from carecore.models import Unit, UnitKind
from carecore.registry import registry, require_page
from carecore.responses import pdf_response, render_page
from citizens.audit import log_access_many
from citizens.models import AccessPart

from .. import outage
from ..models import OutageList, outage_team_ids

SHOWN_DAYS = 14  # earlier lists shown on the page


def _teams(user):
    return list(Unit.objects.filter(pk__in=outage_team_ids(user), kind=UnitKind.TEAM).order_by("name"))


@require_page("homecare:outage_lists")
def outage_lists(request):
    today = timezone.localdate()
    teams = _teams(request.user)
    lists = list(
        OutageList.objects.visible_to(request.user)
        .filter(team__in=teams, first_day__gte=today - timedelta(days=SHOWN_DAYS))
        .defer("pdf")
        .select_related("team")
    )
    latest = {}
    for row in lists:
        latest.setdefault(row.team_id, row)
    rows = [{"team": team, "latest": latest.get(team.pk)} for team in teams]
    missing = [r["team"] for r in rows if r["latest"] is None or r["latest"].first_day < today]
    context = {
        "rows": rows,
        "missing": missing,
        "earlier": lists,
        "can_make": registry.get("homecare:outage_make").allows(request.user),
    }
    return render_page(request, "homecare/outage_lists.html", context, partial="lists")


@require_page("homecare:outage_pdf")
def outage_pdf(request, pk):
    """The list as a PDF the phone shows. Every download is a look at each citizen on it (§42a)."""
    row = get_visible_or_403(request, OutageList.objects.visible_to(request.user).select_related("team"), pk)
    log_access_many(request, row.citizen_ids, AccessPart.OUTAGE_LIST)
    response = pdf_response(row.pdf, f"noedliste-{row.team.code}-{row.first_day.isoformat()}.pdf")
    response["Cache-Control"] = "no-store"
    return response


@require_page("homecare:outage_make")
@require_POST
def outage_make(request):
    """The leader makes today's missing lists at once (when the night's job failed)."""
    made = 0
    for team in _teams(request.user):
        made += outage.make_outage_list(team, by=request.user.get_username()) is not None
    messages.success(request, _("%(n)s outage list(s) made.") % {"n": made})
    return redirect("homecare:outage_lists")
