"""The visitator's case list and case (request, assessment, decision, letter); the provider leaders'
orders. Thin views: forms parse, services write, every look at a citizen is logged."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carecore.access import get_visible_or_403
from carecore.forms import add_service_errors
from carecore.pagination import window
from carecore.registry import require_page
from carecore.responses import pdf_response
from carecore.roles import Role, has_role
from citizens import portal
from citizens.audit import log_access_many
from citizens.fsiii import FUNCTION_AREAS
from citizens.models import AccessPart, Citizen

from . import services
from .forms import AssessmentForm, DecisionForm, RequestForm, service_lines
from .law import age_on, frame_for, pension_age
from .models import Case, CaseStatus, Decision, Outcome, Request, Service, Source

VIEW_ROLES = (Role.VISITATOR, Role.LEADER)
DUE = "due"


def _is_visitator(user):
    return has_role(user, Role.VISITATOR)


def _cases(user):
    return Case.objects.for_user(user)


def _case_for(request, pk, part):
    """The case if the user may see it (the look is logged): 404 if there is none, else 403 with the
    refusal logged. A leader sees only the orders of their own units."""
    return get_visible_or_403(
        request, _cases(request.user).select_related("citizen", "provider"), pk, part=part
    )


# --- list ---------------------------------------------------------------------------------------
@require_page("visitation:list")
@require_http_methods(["GET", "POST"])
def case_list(request):
    visitator = _is_visitator(request.user)
    form = RequestForm(citizens=Citizen.objects.visible_to(request.user)) if visitator else None
    if request.method == "POST":
        if not visitator:
            raise PermissionDenied
        form = RequestForm(request.POST, citizens=Citizen.objects.visible_to(request.user))
        if form.is_valid():
            data = form.cleaned_data
            req = services.receive_request(
                citizen=data["citizen"],
                source=data["source"],
                reference=f"typed:{data['citizen'].pk}:{timezone.now().isoformat()}",
                text=data["text"],
                by=request.user,
            )
            messages.success(request, _("The request was registered."))
            return redirect("visitation:case", pk=req.case_id)
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    latest = Request.objects.filter(case=OuterRef("pk")).order_by("-received_at", "-id")
    qs = (
        _cases(request.user)
        .select_related("citizen", "provider")
        .annotate(source=Subquery(latest.values("source")[:1]))
        .order_by("-changed_at", "-id")
    )
    if status == DUE:
        qs = qs.reassessment_due()
    elif status in CaseStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(citizen__in=Citizen.objects.search(q).values("pk"))
    page = window(request, qs, size=50)
    sources = dict(Source.choices)
    for c in page.rows:
        c.source_label = sources.get(c.source, "")
    log_access_many(request, [c.citizen_id for c in page.rows], "visitation:liste")
    today = timezone.localdate()
    return render(
        request,
        "visitation/list.html",
        {
            "page": page,
            "status": status,
            "q": q,
            "statuses": [*CaseStatus.choices, (DUE, _("Re-assessment due"))],
            "visitator": visitator,
            "form": form,
            "today": today,
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- the case -----------------------------------------------------------------------------------
def _match_catalogue(proposed, catalogue):
    """Catalogue services named in the proposed services' free text (e.g. 'rengøring', 'personlig pleje')."""
    found = []
    for p in proposed:
        text = str(p.get("service", "")).lower()
        for service in catalogue:
            key = service.name.lower().split(":")[-1].split("(")[0].strip()
            if (service.code == text or key in text) and service not in found:
                found.append(service)
    return found


def _initial_lines(case, current, catalogue):
    if current is not None and current.outcome == Outcome.GRANTED:
        return [
            {"service": g.service, "weekdays": list(g.weekdays), "minutes": g.minutes, "note": g.note}
            for g in current.services.all()
        ]
    request = case.requests.order_by("-received_at", "-id").first()
    proposed = request.proposed if request else []
    return [
        {"service": s, "minutes": s.standard_minutes or None, "weekdays": []}
        for s in _match_catalogue(proposed, catalogue)
    ]


def _function_rows(levels):
    rows = []
    for area, subs in FUNCTION_AREAS:
        for code, label in subs:
            if code in levels:
                rows.append({"area": area, "label": label, "level": levels[code]})
    return rows


