from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carecore import cpr as cprlib
from carecore import registry
from carecore.access import get_visible_or_403
from carecore.forms import add_service_errors
from carecore.models import Unit, UnitKind, scope_unit_ids
from carecore.pagination import window
from carecore.registry import require_page
from carecore.responses import edit_page, render_page, submitted

from . import services
from .audit import log_access_many
from .exports import access_log_csv
from .forms import (
    AccessLogFilterForm,
    CitizenForm,
    CitizenSearchForm,
    CorrectionForm,
    FunctionAssessmentForm,
    JournalEntryForm,
    NursingAssessmentForm,
    RelativeForm,
)
from .fsiii import FUNCTION_AREAS, NursingArea
from .models import AccessLog, AccessPart, Assessment, AssessmentKind, Citizen, CitizenStatus, JournalEntry
from .record_links import links_for
from .timeline import timeline

JOURNAL_PAGE = 20


def unit_choices(user):
    """Teams and units a user may place a citizen in: those in their scope (all for no scope)."""
    units = Unit.objects.filter(kind__in=[UnitKind.TEAM, UnitKind.UNIT])
    scope = scope_unit_ids(user)
    return units.filter(pk__in=scope) if scope else units.none()


@require_page("citizens:list")
def citizen_list(request):
    form = CitizenSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    citizens = (
        Citizen.objects.visible_to(request.user)
        .search(q)
        .values("id", "first_name", "last_name", "cpr", "address", "postcode", "city", "status")
    )
    page = window(request, citizens)
    # Plain dicts with display values made here: the list is the busiest page, and template lookups
    # on dicts are several times cheaper than on model instances.
    statuses = dict(CitizenStatus.choices)
    prefix = reverse("citizens:list")
    for row in page.rows:
        row["name"] = f"{row['last_name']}, {row['first_name']}"
        row["masked_cpr"] = cprlib.mask(row["cpr"])
        row["address_line"] = f"{row['address']}, {row['postcode']} {row['city']}"
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["url"] = f"{prefix}{row['id']}/"
    return render_page(
        request, "citizens/citizen_list.html", {"form": form, "page": page, "q": q}, partial="results"
    )


@require_page("citizens:detail")
def citizen_detail(request, pk):
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part="overblik")
    relatives = list(citizen.relatives.all())
    units = list(Unit.objects.filter(serving__citizen=citizen).order_by("name"))
    return render(
        request,
        "citizens/citizen_detail.html",
        {
            "citizen": citizen,
            "relatives": relatives,
            "units": units,
            "module_links": links_for(request.user, citizen),
            "journal_form": JournalEntryForm()
            if request.user.has_perm("citizens.add_journalentry")
            else None,
        },
    )


@require_page("citizens:journal")
@require_http_methods(["GET", "POST"])
def citizen_journal(request, pk):
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part="journal")
    form = None
    if request.method == "POST":
        if not request.user.has_perm("citizens.add_journalentry"):
            raise PermissionDenied
        form = JournalEntryForm(request.POST)
        if form.is_valid():
            services.add_journal_entry(
                citizen, request.user, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
            )
            if not request.htmx:
                messages.success(request, _("The journal entry was saved."))
                return redirect("citizens:detail", pk=citizen.pk)
            form = JournalEntryForm()
    entries = JournalEntry.objects.filter(citizen=citizen).with_details()
    before = request.GET.get("foer")
    if before and before.isdigit():
        entries = entries.filter(id__lt=int(before))
    rows = list(entries[: JOURNAL_PAGE + 1])
    context = {
        "citizen": citizen,
        "entries": rows[:JOURNAL_PAGE],
        "has_more": len(rows) > JOURNAL_PAGE,
        "journal_form": form
        or (JournalEntryForm() if request.user.has_perm("citizens.add_journalentry") else None),
        "correct_prefix": reverse("citizens:journal", args=[citizen.pk]),
    }
    return render_page(request, "citizens/citizen_journal.html", context, partial="journal")


