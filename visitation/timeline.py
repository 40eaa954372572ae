"""The visitation's part of the citizen's pathway (citizens.timeline): requests for help and decisions
with the services they grant, linking to the case and to each decision's letter."""

from django.urls import reverse
from django.utils.translation import gettext as _

from citizens.timeline import Entry, may_open

from .models import Case, Decision, GrantedService, Request


def entries(user, citizen):
    """Three queries; a leader sees only the cases ordered from their units (as on /visitation/)."""
    if not may_open(user, "visitation:case"):
        return []
    cases = Case.objects.for_user(user).filter(citizen=citizen).values("pk")
    rows = []
    for req in Request.objects.filter(case__in=cases).only("case_id", "source", "text", "received_at"):
        source = req.get_source_display()
        rows.append(
            Entry(
                when=req.received_at,
                kind=_("Request for help"),
                title=f"{source}: {req.text[:120]}" if req.text else source,
                url=reverse("visitation:case", args=[req.case_id]),
                module="visitation",
            )
        )
    granted = {}
    services = GrantedService.objects.filter(decision__case__in=cases).select_related("service")
    for g in services.only("decision_id", "service__name"):
        granted.setdefault(g.decision_id, []).append(g.service.name)
    letters = may_open(user, "visitation:decision_version_pdf")
    for d in Decision.objects.filter(case__in=cases).select_related("provider").defer("letter"):
        title = _("Version %(version)s: %(outcome)s") % {
            "version": d.version,
            "outcome": d.get_outcome_display(),
        }
        if granted.get(d.pk):
            title += f" – {', '.join(granted[d.pk])}"
        if d.provider:
            title += f" ({d.provider.name})"
        url = "visitation:decision_version_pdf" if letters else "visitation:case"
        args = [d.case_id, d.version] if letters else [d.case_id]
        rows.append(
            Entry(
                when=d.decided_at,
                kind=_("Decision"),
                title=title,
                url=reverse(url, args=args),
                module="visitation",
            )
        )
    return rows
