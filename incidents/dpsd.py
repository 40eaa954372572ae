"""The monthly report to the Danish Patient Safety Database (DPSD), anonymised.

What leaves the municipality carries no CPR number, phone number, e-mail, address, username or name of
anyone known to the system: every text passes `incidents.anonymise`. A case's texts are those its case
handler approved before closing it; a report marked as sent is never changed again.
"""

import csv
import io
from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from carecore.models import Unit

from . import automatic
from .anonymise import KnownPeople, anonymise
from .models import (
    DpsdCategory,
    DpsdReport,
    DpsdRun,
    ExportApproval,
    HandlerGroup,
    Incident,
    Kind,
    MonthDiscussion,
    Severity,
    ShortForm,
    ShortFormType,
    Status,
)
from .services import export_sources


def month_bounds(month):
    start = timezone.make_aware(datetime.combine(month.replace(day=1), time.min))
    nxt = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return start, timezone.make_aware(datetime.combine(nxt, time.min)), nxt


def previous_month(today):
    first = today.replace(day=1)
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


class Router:
    """unit id -> reporting group, from the unit tree and the groups' root units (two queries)."""

    def __init__(self):
        self.groups = {g.root_unit_id: g for g in HandlerGroup.objects.filter(handles_force=False)}
        self.paths = dict(Unit.objects.values_list("id", "path"))

    def group_of(self, unit_id):
        chain = [int(p) for p in self.paths.get(unit_id, "").strip("/").split("/") if p]
        for ancestor in reversed(chain):
            if ancestor in self.groups:
                return self.groups[ancestor]
        return None


def collect(month):
    """The month's data: short-form counts per reporting unit, and the incidents closed in it."""
    start, end, _next = month_bounds(month)
    router = Router()
    light = [Severity.NONE, Severity.MILD]
    units = {}

    def section(group):
        name = group.name if group else "-"
        if name not in units:
            units[name] = {
                "name": name,
                "title": f"SR – {name} – {date_format(month, 'F Y')}",
                "counts": {},
                "actions": [],
            }
        return units[name]

    short = ShortForm.objects.filter(occurred_on__gte=month, occurred_on__lt=_next).values_list(
        "unit_id", "type__name", "severity"
    )
    n_short = 0
    people = KnownPeople.everyone()
    for unit_id, type_name, severity in short:
        counts = section(router.group_of(unit_id))["counts"].setdefault(type_name, {s: 0 for s in light})
        counts[severity] = counts.get(severity, 0) + 1
        n_short += 1
    # Counted from other modules' records (a dose not given in Min dag): events without harm.
    type_names = dict(ShortFormType.objects.values_list("code", "name"))
    for (code, unit_id), n in sorted(automatic.counts(start, end).items()):
        if code not in type_names:
            continue
        counts = section(router.group_of(unit_id))["counts"].setdefault(
            type_names[code], {s: 0 for s in light}
        )
        counts[Severity.NONE] += n
        counts["automatic"] = counts.get("automatic", 0) + n
    for d in MonthDiscussion.objects.filter(month=month).select_related("unit").order_by("unit__path"):
        section(router.group_of(d.unit_id))["actions"].append(
            {"unit": d.unit.name, "actions": anonymise(d.actions, people)}
        )
    incidents = []
    closed = list(
        Incident.objects.filter(kind=Kind.UTH, status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
        .select_related("unit", "type")
        .order_by("closed_at", "id")
    )
    approved = {}
    for approval in ExportApproval.objects.filter(incident__in=closed).order_by("incident_id", "at", "id"):
        approved[approval.incident_id] = approval.texts  # the latest wins
    for inc in closed:
        incidents.append(_incident_row(inc, approved.get(inc.pk), router, people))
    sections = sorted(units.values(), key=lambda s: s["name"])
    for s in sections:
        s["counts"] = [
            {
                "type": t,
                "none": c.get("none", 0),
                "mild": c.get("mild", 0),
                "total": c.get("none", 0) + c.get("mild", 0),
                "automatic": c.get("automatic", 0),
            }
            for t, c in sorted(s["counts"].items())
        ]
    return {"month": month.isoformat(), "units": sections, "incidents": incidents}, len(incidents), n_short


TEXT_FIELDS = ["what_happened", "immediate_action", "causes", "prevention"]


def _incident_row(inc, approved_texts, router, people):
    """One closed case as DPSD gets it: its approved texts (else its own), anonymised once more."""
    texts = approved_texts or export_sources(inc)
    group = router.group_of(inc.unit_id)
    return {
        "number": inc.number,
        "reporting_unit": group.name if group else "-",
        "place": inc.unit.name,
        "occurred": timezone.localtime(inc.occurred_at).date().isoformat(),
        "type": inc.type.name if inc.type else "",
        "actual": str(Severity(inc.actual_severity).label),
        "possible": str(Severity(inc.possible_severity).label),
        "category": str(DpsdCategory(inc.dpsd_category).label),
        **{name: anonymise(texts.get(name, ""), people) for name in TEXT_FIELDS},
    }


def case_export(incident):
    """A closed case on its own (the Danish practice reports each case when closed), in the monthly
    file's columns: (csv text, pdf bytes)."""
    from weasyprint import HTML

    approval = ExportApproval.objects.filter(incident=incident).order_by("at", "id").last()
    with override(settings.LANGUAGE_CODE):
        row = _incident_row(incident, approval.texts if approval else None, Router(), KnownPeople.everyone())
        html = render_to_string(
            "incidents/dpsd_pdf.html", {"case": incident.number, "data": {"incidents": [row]}}
        )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_FIELDS)
    writer.writerow([row.get(f, "") for f in CSV_FIELDS])
    return "\ufeff" + out.getvalue(), HTML(string=html).write_pdf()


