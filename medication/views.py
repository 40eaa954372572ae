"""The medicine list on the citizen's record, its lines' history, the FMK reconciliation, giving
medicine from a visit in Min dag, and the nursing overview of doses not given."""

from datetime import timedelta

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carecore import overview as nursing_overview
from carecore.access import get_visible_or_403
from carecore.forms import add_service_errors
from carecore.models import Unit, UnitKind, scope_unit_ids
from carecore.registry import require_page
from carecore.roles import has_role
from citizens.models import Citizen

from . import fmk, services
from .forms import AdministrationForm, MedicineLineForm, PouringCheckForm, PouringForm
from .models import (
    Administration,
    FmkReconciliation,
    HowGiven,
    MedicineLine,
    NotGivenReason,
    Outcome,
    Pouring,
)
from .pages import EDIT_ROLES, PART, POUR_ROLES

POURINGS_SHOWN = 5


def _citizen(request, pk, part=PART):
    return get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part=part)


def _line(request, pk):
    queryset = MedicineLine.objects.visible_to(request.user).select_related("citizen", "current")
    return get_visible_or_403(request, queryset, pk, part=PART)


@require_page("medication:list")
def medicine_list(request, citizen_pk):
    citizen = _citizen(request, citizen_pk)
    today = timezone.localdate()
    lines = list(
        MedicineLine.objects.filter(citizen=citizen, current__isnull=False)
        .select_related("current")
        .order_by("current__drug", "id")
    )
    active = [line for line in lines if line.current.ends_on is None or line.current.ends_on >= today]
    ended = [line for line in lines if line not in active]
    reconciliation = FmkReconciliation.objects.filter(citizen=citizen).select_related("reconciled_by").first()
    pourings = Pouring.objects.filter(citizen=citizen).select_related(
        "poured_by", "checked", "checked__checked_by"
    )[:POURINGS_SHOWN]
    return render(
        request,
        "medication/list.html",
        {
            "citizen": citizen,
            "active": active,
            "ended": ended,
            "reconciliation": reconciliation,
            "pourings": pourings,
            "can_edit": has_role(request.user, *EDIT_ROLES),
            "can_pour": has_role(request.user, *POUR_ROLES),
        },
    )


