"""The medicine list on the citizen's record, its lines' history, the FMK reconciliation, giving
medicine from a visit in Min dag, and the nursing overview of doses not given."""

from datetime import timedelta

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
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
from .forms import AdministrationForm, MedicineLineForm
from .models import Administration, FmkReconciliation, MedicineLine, NotGivenReason, Outcome
from .pages import EDIT_ROLES, PART


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
    return render(
        request,
        "medication/list.html",
        {
            "citizen": citizen,
            "active": active,
            "ended": ended,
            "reconciliation": reconciliation,
            "can_edit": has_role(request.user, *EDIT_ROLES),
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


# --- Giving medicine on a visit ------------------------------------------------------------------
def _visit(request, pk):
    Visit = apps.get_model("homecare", "Visit")  # linked by the registry, never imported
    return get_visible_or_403(
        request, Visit.objects.visible_to(request.user).select_related("citizen"), pk, part=PART
    )


def _visit_doses(visit):
    start, end = services.visit_window(visit.starts_at, visit.window_end, visit.ends_at)
    doses = services.due_doses(visit.citizen_id, start, end)
    recorded = {
        (a.line_id, a.due_at): a
        for a in Administration.objects.filter(
            line__in=[line for line, _due in doses], due_at__in=[due for _line, due in doses]
        )
    }
    return [(line, due, recorded.get((line.pk, due))) for line, due in doses]


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
    return render(
        request,
        "medication/visit.html",
        {
            "visit": visit,
            "doses": _visit_doses(visit),
            "errors": errors,
            "posted": request.POST,
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