@transaction.atomic
def build_report(month, by=None):
    """Build (or rebuild) the report of `month`. The draft is replaced; a version marked as sent is
    frozen, and the build makes the next version. Every build is logged."""
    month = month.replace(day=1)
    with override(settings.LANGUAGE_CODE):
        data, n_incidents, n_short = collect(month)
    # Version 1 is the month's lock: concurrent builds of one month run one after the other.
    DpsdReport.objects.get_or_create(month=month, version=1, defaults={"builds": 0})
    DpsdReport.objects.select_for_update().get(month=month, version=1)
    report = DpsdReport.objects.filter(month=month).order_by("-version").first()
    now = timezone.now()
    drafts = DpsdReport.objects.filter(pk=report.pk, sent_at__isnull=True)
    if not drafts.update(data=data, built_at=now, builds=F("builds") + 1):
        report = DpsdReport.objects.create(
            month=month, version=report.version + 1, data=data, built_at=now, builds=1
        )
    DpsdRun.objects.create(report=report, by=by, incidents=n_incidents, short_forms=n_short)
    report.refresh_from_db()
    return report


CSV_FIELDS = [
    "number",
    "reporting_unit",
    "place",
    "occurred",
    "type",
    "actual",
    "possible",
    "category",
    "what_happened",
    "immediate_action",
    "causes",
    "prevention",
]


def to_csv(report):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["section", "reporting_unit", "type", "no_harm", "mild", "total"])
    for unit in report.data.get("units", []):
        for row in unit["counts"]:
            writer.writerow(["SR", unit["title"], row["type"], row["none"], row["mild"], row["total"]])
    writer.writerow([])
    writer.writerow(CSV_FIELDS)
    for row in report.data.get("incidents", []):
        writer.writerow([row.get(f, "") for f in CSV_FIELDS])
    return "\ufeff" + out.getvalue()


def to_pdf(report):
    from weasyprint import HTML

    html = render_to_string("incidents/dpsd_pdf.html", {"report": report, "data": report.data})
    return HTML(string=html).write_pdf()