@require_page("medication:add")
def line_add(request, citizen_pk):
    citizen = _citizen(request, citizen_pk)
    form = MedicineLineForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("note")
        try:
            services.add_line(citizen, by=request.user, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The medicine was added to the list."))
            return redirect("medication:list", citizen_pk=citizen.pk)
    return render(request, "medication/line_form.html", {"citizen": citizen, "form": form, "line": None})


@require_page("medication:line")
def line_detail(request, pk):
    line = _line(request, pk)
    versions = list(line.versions.select_related("recorded_by").order_by("-number"))
    administrations = list(line.administrations.select_related("recorded_by").order_by("-due_at")[:30])
    return render(
        request,
        "medication/line.html",
        {
            "line": line,
            "citizen": line.citizen,
            "versions": versions,
            "administrations": administrations,
            "can_edit": has_role(request.user, *EDIT_ROLES),
        },
    )


@require_page("medication:change")
def line_change(request, pk):
    line = _line(request, pk)
    current = line.current
    initial = {**current.content(), "times": ", ".join(current.times)}
    form = MedicineLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("note")
        try:
            services.change_line(line, by=request.user, data=data, note=note)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The change was saved as a new version; the earlier ones are kept."))
            return redirect("medication:list", citizen_pk=line.citizen_id)
    return render(request, "medication/line_form.html", {"citizen": line.citizen, "form": form, "line": line})


@require_page("medication:reconcile")
@require_POST
def reconcile(request, citizen_pk):
    citizen = _citizen(request, citizen_pk)
    result = fmk.reconcile(citizen, by=request.user)
    if result.differences:
        messages.success(
            request,
            _("Reconciled with FMK: %(n)s differences taken over or noted.") % {"n": len(result.differences)},
        )
    else:
        messages.success(request, _("Reconciled with FMK: no differences."))
    return redirect("medication:list", citizen_pk=citizen.pk)


# --- Pouring (ophældning) ----------------------------------------------------------------------
@require_page("medication:pour")
def pour(request, citizen_pk):
    citizen = _citizen(request, citizen_pk)
    today = timezone.localdate()
    lines = [
        line
        for line in MedicineLine.objects.filter(citizen=citizen, current__isnull=False)
        .select_related("current")
        .order_by("current__drug", "id")
        if line.current.ends_on is None or line.current.ends_on >= today
    ]
    initial = {
        "starts_on": today,
        "ends_on": today + timedelta(days=13),
        "lines": [
            str(line.pk)
            for line in lines
            if line.current.how_given == HowGiven.POURED and line.current.active_on(today)
        ],
    }
    form = PouringForm(request.POST or None, lines=lines, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_pouring(
                citizen,
                by=request.user,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                lines=[int(pk) for pk in data["lines"]],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The pouring was recorded. Another nurse can now check it."))
            return redirect("medication:list", citizen_pk=citizen.pk)
    return render(request, "medication/pour.html", {"citizen": citizen, "form": form})


@require_page("medication:pour_check")
def pour_check(request, pk):
    queryset = Pouring.objects.visible_to(request.user).select_related("citizen", "poured_by", "checked")
    pouring = get_visible_or_403(request, queryset, pk, part=PART)
    form = PouringCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_pouring(pouring, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The check of the pouring was recorded."))
            return redirect("medication:list", citizen_pk=pouring.citizen_id)
    return render(
        request,
        "medication/pour_check.html",
        {"citizen": pouring.citizen, "pouring": pouring, "form": form},
        status=400 if form.errors else 200,
    )


# --- Giving medicine on a visit ------------------------------------------------------------------
def _visit(request, pk):
    Visit = apps.get_model("homecare", "Visit")  # linked by the registry, never imported
    return get_visible_or_403(
        request, Visit.objects.visible_to(request.user).select_related("citizen"), pk, part=PART
    )


def _dose_key(line_id, due):
    return f"{line_id}-{timezone.localtime(due):%H%M}"


def _incident_link(visit, version, due, record):
    """The staff incident report pre-filled for a dose not given (category Medicinering, the citizen,
    the unit, the time and what happened): for harm or risk beyond the short-form rules. Linked by URL
    name; None when the incidents module is not installed."""
    if not apps.is_installed("incidents"):
        return None
    query = {
        "type": "medicinering",
        "citizen": visit.citizen_id,
        "unit": visit.team_id,
        "occurred_at": timezone.localtime(due).strftime("%Y-%m-%dT%H:%M"),
        "description": _("%(drug)s %(strength)s due at %(time)s was not given (%(reason)s).")
        % {
            "drug": version.drug,
            "strength": version.form_strength,
            "time": timezone.localtime(due).strftime("%H:%M"),
            "reason": record.get_reason_display(),
        },
    }
    return f"{reverse('incidents:report')}?{urlencode(query)}"


def _visit_doses(visit):
    """Each dose of the visit: the version in force at its time, when it is due, its record (or None),
    a key for the page, and for a dose not given the pre-filled incident report."""
    start, end = services.visit_window(visit.starts_at, visit.window_end, visit.ends_at)
    doses = services.due_doses(visit.citizen_id, start, end)
    recorded = {
        (a.line_id, a.due_at): a
        for a in Administration.objects.filter(
            line_id__in=[v.line_id for v, _due in doses], due_at__in=[due for _v, due in doses]
        )
    }
    rows = []
    for version, due in doses:
        record = recorded.get((version.line_id, due))
        rows.append(
            {
                "version": version,
                "due": due,
                "done": record,
                "key": _dose_key(version.line_id, due),
                "report_url": _incident_link(visit, version, due, record)
                if record and record.outcome == Outcome.NOT_GIVEN
                else None,
            }
        )
    return rows


def _posted_due(visit, text):
    try:
        return services.local_dt(visit.date, services.parse_time(text or ""))
    except (ValidationError, ValueError):
        return None


@require_page("medication:visit")
def visit_medicines(request, pk):
    visit = _visit(request, pk)
    errors = {}
    if request.method == "POST":
        form = AdministrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            line = MedicineLine.objects.filter(citizen_id=visit.citizen_id, pk=data["line"]).first()
            try:
                if line is None:
                    raise ValidationError({"line": _("This medicine is not on the citizen's list.")})
                services.record_administration(
                    line,
                    due_at=services.local_dt(visit.date, services.parse_time(data["due"])),
                    outcome=data["outcome"],
                    reason=data["reason"],
                    note=data["note"],
                    by=request.user,
                    unit=visit.team,
                    visit_ref=visit.pk,
                )
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                messages.success(request, _("Recorded."))
                return redirect("medication:visit", pk=visit.pk)
        else:
            errors = form.errors
    doses = _visit_doses(visit)
    posted_key = ""
    if errors:
        due = _posted_due(visit, request.POST.get("due"))
        posted = _dose_key(request.POST.get("line"), due) if due else None
        posted_key = posted if any(d["key"] == posted for d in doses) else ""
    return render(
        request,
        "medication/visit.html",
        {
            "visit": visit,
            "doses": doses,
            "errors": errors,
            "posted_key": posted_key,
            "reasons": NotGivenReason.choices,
        },
        status=400 if errors else 200,
    )


# --- Nursing overview --------------------------------------------------------------------------
def area_of(unit_id, units):
    """The area a unit belongs to: the unit itself if it is an area, else its nearest area ancestor."""
    unit = units.get(unit_id)
    while unit is not None and unit.kind != UnitKind.AREA:
        unit = units.get(unit.parent_id)
    return unit


@require_page("medication:overview")
def overview(request):
    today = timezone.localdate()
    first = (today.replace(day=1) - timedelta(days=150)).replace(day=1)
    scope = scope_unit_ids(request.user)
    counts = Administration.objects.filter(unit_id__in=scope).not_given_by_unit_month(
        since=services.midnight(first)
    )
    units = {u.pk: u for u in Unit.objects.only("id", "name", "kind", "parent_id")}
    months = []
    month = first
    while month <= today:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    table = {}
    for (unit_id, month), n in counts.items():
        area = area_of(unit_id, units) or units.get(unit_id)
        row = table.setdefault(area.name, dict.fromkeys(months, 0))
        if month in row:
            row[month] += n
    return render(
        request,
        "medication/overview.html",
        {
            "months": months,
            "rows": sorted(table.items()),
            "not_given": Outcome.NOT_GIVEN.label,
            "tables": nursing_overview.tables(request.user, today=today),
        },
    )
