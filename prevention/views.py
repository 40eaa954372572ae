"""SFT's pages: the department's start, the month's preventive home visits, the courses and teams with
their one-tap attendance, and the leader's overview. Thin views: forms parse, services write."""

from datetime import date
from functools import wraps

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carecore.access import get_visible_or_403, log_refused_look
from carecore.forms import add_service_errors
from carecore.pagination import window
from carecore.registry import get as get_page
from carecore.registry import require_page
from carecore.responses import render_page
from carecore.roles import Role, has_role
from citizens.audit import log_access_many

from . import services
from .forms import (
    AnswerForm,
    BookForm,
    CourseForm,
    EndForm,
    EnrolForm,
    ExemptionForm,
    OutcomeForm,
    RiskFlagForm,
    StartForm,
    TrainingPlanForm,
    VisitRecordForm,
    sft_instructors,
)
from .models import (
    Course,
    Enrolment,
    EnrolmentStatus,
    Offer,
    OfferStatus,
    Outcome,
    PreventiveVisit,
    Session,
    TrainingPlan,
    in_sft,
    sft_unit,
)
from .pages import COURSE_ADMIN_ROLES, COURSE_PART, PLAN_PART, VISIT_PART, VISIT_ROLES


def sft_page(name):
    """`require_page(name)`, and only for staff of SFT (or a leader above it): a leader of another
    department holds the role but not the unit. A refused look at a citizen's object is logged."""

    def decorator(view):
        @require_page(name)
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not in_sft(request.user):
                page = get_page(name)
                if page.model and page.id_kwarg in kwargs:
                    log_refused_look(request, apps.get_model(page.model), kwargs[page.id_kwarg], page.part)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _month(value, today):
    try:
        year, month = (int(p) for p in str(value or "").split("-"))
        return date(year, month, 1) if 2000 <= year <= today.year + 5 else date(today.year, today.month, 1)
    except (ValueError, TypeError):
        return date(today.year, today.month, 1)


