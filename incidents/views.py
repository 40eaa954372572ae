"""Incident views: reporting (staff, public, use of force, short form), case handling, DPSD, dashboard."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carecore.access import get_visible_or_403
from carecore.forms import add_service_errors, day_from_query
from carecore.models import Membership
from carecore.pagination import window
from carecore.ratelimit import is_ratelimited
from carecore.registry import require_page
from carecore.responses import pdf_response
from carecore.roles import Role, has_role
from carecore.versioning import EditConflict
from citizens import portal
from citizens.audit import log_access

from . import anonymise, dpsd, forms, services
from .models import (
    SEVERE,
    Analysis,
    AnalysisRevision,
    DpsdReport,
    Draft,
    Incident,
    Kind,
    MonthDiscussion,
    ShortForm,
    Source,
    Status,
)
from .overview import figures, month_table

HANDLERS = (Role.RISK_MANAGER, Role.UTH_HANDLER)
PUBLIC_RATE = "5/h"
PUBLIC_MAX_BYTES = 20_000


# --- Reporting ------------------------------------------------------------------------------
def _draft_data(post):
    """The report's own fields, cut to size and without NUL bytes (PostgreSQL refuses them in JSON)."""
    return {
        k: str(post.get(k, "")).replace("\x00", "")[:4000] for k in forms.ReportForm.base_fields if k in post
    }


@require_page("incidents:report")
@require_http_methods(["GET", "POST"])
def report(request):
    search = request.GET.get("borger", "")[:100]
    if request.method == "POST":
        form = forms.ReportForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                incident = services.report_incident(data=form.cleaned_data, reported_by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Thank you. Report %(number)s was sent to the case handlers.")
                    % {"number": incident.number},
                )
                return redirect("incidents:mine")
    else:
        draft = Draft.objects.filter(user=request.user, form=Kind.UTH).first()
        initial = {
            "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
            "unit": forms.default_unit(request.user),
        }
        prefilled = forms.prefill(request.GET, request.user)
        if prefilled:  # a link from another module starts a new report, not the draft
            draft = None
        form = forms.ReportForm(
            initial={**initial, **(draft.data if draft else {}), **prefilled},
            user=request.user,
            search=search,
        )
    return render(request, "incidents/report.html", {"form": form, "search": search})


@require_page("incidents:report_draft")
@require_POST
def report_draft(request):
    """htmx autosave: the half-written report is kept on the server, so a dropped connection loses nothing."""
    services.save_draft(request.user, Kind.UTH, _draft_data(request.POST))
    return render(request, "incidents/report.html#draft_status", {"saved_at": timezone.now()})


