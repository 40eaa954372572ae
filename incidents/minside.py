"""The citizen's own incident reports on Min side (citizens.portal): those sent on the public form while
logged in to Min side. When, the status in plain words and the feedback — nothing else of the case."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from citizens.portal import Item, Section

from .models import Incident, Source, Status

STATUS_TEXT = {
    Status.RECEIVED: lambda: _("We have received your report. It has not been handled yet."),
    Status.IN_PROGRESS: lambda: _("We are looking into your report."),
}


def sections(citizen, *, today):
    """One query; no section when the citizen has sent no report."""
    reports = (
        Incident.objects.filter(citizen=citizen, source=Source.PUBLIC)
        .only("created_at", "status", "feedback", "feedback_at", "receipt_code")
        .order_by("-created_at")
    )
    items = []
    for report in reports:
        status = STATUS_TEXT.get(report.status, lambda: _("We have finished handling your report."))()
        title = _("Your report of %(date)s (receipt code %(code)s)") % {
            "date": formats.date_format(timezone.localtime(report.created_at), "j. F Y"),
            "code": report.receipt_code,
        }
        feedback = report.feedback if report.feedback_at else ""
        items.append(Item(title=title, when=status, detail=feedback))
    if not items:
        return []
    return [Section(key="incidents", heading=_("Your reports about incidents"), items=items, order=70)]