@require_page("citizens:journal_correct")
@require_http_methods(["GET", "POST"])
def journal_correct(request, pk, entry_pk):
    """A correction is written on its own page, next to the entry it corrects."""
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part="journal")
    entry = get_visible_or_403(request, citizen.journal.select_related("author"), entry_pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.correct_journal_entry(entry, request.user, text=form.cleaned_data["text"])
            messages.success(request, _("The correction was saved. The original entry is kept."))
            return redirect("citizens:journal", pk=citizen.pk)
        form.errors["text"] = form.error_class([_("Write the correction before saving.")])
    return render(
        request, "citizens/journal_correct.html", {"citizen": citizen, "entry": entry, "form": form}
    )


@require_page("citizens:assessments")
@require_http_methods(["GET", "POST"])
def citizen_assessments(request, pk):
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part="funktionsevne")
    function_form = FunctionAssessmentForm(prefix="fn")
    nursing_form = NursingAssessmentForm(prefix="sp")
    if request.method == "POST":
        if not request.user.has_perm("citizens.add_assessment"):
            raise PermissionDenied
        kind = request.POST.get("kind")
        form = (
            FunctionAssessmentForm(request.POST, prefix="fn")
            if kind == AssessmentKind.FUNCTION
            else NursingAssessmentForm(request.POST, prefix="sp")
        )
        if form.is_valid():
            try:
                if kind not in AssessmentKind.values:  # the hidden field was changed
                    raise ValidationError(_("The form could not be read. Reload the page and try again."))
                services.record_assessment(citizen, request.user, kind=kind, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if not request.htmx:
                    messages.success(request, _("The assessment was saved."))
                    return redirect("citizens:assessments", pk=citizen.pk)
                form = None
        if form is not None:
            if kind == AssessmentKind.FUNCTION:
                function_form = form
            else:
                nursing_form = form
    all_rows = list(Assessment.objects.filter(citizen=citizen).select_related("assessed_by")[:400])
    current = {}
    for row in all_rows:  # newest first, so the first seen per code is the current one
        current.setdefault((row.kind, row.code), row)
    function_table = [
        (area, [(code, label, current.get((AssessmentKind.FUNCTION, code))) for code, label in subs])
        for area, subs in FUNCTION_AREAS
    ]
    nursing_table = [(area, current.get((AssessmentKind.NURSING, area.value))) for area in NursingArea]
    context = {
        "citizen": citizen,
        "function_table": function_table,
        "nursing_table": nursing_table,
        "history": all_rows[:50],
        "function_form": function_form,
        "nursing_form": nursing_form,
        "can_add": request.user.has_perm("citizens.add_assessment"),
    }
    return render_page(request, "citizens/citizen_assessments.html", context, partial="assessments")


@require_page("citizens:timeline")
def citizen_timeline(request, pk):
    """The citizen's pathway across units, newest first: each module's entries the user may open."""
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part="forloeb")
    return render(
        request,
        "citizens/citizen_timeline.html",
        {"citizen": citizen, "entries": timeline(request.user, citizen)},
    )


@require_page("citizens:changes")
def citizen_changes(request, pk):
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part="aendringslog")
    changes = list(citizen.history.select_related("history_user").order_by("-history_date")[:100])
    return render(request, "citizens/citizen_changes.html", {"citizen": citizen, "changes": changes})


@require_page("citizens:access")
def citizen_access(request, pk):
    """Who looked at this record: dates, users and purposes (what the citizen may also see)."""
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part="adgangslog")
    page = window(request, AccessLog.objects.filter(citizen=citizen), size=50)
    return render(request, "citizens/citizen_access.html", {"citizen": citizen, "page": page})