def _shift(month, by):
    n = month.year * 12 + month.month - 1 + by
    return date(n // 12, n % 12 + 1, 1)


# --- the department's start ----------------------------------------------------------------------
@sft_page("prevention:start")
def start(request):
    today = timezone.localdate()
    month = date(today.year, today.month, 1)
    return render(
        request,
        "prevention/start.html",
        {
            "month": month,
            "open_offers": Offer.objects.filter(month=month, status=OfferStatus.INVITED).count(),
            "courses": Course.objects.filter(sessions__starts_at__date__gte=today).distinct().count(),
            "visits_page": has_role(request.user, *VISIT_ROLES),
            "training_page": has_role(request.user, *COURSE_ADMIN_ROLES),
            "leader": has_role(request.user, Role.LEADER),
        },
    )


# --- §79a preventive home visits -----------------------------------------------------------------
@sft_page("prevention:visits")
def visits(request):
    today = timezone.localdate()
    month = _month(request.GET.get("maaned"), today)
    qs = Offer.objects.visible_to(request.user).filter(month=month).select_related("visit")
    page = window(request, qs.order_by("name", "id"), size=50)
    log_access_many(request, [o.citizen_id for o in page.rows if o.citizen_id], VISIT_PART)
    return render(
        request,
        "prevention/visits.html",
        {
            "page": page,
            "month": month,
            "previous": _shift(month, -1),
            "next": _shift(month, 1),
        },
    )


@sft_page("prevention:make_list")
@require_POST
def make_list(request):
    month = _month(request.POST.get("maaned"), timezone.localdate())
    count = services.make_invitation_list(month)
    messages.success(request, _("%(count)s new offers on the list.") % {"count": count})
    return redirect(f"{reverse('prevention:visits')}?maaned={month:%Y-%m}")


@sft_page("prevention:risk")
@require_http_methods(["GET", "POST"])
def risk(request):
    action = request.POST.get("action")
    risk_form = RiskFlagForm(request.POST if action == "risk" else None, prefix="risk")
    exempt_form = ExemptionForm(request.POST if action == "exempt" else None, prefix="exempt")
    form = risk_form if action == "risk" else exempt_form if action == "exempt" else None
    if form is not None and form.is_valid():
        service = services.flag_risk if action == "risk" else services.exempt
        service(cpr=form.cleaned_data["cpr"], reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, _("Saved. The next invitation list takes it into account."))
        return redirect("prevention:risk")
    return render(
        request,
        "prevention/risk.html",
        {"risk_form": risk_form, "exempt_form": exempt_form},
        status=400 if form is not None else 200,
    )


def _offer(request, pk):
    return get_visible_or_403(request, Offer.objects.visible_to(request.user), pk, part=VISIT_PART)


def _render_offer(request, offer, *, answer_form=None, book_form=None, status=200):
    visit = getattr(offer, "visit", None)
    return render(
        request,
        "prevention/offer.html",
        {
            "offer": offer,
            "visit": visit,
            "answer_form": answer_form or AnswerForm(initial={"status": offer.status}),
            "book_form": book_form
            or BookForm(initial={"scheduled_at": visit.scheduled_at if visit else None}),
        },
        status=status,
    )


@sft_page("prevention:offer")
def offer(request, pk):
    return _render_offer(request, _offer(request, pk))


@sft_page("prevention:answer")
@require_POST
def answer(request, pk):
    offer = _offer(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_offer(offer, status=form.cleaned_data["status"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The answer is recorded."))
            return redirect("prevention:offer", pk=offer.pk)
    return _render_offer(request, offer, answer_form=form, status=400)


@sft_page("prevention:book")
@require_POST
def book(request, pk):
    offer = _offer(request, pk)
    form = BookForm(request.POST)
    if form.is_valid():
        try:
            visit = services.book_visit(
                offer, scheduled_at=form.cleaned_data["scheduled_at"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The visit is booked."))
            return redirect("prevention:visit", pk=visit.pk)
    return _render_offer(request, offer, book_form=form, status=400)


@sft_page("prevention:visit")
@require_http_methods(["GET", "POST"])
def visit(request, pk):
    qs = PreventiveVisit.objects.visible_to(request.user).select_related("citizen", "offer", "consultant")
    the_visit = get_visible_or_403(request, qs, pk, part=VISIT_PART)
    form = VisitRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_visit(the_visit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The visit is documented."))
            return redirect("prevention:visit", pk=the_visit.pk)
    records = list(the_visit.records.select_related("author").order_by("-at", "-id"))
    if request.method == "GET" and records:
        last = records[0]
        form = VisitRecordForm(
            initial={f: getattr(last, f) for f in ("health", "network", "activity", "housing")}
        )
    return render(
        request,
        "prevention/visit.html",
        {
            "visit": the_visit,
            "records": records,
            "actions": list(the_visit.actions.order_by("created_at", "id")),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


# --- courses and teams ---------------------------------------------------------------------------
@sft_page("prevention:courses")
def courses(request):
    qs = Course.objects.visible_to(request.user).with_counts().select_related("instructor")
    page = window(request, qs.order_by("-starts_on", "title", "id"), size=50)
    return render(request, "prevention/courses.html", {"page": page})


@sft_page("prevention:course_new")
@require_http_methods(["GET", "POST"])
def course_new(request):
    form = CourseForm(request.POST or None, instructors=sft_instructors(sft_unit()))
    if request.method == "POST" and form.is_valid():
        course = services.create_course(form, by=request.user)
        messages.success(request, _("The course is in the catalogue."))
        return redirect("prevention:course", pk=course.pk)
    return render(request, "prevention/course_new.html", {"form": form}, status=400 if form.errors else 200)


def _course(request, pk):
    return get_visible_or_403(request, Course.objects.visible_to(request.user).with_counts(), pk)


def _render_course(request, course, *, form=None, outcome_form=None, status=200):
    enrolments = list(
        Enrolment.objects.filter(course=course)
        .select_related("citizen")
        .annotate(missed=Count("attendance", filter=Q(attendance__present=False)))
        .order_by("status", "created_at", "id")
    )
    log_access_many(request, [e.citizen_id for e in enrolments], COURSE_PART)
    return render_page(
        request,
        "prevention/course.html",
        {
            "course": course,
            "enrolled": [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED],
            "waiting": [e for e in enrolments if e.status == EnrolmentStatus.WAITING],
            "sessions": list(course.sessions.order_by("starts_at", "id")),
            "now": timezone.now(),
            "form": form or EnrolForm(),
            "outcome_form": outcome_form or _outcome_form(course),
            "outcomes": services.outcome_averages(Outcome.objects.filter(enrolment__course=course)),
            "missed_limit": services.MISSED_TO_FLAG,
        },
        partial="enrol",
        status=status,
    )


@sft_page("prevention:course")
def course(request, pk):
    return _render_course(request, _course(request, pk))


@sft_page("prevention:enrol")
@require_POST
def enrol(request, pk):
    the_course = _course(request, pk)
    form = EnrolForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.enrol_resident(
                the_course,
                data["cpr"],
                source=data["source"],
                referral_text=data["referral_text"],
                wait_list=data["wait_list"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if enrolment.status == EnrolmentStatus.WAITING:
                messages.success(request, _("The course is full; the citizen is on the waiting list."))
            else:
                messages.success(request, _("The citizen is enrolled."))
            return redirect("prevention:course", pk=the_course.pk)
    return _render_course(request, the_course, form=form, status=400)


def _outcome_form(course, data=None):
    enrolled = Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).select_related(
        "citizen"
    )
    return OutcomeForm(data, enrolments=enrolled.order_by("citizen__last_name", "id"), prefix="outcome")


@sft_page("prevention:outcome")
@require_POST
def outcome(request, pk):
    the_course = _course(request, pk)
    form = _outcome_form(the_course, request.POST)
    if form.is_valid():
        services.record_outcome(**form.cleaned_data, by=request.user)
        messages.success(request, _("The answers are recorded."))
        return redirect("prevention:course", pk=the_course.pk)
    return _render_course(request, the_course, outcome_form=form, status=400)


def _session(request, pk):
    qs = Session.objects.visible_to(request.user).select_related("course")
    return get_visible_or_403(request, qs, pk)


def _render_session(request, the_session, *, error="", status=200):
    enrolments = list(
        Enrolment.objects.filter(course_id=the_session.course_id, status=EnrolmentStatus.ENROLLED)
        .select_related("citizen")
        .annotate(
            missed=Count("attendance", filter=Q(attendance__present=False)),
            here=Count("attendance", filter=Q(attendance__session=the_session, attendance__present=True)),
            away=Count("attendance", filter=Q(attendance__session=the_session, attendance__present=False)),
        )
        .order_by("citizen__last_name", "citizen__first_name", "id")
    )
    log_access_many(request, [e.citizen_id for e in enrolments], COURSE_PART)
    return render_page(
        request,
        "prevention/session.html",
        {
            "session": the_session,
            "enrolments": enrolments,
            "future": the_session.starts_at > timezone.now(),
            "error": error,
            "missed_limit": services.MISSED_TO_FLAG,
        },
        partial="attendance",
        status=status,
    )


@sft_page("prevention:session")
def session(request, pk):
    return _render_session(request, _session(request, pk))


@sft_page("prevention:attend")
@require_POST
def attend(request, pk):
    the_session = _session(request, pk)
    enrolment_id = request.POST.get("enrolment", "")
    enrolment = None
    if enrolment_id.isdigit():
        enrolment = Enrolment.objects.filter(course_id=the_session.course_id, pk=enrolment_id).first()
    if enrolment is None:
        return _render_session(request, the_session, error=_("Choose a citizen on the list."), status=400)
    try:
        services.record_attendance(
            the_session, enrolment, present=request.POST.get("present") == "1", by=request.user
        )
    except ValidationError as exc:
        return _render_session(request, the_session, error=" ".join(exc.messages), status=400)
    if request.htmx:
        return _render_session(request, the_session)
    return redirect("prevention:session", pk=the_session.pk)


# --- §140 training after hospital ----------------------------------------------------------------
CHILDREN = "boern"


def _plans_page(request, *, form=None, status=200):
    children = request.GET.get("vis") == CHILDREN or request.POST.get("vis") == CHILDREN
    qs = (
        TrainingPlan.objects.visible_to(request.user)
        .filter(is_child=children, ended_on__isnull=True)
        .select_related("citizen", "therapist")
        .order_by("start_by", "id")
    )
    page = window(request, qs, size=50)
    log_access_many(request, [p.citizen_id for p in page.rows], PLAN_PART)
    today = timezone.localdate()
    for plan in page.rows:
        plan.overdue = plan.is_overdue(today)
    return render(
        request,
        "prevention/training.html",
        {
            "page": page,
            "children": children,
            "form": form or TrainingPlanForm(therapists=sft_instructors(sft_unit())),
        },
        status=status,
    )


@sft_page("prevention:training")
def training(request):
    return _plans_page(request)


@sft_page("prevention:plan_new")
@require_POST
def plan_new(request):
    form = TrainingPlanForm(request.POST, therapists=sft_instructors(sft_unit()))
    if form.is_valid():
        try:
            plan = services.register_plan(**form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The training plan is registered."))
            return redirect("prevention:plan", pk=plan.pk)
    return _plans_page(request, form=form, status=400)


def _plan(request, pk):
    qs = TrainingPlan.objects.visible_to(request.user).select_related("citizen", "therapist")
    return get_visible_or_403(request, qs, pk, part=PLAN_PART)


def _render_plan(request, plan, *, start_form=None, end_form=None, status=200):
    return render(
        request,
        "prevention/plan.html",
        {
            "plan": plan,
            "overdue": plan.is_overdue(),
            "start_form": start_form or StartForm(),
            "end_form": end_form or EndForm(),
        },
        status=status,
    )


@sft_page("prevention:plan")
def plan(request, pk):
    return _render_plan(request, _plan(request, pk))


def _record_on_plan(request, pk, form_class, record, done, form_name):
    """Start or end a training plan: the service records it, else the plan page again with the form's
    errors (400)."""
    the_plan = _plan(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            record(the_plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("prevention:plan", pk=the_plan.pk)
    the_plan.refresh_from_db()
    return _render_plan(request, the_plan, status=400, **{form_name: form})


@sft_page("prevention:plan_start")
@require_POST
def plan_start(request, pk):
    return _record_on_plan(
        request, pk, StartForm, services.start_training, _("The start is recorded."), "start_form"
    )


@sft_page("prevention:plan_end")
@require_POST
def plan_end(request, pk):
    return _record_on_plan(
        request, pk, EndForm, services.end_training, _("The end result is recorded."), "end_form"
    )


# --- the leader's overview -----------------------------------------------------------------------
@sft_page("prevention:overview")
def overview(request):
    today = timezone.localdate()
    year = today.year
    offers = (
        Offer.objects.filter(year=year)
        .values("month")
        .annotate(
            offered=Count("id"),
            accepted=Count("id", filter=Q(status=OfferStatus.ACCEPTED)),
            declined=Count("id", filter=Q(status=OfferStatus.DECLINED)),
            visits=Count("visit"),
        )
        .order_by("month")
    )
    rows = []
    for row in offers:
        answered = row["accepted"] + row["declined"]
        row["rate"] = round(100 * row["accepted"] / answered) if answered else None
        rows.append(row)
    courses = list(
        Course.objects.with_counts()
        .filter(starts_on__year__gte=year - 1)
        .order_by("place", "starts_on", "id")
    )
    return render(
        request,
        "prevention/overview.html",
        {
            "year": year,
            "months": rows,
            "courses": courses,
            "outcomes": services.outcome_averages(Outcome.objects.filter(at__year=year)),
        },
    )