def _render_case(request, case, *, assessment_form=None, decision_form=None, lines=None, status=200):
    citizen = case.citizen
    today = timezone.localdate()
    catalogue = list(Service.objects.filter(is_active=True))
    decisions = list(
        case.decisions.select_related("provider", "decided_by")
        .prefetch_related("services__service")
        .order_by("-version")
    )
    current = decisions[0] if decisions else None
    assessments = list(case.assessments.select_related("assessed_by").order_by("-created_at", "-id"))
    visitator = _is_visitator(request.user)
    frame = frame_for(citizen, today)
    if visitator:
        assessment_form = assessment_form or AssessmentForm(initial={"assessed_on": today})
        decision_form = decision_form or DecisionForm(
            initial={
                "outcome": Outcome.GRANTED,
                "law_frame": current.law_frame if current else frame,
                "provider": current.provider_id if current else None,
                "start_on": today,
                "reassess_on": current.reassess_on if current else None,
            }
        )
        lines = lines or service_lines(
            initial=_initial_lines(case, current, catalogue), services=Service.objects.filter(is_active=True)
        )
    latest = assessments[0] if assessments else None
    levels = latest.function_levels if latest else services.function_levels_on(citizen, today)
    return render(
        request,
        "visitation/case.html",
        {
            "case": case,
            "citizen": citizen,
            "requests": list(case.requests.order_by("-received_at", "-id")),
            "assessments": assessments,
            "latest_assessment": latest,
            "function_rows": _function_rows(levels),
            "decisions": decisions,
            "current": current,
            "visitator": visitator,
            "assessment_form": assessment_form,
            "decision_form": decision_form,
            "lines": lines,
            "catalogue": catalogue,
            "age": age_on(citizen.birth_date, today),
            "pension_age": pension_age(citizen.birth_date),
            "frame": frame,
            "today": today,
        },
        status=status,
    )


@require_page("visitation:case")
def case_detail(request, pk):
    case = _case_for(request, pk, "visitation:sag")
    return _render_case(request, case)


@require_page("visitation:assess")
@require_POST
def assess(request, pk):
    case = _case_for(request, pk, "visitation:sag")
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            assessment = services.record_assessment(case, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if assessment.rehab_potential:
                messages.success(
                    request,
                    _(
                        "The assessment was saved. The rehabilitation unit has been told: rehabilitation first."
                    ),
                )
            else:
                messages.success(request, _("The assessment was saved."))
            return redirect("visitation:case", pk=case.pk)
    return _render_case(request, case, assessment_form=form, status=400)


@require_page("visitation:decide")
@require_POST
def decide(request, pk):
    case = _case_for(request, pk, "visitation:sag")
    form = DecisionForm(request.POST)
    lines = service_lines(request.POST, services=Service.objects.filter(is_active=True))
    if form.is_valid() and lines.is_valid():
        data = form.cleaned_data
        chosen = lines.lines() if data["outcome"] == Outcome.GRANTED else []
        try:
            decision = services.decide(case, by=request.user, lines=chosen, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Decision version %(v)s was made; the letter is stored with the case.")
                % {"v": decision.version},
            )
            return redirect("visitation:case", pk=case.pk)
    return _render_case(request, case, decision_form=form, lines=lines, status=400)


def _pdf(decision):
    response = pdf_response(decision.letter, f"afgoerelse-{decision.case_id}-v{decision.version}.pdf")
    response["Cache-Control"] = "no-store"
    return response


@require_page("visitation:decision_pdf")
def decision_pdf(request, pk):
    case = _case_for(request, pk, "visitation:afgoerelse")
    decision = Decision.objects.filter(case=case).order_by("-version").first()
    if decision is None:
        raise Http404
    return _pdf(decision)


@require_page("visitation:decision_version_pdf")
def decision_version_pdf(request, pk, version):
    case = _case_for(request, pk, "visitation:afgoerelse")
    decision = Decision.objects.filter(case=case, version=version).first()
    if decision is None:
        raise Http404
    return _pdf(decision)


# Min side (citizens.portal): the citizen's own decision letters, linked from visitation/minside.py.


@portal.citizen_page
def citizen_letter(request, pk):
    """A decision letter of the session's own citizen (or one a power of attorney covers): the look is
    checked and logged by `portal.look` — another citizen's letter is a logged refusal (403)."""
    decision = Decision.objects.filter(pk=pk).select_related("case__citizen").first()
    if decision is None:
        raise Http404
    portal.look(request, decision.case.citizen, AccessPart.VISITATION_LETTER)
    return _pdf(decision)
