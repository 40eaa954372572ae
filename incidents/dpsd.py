"""The monthly report to the Danish Patient Safety Database (DPSD), anonymised.

What leaves the municipality carries no CPR number and no name of a citizen or employee: the free
text is scrubbed of CPR-like numbers, phone numbers, e-mail addresses and the names of the people
linked to the case.
"""

import csv
import io
import re
from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from carecore.models import Unit

from .models import (
    DpsdCategory,
    DpsdReport,
    DpsdRun,
    HandlerGroup,
    Incident,
    Kind,
    MonthDiscussion,
    Severity,
    ShortForm,
    Status,
)

CPR_LIKE = re.compile(r"(?<!\d)\d{6}\s?[-–]?\s?\d{4}(?!\d)")
PHONE_LIKE = re.compile(r"(?<!\d)(?:\+45\s?)?\d{2}(?:\s?\d{2}){3}(?!\d)")
EMAIL_LIKE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def scrub(text, names=()):
    """Remove CPR-like numbers, phone numbers, e-mails and the given names from free text."""
    text = CPR_LIKE.sub("[CPR]", text or "")
    text = EMAIL_LIKE.sub("[e-mail]", text)
    text = PHONE_LIKE.sub("[tlf.]", text)
    words = sorted({w for name in names if name for w in name.split() if len(w) >= 2}, key=len, reverse=True)
    for word in words:
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", "[navn]", text, flags=re.IGNORECASE)
    return text


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


def _people(incident):
    names = []
    for person in (incident.citizen, incident.reported_by, incident.assigned_to):
        if person is not None:
            names += [person.first_name, person.last_name]
    return names + [incident.contact_name]


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
    for unit_id, type_name, severity in short:
        counts = section(router.group_of(unit_id))["counts"].setdefault(type_name, {s: 0 for s in light})
        counts[severity] = counts.get(severity, 0) + 1
        n_short += 1
    for d in MonthDiscussion.objects.filter(month=month).select_related("unit").order_by("unit__path"):
        section(router.group_of(d.unit_id))["actions"].append(
            {"unit": d.unit.name, "actions": scrub(d.actions)}
        )
    incidents = []
    closed = (
        Incident.objects.filter(kind=Kind.UTH, status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
        .select_related("unit", "type", "citizen", "reported_by", "assigned_to")
        .order_by("closed_at", "id")
    )
    for inc in closed:
        names = _people(inc)
        group = router.group_of(inc.unit_id)
        incidents.append(
            {
                "number": inc.number,
                "reporting_unit": group.name if group else "-",
                "place": inc.unit.name,
                "occurred": timezone.localtime(inc.occurred_at).date().isoformat(),
                "type": inc.type.name if inc.type else "",
                "actual": str(Severity(inc.actual_severity).label),
                "possible": str(Severity(inc.possible_severity).label),
                "category": str(DpsdCategory(inc.dpsd_category).label),
                "what_happened": scrub(inc.description, names),
                "immediate_action": scrub(inc.immediate_action, names),
                "causes": scrub(inc.causes, names),
                "prevention": scrub(inc.prevention, names),
            }
        )
    sections = sorted(units.values(), key=lambda s: s["name"])
    for s in sections:
        s["counts"] = [
            {"type": t, "none": c.get("none", 0), "mild": c.get("mild", 0), "total": sum(c.values())}
            for t, c in sorted(s["counts"].items())
        ]
    return {"month": month.isoformat(), "units": sections, "incidents": incidents}, len(incidents), n_short


@transaction.atomic
def build_report(month, by=None):
    """Build (or rebuild) the report of `month`: one row per month, every build logged."""
    month = month.replace(day=1)
    with override(settings.LANGUAGE_CODE):
        data, n_incidents, n_short = collect(month)
    report, _created = DpsdReport.objects.select_for_update().get_or_create(month=month)
    DpsdReport.objects.filter(pk=report.pk).update(data=data, built_at=timezone.now(), builds=F("builds") + 1)
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