@require_page("access_log")
def access_log(request):
    """Who looked at which record, and when (Sundhedsloven §42a): for leaders, system administrators and
    the data-protection contact. A list page's looks show as one row unless each is asked for."""
    form = AccessLogFilterForm(request.GET or None)
    rows = AccessLog.objects.visible_to(request.user).select_related("citizen", "user")
    if form.is_valid():
        rows = form.filter(rows)
    if form.grouped:
        rows = rows.filter(batch_size__gte=1)
    page = window(request, rows, size=50)
    context = {
        "form": form,
        "page": page,
        "grouped": form.grouped,
        "can_export": registry.get("access_log_export").allows(request.user),
        "query": request.GET.urlencode(),
    }
    return render_page(request, "citizens/access_log.html", context, partial="results")


@require_page("access_log_export")
def access_log_export(request):
    """The access log as CSV for the data-protection contact: the rows the page shows (same filters, every
    citizen of a list on its own line), nothing more. The export is a look at each citizen's log."""
    form = AccessLogFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        context = {"form": form, "page": None, "grouped": True, "can_export": True, "query": ""}
        return render(request, "citizens/access_log.html", context, status=400)
    rows = AccessLog.objects.visible_to(request.user).filter(at__lt=timezone.now())  # not this export's own
    if form.is_bound:
        rows = form.filter(rows)
    log_access_many(
        request,
        rows.exclude(citizen=None).order_by().values_list("citizen_id", flat=True).distinct(),
        AccessPart.ACCESS_LOG,
    )
    rows = rows.select_related("citizen", "user").order_by("-at", "-id")
    response = StreamingHttpResponse(access_log_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="adgangslog-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@require_page("citizens:create")
@require_http_methods(["GET", "POST"])
def citizen_create(request):
    form = CitizenForm(request.POST or None, unit_choices=unit_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("units", "version")}
        answer = submitted(
            request,
            form,
            lambda: services.register_citizen(data=data, units=form.cleaned_data["units"], by=request.user),
            done=_("The citizen was registered."),
            then=lambda citizen: reverse("citizens:detail", args=[citizen.pk]),
        )
        if answer:
            return answer
    return render(request, "citizens/citizen_form.html", {"form": form})


@require_page("citizens:edit")
@require_http_methods(["GET", "POST"])
def citizen_edit(request, pk):
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part="stamdata")
    choices = unit_choices(request.user)
    form = CitizenForm(request.POST or None, instance=citizen, unit_choices=choices)
    return edit_page(
        request,
        "citizens/citizen_form.html",
        form,
        lambda: services.update_citizen(
            form.save(commit=False),
            version=form.cleaned_data["version"],
            units=form.cleaned_data["units"],
            editable_units=choices,
            by=request.user,
        ),
        name="citizen",
        instance=citizen,
        done=_("The changes were saved."),
        then=reverse("citizens:detail", args=[citizen.pk]),
    )


@require_page("citizens:relative_add")
@require_http_methods(["GET", "POST"])
def relative_add(request, pk):
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part="paaroerende")
    form = RelativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        services.add_relative(citizen, data=data, by=request.user)
        messages.success(request, _("The relative was added."))
        return redirect("citizens:detail", pk=citizen.pk)
    return render(request, "citizens/relative_form.html", {"form": form, "citizen": citizen})


@require_page("citizens:relative_edit")
@require_http_methods(["GET", "POST"])
def relative_edit(request, pk, relative_pk):
    citizen = get_visible_or_403(request, Citizen.objects.visible_to(request.user), pk, part="paaroerende")
    relative = get_visible_or_403(request, citizen.relatives.all(), relative_pk)
    form = RelativeForm(request.POST or None, instance=relative)
    if request.method == "POST" and form.is_valid():
        answer = submitted(
            request,
            form,
            lambda: services.update_relative(
                form.save(commit=False), version=form.cleaned_data["version"], by=request.user
            ),
            done=_("The relative was saved."),
            then=reverse("citizens:detail", args=[citizen.pk]),
        )
        if answer:
            return answer
    status = 409 if form.conflict else 200
    context = {"form": form, "citizen": citizen, "relative": relative}
    return render(request, "citizens/relative_form.html", context, status=status)