@require_page("incidents:force_report")
@require_http_methods(["GET", "POST"])
def force_report(request):
    form = forms.ForceReportForm(
        request.POST or None, user=request.user, initial={"unit": forms.default_unit(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.update(reported_actual="none", reported_possible="none")
        try:
            incident = services.report_incident(data=data, reported_by=request.user, kind=Kind.FORCE)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Report %(number)s was sent.") % {"number": incident.number})
            return redirect("incidents:mine")
    return render(request, "incidents/force_form.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def public_report(request):
    """Citizens and relatives, without login. Rate limit per IP, honeypot, size limits; the errors
    shown never reveal internals; nothing is stored that the form did not show."""
    if request.method == "POST":
        if is_ratelimited(request, group="incidents.public", rate=PUBLIC_RATE):
            return render(request, "incidents/public_limited.html", status=429)
        if len(request.body) > PUBLIC_MAX_BYTES:
            return render(request, "incidents/public_limited.html", {"too_large": True}, status=413)
        form = forms.PublicReportForm(request.POST)
        if form.is_bot:
            return redirect("incidents:public_thanks")
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            citizen = portal.citizen_of(request)  # a citizen logged in to Min side: linked to them
            if citizen is not None:
                data["citizen"] = citizen
            try:
                incident = services.report_incident(data=data, source=Source.PUBLIC)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                request.session["incidents_receipt"] = incident.receipt_code
                return redirect("incidents:public_thanks")
    else:
        form = forms.PublicReportForm(
            initial={"occurred_at": timezone.localtime().replace(second=0, microsecond=0)}
        )
    return render(request, "incidents/public.html", {"form": form})


@login_not_required
def public_thanks(request):
    """Shows the receipt code once (kept in the reporter's session, never in the URL)."""
    code = request.session.pop("incidents_receipt", "") if hasattr(request, "session") else ""
    return render(request, "incidents/public_thanks.html", {"code": code})


RECEIPT_RATE = "20/h"


@login_not_required
@require_http_methods(["GET", "POST"])
def public_receipt(request):
    """The public reporter follows the report with the receipt code: when it was received, its status and
    the feedback — nothing else of the case. Posted (the code stays out of URLs and logs) and rate-limited
    per address, so codes cannot be tried in bulk."""
    form = forms.ReceiptForm(request.POST or None)
    incident = None
    if request.method == "POST":
        if is_ratelimited(request, group="incidents.receipt", rate=RECEIPT_RATE):
            return render(request, "incidents/public_limited.html", {"tries": True}, status=429)
        if form.is_valid():
            incident = (
                Incident.objects.filter(source=Source.PUBLIC, receipt_code=form.cleaned_data["code"])
                .exclude(receipt_code="")
                .only("created_at", "status", "feedback", "feedback_at")
                .first()
            )
            if incident is None:
                form.add_error(
                    "code", _("We cannot find a report with that code. Check the code and try again.")
                )
    return render(request, "incidents/public_receipt.html", {"form": form, "incident": incident})


@require_page("incidents:mine")
def mine(request):
    rows = (
        Incident.objects.filter(reported_by=request.user)
        .select_related("unit", "type")
        .only(
            "id",
            "kind",
            "status",
            "occurred_at",
            "created_at",
            "description",
            "feedback",
            "feedback_at",
            "reject_reason",
            "unit__name",
            "type__code",
            "type__name",
        )
    )
    return render(request, "incidents/mine.html", {"page": window(request, rows, size=20)})


@require_page("incidents:short_form")
@require_http_methods(["GET", "POST"])
def short_form(request):
    form = forms.ShortFormForm(
        request.POST or None,
        user=request.user,
        initial={"occurred_on": timezone.localdate(), "unit": forms.default_unit(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        ShortForm.objects.create(reported_by=request.user, **form.cleaned_data)
        messages.success(request, _("The short form was saved. Add another if needed."))
        return redirect("incidents:short_form")
    recent = ShortForm.objects.filter(reported_by=request.user).select_related("unit", "type")[:10]
    return render(request, "incidents/short_form.html", {"form": form, "recent": recent})


@require_page("incidents:month_discussion")
@require_http_methods(["GET", "POST"])
def month_discussion(request):
    form = forms.MonthDiscussionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _obj, created = MonthDiscussion.objects.get_or_create(
            unit=data["unit"], month=data["month"], defaults={"actions": data["actions"], "by": request.user}
        )
        if created:
            messages.success(request, _("The month is marked as discussed in the staff group."))
            return redirect("incidents:month_discussion")
        form.add_error("month", _("This month is already marked for the unit."))
    units = [
        m
        for m in Membership.objects.filter(user=request.user, is_leader=True).values_list(
            "unit_id", flat=True
        )
    ]
    marks = MonthDiscussion.objects.filter(unit_id__in=units).select_related("unit", "by")[:24]
    months = [dpsd.previous_month(timezone.localdate()), timezone.localdate().replace(day=1)]
    counted = month_table(list(form.fields["unit"].queryset), months)
    return render(
        request, "incidents/month_discussion.html", {"form": form, "marks": marks, "counted": counted}
    )


# --- Case handling --------------------------------------------------------------------------
@require_page("incidents:list")
def index(request):
    if not has_role(request.user, *HANDLERS):
        return redirect("incidents:overview")
    rows = (
        Incident.objects.visible_to(request.user)
        .select_related("unit", "type", "handler_group", "assigned_to")
        .only(
            "id",
            "kind",
            "status",
            "source",
            "created_at",
            "occurred_at",
            "actual_severity",
            "possible_severity",
            "unit__name",
            "type__code",
            "type__name",
            "handler_group__name",
            "assigned_to__username",
            "assigned_to__first_name",
            "assigned_to__last_name",
        )
    )
    show = request.GET.get("vis", "aabne")
    if show == "aabne":
        rows = rows.open()
    elif show == "mine":
        rows = rows.filter(assigned_to=request.user)
    page = window(request, rows)
    return render(request, "incidents/list.html", {"page": page, "show": show})


def _cases(request):
    return Incident.objects.visible_to(request.user).select_related(
        "unit", "type", "citizen", "handler_group", "assigned_to", "reported_by"
    )


def _can_handle(user, incident):
    return has_role(user, Role.RISK_MANAGER) or user.has_perm(services.PERM, incident)


def _can_route(user, incident):
    """Routing and rejecting are the first reader's job: any handler of the group while nobody has the
    case; once it is assigned, only its case handler (or the risk manager)."""
    return incident.assigned_to_id is None or _can_handle(user, incident)


CASE_FORMS = {
    "severity": forms.SeverityForm,
    "classify": forms.ClassifyForm,
    "action": forms.ActionForm,
    "handover": forms.HandOverForm,
    "close": forms.CloseForm,
    "reject": forms.RejectForm,
    "assessment": forms.ForceAssessmentForm,
    "approve": forms.ExportApprovalForm,
}


# The case forms that change the case's own fields: they carry its version (carecore.versioning).
VERSIONED_CASE_FORMS = {"severity", "classify", "assessment"}


def _case_form(name, *args, incident, **kwargs):
    if name in VERSIONED_CASE_FORMS:
        kwargs["version_of"] = incident
    if name == "handover":
        kwargs["incident"] = incident
    return CASE_FORMS[name](*args, prefix=name, **kwargs)


def _export_step(incident):
    """The DPSD step of a UTH case: each text anonymised, with what was replaced, and the approval."""
    sources = services.export_sources(incident)
    people = anonymise.KnownPeople.in_texts(sources.values(), extra_names=[incident.contact_name])
    segments = {name: anonymise.anonymise_segments(text, people) for name, text in sources.items()}
    approval = services.current_approval(incident)
    proposal = (
        approval.texts if approval else {n: "".join(s.text for s in segs) for n, segs in segments.items()}
    )
    fields = forms.ExportApprovalForm.base_fields
    rows = [(fields[name].label, segs) for name, segs in segments.items() if sources[name]]
    return {"rows": rows, "approval": approval}, proposal


def _render_case(request, incident, bound=None, status=200):
    can_handle = _can_handle(request.user, incident)
    if incident.citizen:
        log_access(request, incident.citizen, "uth")
    actions, severe = list(incident.actions.all()), incident.actual_severity in SEVERE
    ctx = {
        "incident": incident,
        "can_handle": can_handle,
        "severity_history": incident.severity_changes.select_related("by"),
        "events": incident.events.select_related("by"),
        "actions": actions,
        "open_severe_actions": sum(1 for a in actions if a.done_at is None) if severe else 0,
        "analysis": Analysis.objects.filter(incident=incident).first(),
        "analysis_revisions": AnalysisRevision.objects.filter(analysis__incident=incident).select_related(
            "saved_by"
        ),
        "today": timezone.localdate(),
    }
    initial = {
        "severity": {"actual": incident.actual_severity, "possible": incident.possible_severity},
        "classify": {
            "type": incident.type_id,
            "causes": incident.causes,
            "analysis_wanted": incident.analysis_wanted,
        },
        "assessment": {"force_assessment": incident.force_assessment},
    }
    if incident.kind == Kind.UTH and can_handle:
        ctx["export"], initial["approve"] = _export_step(incident)
    for name in CASE_FORMS:
        ctx[f"{name}_form"] = (
            bound
            if bound is not None and bound.prefix == name
            else _case_form(name, initial=initial.get(name), incident=incident)
        )
    return render(request, "incidents/detail.html", ctx, status=status)


@require_page("incidents:detail")
def detail(request, pk):
    return _render_case(request, get_visible_or_403(request, _cases(request), pk))


@require_page("incidents:take")
@require_POST
def take(request, pk):
    incident = get_visible_or_403(request, _cases(request), pk)
    try:
        services.take_case(incident, request.user)
    except services.CaseTaken:
        messages.error(request, _("Another case handler took the case first."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You have taken the case."))
    return redirect("incidents:detail", pk=pk)


@require_page("incidents:case_action")
@require_POST
def case_action(request, pk, action):
    incident = get_visible_or_403(request, _cases(request), pk)
    if action not in CASE_FORMS:
        raise Http404
    may = _can_route if action in ("handover", "reject") else _can_handle
    if not may(request.user, incident):
        raise PermissionDenied
    if not incident.is_open and action != "action":
        messages.error(request, _("The case is finished."))
        return redirect("incidents:detail", pk=pk)
    form = _case_form(action, request.POST, incident=incident)
    if form.is_valid():
        if action == "handover" and form.cleaned_data.get("to_user") == request.user:
            raise PermissionDenied  # taking a case goes through `take`, which refuses a taken case
        data, by = form.cleaned_data, request.user
        changed = None
        try:
            if action == "severity":
                changed = services.verify_severity(incident, by, **data)
            elif action == "classify":
                services.classify(incident, by, **data)
            elif action == "action":
                services.add_action(incident, by, **data)
            elif action == "handover":
                services.hand_over(incident, by, **data)
            elif action == "close":
                services.close_case(incident, by, **data)
            elif action == "reject":
                services.reject_case(incident, by, **data)
            elif action == "approve":
                services.approve_export(incident, by, **data)
            elif action == "assessment":
                services.record_force_assessment(incident, by, **data)
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
            return _render_case(
                request, get_visible_or_403(request, _cases(request), pk), bound=form, status=409
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _action_message(action, data, changed))
            if action == "handover" and not Incident.objects.visible_to(request.user).filter(pk=pk).exists():
                return redirect("incidents:list")
            return redirect("incidents:detail", pk=pk)
    return _render_case(request, incident, bound=form, status=400)


def _action_message(action, data, changed=None):
    """What the case action did, in words (not just "Saved.")."""
    if action == "severity":
        return _("The severity was changed.") if changed else _("The severity was confirmed unchanged.")
    if action == "classify":
        return _("The case is classified as %(type)s.") % {"type": data["type"].name}
    if action == "action":
        return _("The action was added; it is due %(due)s.") % {
            "due": date_format(data["due"], "SHORT_DATE_FORMAT")
        }
    if action == "handover" and data.get("to_user"):
        user = data["to_user"]
        return _("The case was handed over to %(name)s, who has been notified.") % {
            "name": user.get_full_name() or user.username
        }
    if action == "handover":
        return _("The case was sent to %(group)s.") % {"group": data["to_group"].name}
    return {
        "close": _("The case is closed, and the reporter has been given the feedback."),
        "reject": _("The case was rejected, and the reporter has been told why."),
        "approve": _("The anonymised text for DPSD is approved."),
        "assessment": _("The leader's assessment was saved."),
    }[action]


@require_page("incidents:action_done")
@require_POST
def action_done(request, pk, action_pk):
    incident = get_visible_or_403(request, _cases(request), pk)
    if not _can_handle(request.user, incident):
        raise PermissionDenied
    services.complete_action(get_visible_or_403(request, incident.actions.all(), action_pk), request.user)
    messages.success(request, _("The action is marked as done."))
    return redirect("incidents:detail", pk=pk)


@require_page("incidents:analysis")
@require_http_methods(["GET", "POST"])
def analysis(request, pk):
    incident = get_visible_or_403(request, _cases(request), pk)
    existing = Analysis.objects.filter(incident=incident).first()
    form = forms.AnalysisForm(
        request.POST or None,
        instance=existing,
        # version 0: the form was loaded when there was no analysis yet
        initial={"completed": existing.completed if existing else False, "version": 0},
    )
    status = 200
    if request.method == "POST":
        if not _can_handle(request.user, incident):
            raise PermissionDenied
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("completed", "version")}
            try:
                services.save_analysis(
                    incident,
                    request.user,
                    data=data,
                    completed=form.cleaned_data["completed"],
                    version=form.cleaned_data["version"],
                )
            except EditConflict as conflict:
                form.show_conflict(conflict.current)
                existing, status = conflict.current, 409
            else:
                messages.success(request, _("The analysis was saved."))
                return redirect("incidents:detail", pk=pk)
    revisions = existing.revisions.select_related("saved_by") if existing else AnalysisRevision.objects.none()
    context = {"incident": incident, "form": form, "analysis": existing, "revisions": revisions}
    return render(request, "incidents/analysis.html", context, status=status)


@require_page("incidents:analysis_pdf")
def analysis_pdf(request, pk):
    from django.template.loader import render_to_string
    from weasyprint import HTML

    incident = get_visible_or_403(request, _cases(request), pk)
    found = get_object_or_404(Analysis, incident=incident)
    html = render_to_string("incidents/analysis_pdf.html", {"incident": incident, "analysis": found}, request)
    return pdf_response(
        HTML(string=html).write_pdf(), f"haendelsesanalyse-{incident.number}.pdf", download=True
    )


@require_page("incidents:force_list")
def force_list(request):
    """The month's use-of-force reports (default: this month)."""
    month = (day_from_query(request.GET.get("maaned", "") + "-01") or timezone.localdate()).replace(day=1)
    start, end, _next = dpsd.month_bounds(month)
    rows = list(
        Incident.objects.visible_to(request.user)
        .filter(kind=Kind.FORCE, occurred_at__gte=start, occurred_at__lt=end)
        .select_related("unit")
        .order_by("occurred_at")
    )
    by_group = {}
    for row in rows:
        by_group[row.get_force_group_display()] = by_group.get(row.get_force_group_display(), 0) + 1
    return render(
        request,
        "incidents/force_list.html",
        {
            "rows": rows,
            "month": month,
            "by_group": sorted(by_group.items()),
            "previous": dpsd.previous_month(month),
            "next": _next,
        },
    )


# --- DPSD and dashboard ---------------------------------------------------------------------
@require_page("incidents:dpsd")
def dpsd_list(request):
    reports = DpsdReport.objects.select_related("sent_by").annotate(n_runs=Count("runs"))[:24]
    return render(request, "incidents/dpsd.html", {"reports": reports, "months": forms.finished_months(24)})


@require_page("incidents:dpsd_build")
@require_POST
def dpsd_build(request):
    try:
        month = date.fromisoformat(request.POST.get("month", ""))
    except ValueError:
        messages.error(request, _("Choose a month that has ended."))
        return redirect("incidents:dpsd")
    if month not in forms.finished_months(24):
        messages.error(request, _("Choose a month that has ended."))
        return redirect("incidents:dpsd")
    dpsd.build_report(month, by=request.user)
    messages.success(request, _("The report was built. Every build is logged."))
    return redirect("incidents:dpsd")


@require_page("incidents:dpsd_file")
def dpsd_file(request, pk, fmt):
    if fmt not in ("csv", "pdf"):
        raise Http404
    report = get_visible_or_403(request, DpsdReport.objects.all(), pk)
    name = f"dpsd-{report.month:%Y-%m}"
    if fmt == "csv":
        response = HttpResponse(dpsd.to_csv(report), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(dpsd.to_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_page("incidents:dpsd_case")
def dpsd_case(request, pk, fmt):
    """One closed UTH case for DPSD on its own, anonymised as in the monthly file (which still holds it)."""
    if fmt not in ("csv", "pdf"):
        raise Http404
    incident = get_visible_or_403(request, _cases(request), pk)
    if incident.kind != Kind.UTH or incident.status != Status.CLOSED:
        raise Http404
    if not _can_handle(request.user, incident):
        raise PermissionDenied
    csv_text, pdf = dpsd.case_export(incident)
    if fmt == "csv":
        response = HttpResponse(csv_text, content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dpsd-{incident.number}.{fmt}"'
    return response


@require_page("incidents:dpsd_sent")
@require_POST
def dpsd_sent(request, pk):
    report = get_visible_or_403(request, DpsdReport.objects.all(), pk)
    if report.sent_at is None:
        DpsdReport.objects.filter(pk=pk, sent_at__isnull=True).update(
            sent_at=timezone.now(), sent_by=request.user
        )
        messages.success(request, _("The report is marked as sent."))
    return redirect("incidents:dpsd")


@require_page("incidents:overview")
def overview(request):
    f = figures(request.user)
    return render(
        request,
        "incidents/overview.html",
        {
            "f": f,
            "breakdowns": [
                (_("Per case handler (last 12 months)"), f["by_handler"]),
                (_("Per area (last 12 months)"), f["by_area"]),
            ],
            "all": has_role(request.user, Role.RISK_MANAGER),
            "leader": has_role(request.user, Role.LEADER),
        },
    )
