"""Trainee register, placements, meetings and their minutes, the supervisor page and the dashboard.
Recruitment views are in recruitment.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carecore.access import get_visible_or_403
from carecore.models import scope_unit_ids
from carecore.pagination import window
from carecore.registry import require_page
from carecore.responses import edit_page, pdf_response, render_page, submitted
from carecore.roles import Role, has_role
from carecore.versioning import EditConflict

from .. import figures, services
from ..forms import (
    CalendarFilterForm,
    MinutesForm,
    PlacementForm,
    SchoolPeriodForm,
    StatusForm,
    TraineeFilterForm,
    TraineeForm,
)
from ..models import (
    Applicant,
    Meeting,
    MeetingKind,
    MeetingState,
    Placement,
    Trainee,
    TraineeStatus,
    is_coordinator,
)


def may_write_minutes(user, meeting):
    """The coordinator, or the placement's own supervisor."""
    return is_coordinator(user) or (
        has_role(user, Role.TRAINEE_SUPERVISOR) and meeting.placement.supervisor_id == user.pk
    )


@require_page("students:list")
def trainee_list(request):
    form = TraineeFilterForm(request.GET or None)
    trainees = Trainee.objects.visible_to(request.user)
    if form.is_valid():
        trainees = form.filter(trainees)
    trainees = trainees.prefetch_related(
        Prefetch(
            "placements",
            queryset=Placement.objects.select_related("unit", "supervisor").order_by("starts_on"),
        )
    )
    page = window(request, trainees)
    today = timezone.localdate()
    for trainee in page.rows:
        placements = list(trainee.placements.all())
        trainee.placement_now = next((p for p in placements if p.starts_on <= today <= p.ends_on), None)
        trainee.placement_next = next((p for p in placements if p.starts_on > today), None)
    context = {
        "form": form,
        "page": page,
        "personal": is_coordinator(request.user),
        "supervises": has_role(request.user, Role.TRAINEE_SUPERVISOR),
    }
    return render_page(request, "students/trainee_list.html", context, partial="results")


@require_page("students:create")
@require_http_methods(["GET", "POST"])
def trainee_create(request):
    form = TraineeForm(request.POST or None, initial={"contact_person": request.user})
    if request.method == "POST" and form.is_valid():
        trainee = form.save()
        messages.success(request, _("The trainee was registered. Add the placements and school periods."))
        return redirect("students:detail", pk=trainee.pk)
    return render(request, "students/trainee_form.html", {"form": form})


@require_page("students:edit")
@require_http_methods(["GET", "POST"])
def trainee_edit(request, pk):
    trainee = get_visible_or_403(request, Trainee.objects.visible_to(request.user), pk)
    form = TraineeForm(request.POST or None, instance=trainee)
    return edit_page(
        request,
        "students/trainee_form.html",
        form,
        lambda: services.update_trainee(form.save(commit=False), version=form.cleaned_data["version"]),
        name="trainee",
        instance=trainee,
        done=_("The trainee was saved."),
        then=reverse("students:detail", args=[trainee.pk]),
    )


@require_page("students:detail")
def trainee_detail(request, pk):
    trainee = get_visible_or_403(request, Trainee.objects.visible_to(request.user), pk)
    return _detail(request, trainee)


def _detail(request, trainee, *, status_form=None, status=200):
    placements = list(trainee.placements.select_related("unit", "supervisor").prefetch_related("meetings"))
    today = timezone.localdate()
    for p in placements:
        p.meeting_rows = [(m, m.state(today), may_write_minutes(request.user, m)) for m in p.meetings.all()]
    return render(
        request,
        "students/trainee_detail.html",
        {
            "trainee": trainee,
            "placements": placements,
            "school_periods": list(trainee.school_periods.all()),
            "personal": is_coordinator(request.user),
            "coordinator": is_coordinator(request.user),
            "status_form": status_form
            or StatusForm(initial={"status": trainee.status, "on": today}, version_of=trainee),
            "applicant": Applicant.objects.filter(trainee=trainee).first()
            if is_coordinator(request.user)
            else None,
        },
        status=status,
    )


@require_page("students:placement_add")
@require_http_methods(["GET", "POST"])
def placement_add(request, pk):
    trainee = get_visible_or_403(request, Trainee.objects.visible_to(request.user), pk)
    form = PlacementForm(request.POST or None)

    def add():
        _placement, warnings = services.add_placement(trainee, request.user, **form.cleaned_data)
        for warning in warnings:
            messages.warning(request, warning)

    return _trainee_form(
        request,
        trainee,
        form,
        add,
        title=_("New placement"),
        done=_("The placement was saved and its three meetings planned."),
    )


@require_page("students:school_add")
@require_http_methods(["GET", "POST"])
def school_add(request, pk):
    trainee = get_visible_or_403(request, Trainee.objects.visible_to(request.user), pk)
    form = SchoolPeriodForm(request.POST or None)
    return _trainee_form(
        request,
        trainee,
        form,
        lambda: services.add_school_period(trainee, **form.cleaned_data),
        title=_("New school period"),
        done=_("The school period was saved."),
    )


def _trainee_form(request, trainee, form, action, *, title, done):
    """A form that adds to one trainee, on the simple form page; back to the trainee when saved."""
    back_url = reverse("students:detail", args=[trainee.pk])
    if request.method == "POST" and form.is_valid():
        if answer := submitted(request, form, action, done=done, then=back_url):
            return answer
    return render(
        request,
        "students/simple_form.html",
        {"form": form, "trainee": trainee, "title": title, "back_url": back_url},
    )


@require_page("students:status")
@require_POST
def status_change(request, pk):
    trainee = get_visible_or_403(request, Trainee.objects.visible_to(request.user), pk)
    form = StatusForm(request.POST, version_of=trainee)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(trainee, status=data["status"], on=data["on"], version=data["version"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
            return _detail(request, conflict.current, status_form=form, status=409)
        else:
            messages.success(request, _("The status was changed."))
    else:
        messages.error(request, _("Choose a status and a date."))
    return redirect("students:detail", pk=trainee.pk)


def _meeting(request, pk):
    """A meeting in the user's scope, with what its minutes and statement show."""
    meetings = Meeting.objects.visible_to(request.user).select_related(
        "placement__trainee", "placement__unit", "placement__supervisor", "written_by"
    )
    return get_visible_or_403(request, meetings, pk)


@require_page("students:meeting")
@require_http_methods(["GET", "POST"])
def meeting_minutes(request, pk):
    meeting = _meeting(request, pk)
    may_write = may_write_minutes(request.user, meeting)
    initial = {
        "held_on": meeting.held_on or timezone.localdate(),
        "attendees": meeting.attendees,
        "goals_discussed": meeting.goals_discussed,
        "agreements": meeting.agreements,
        "goals_met": {True: "yes", False: "no"}.get(meeting.goals_met, ""),
    }
    form = MinutesForm(initial=initial, meeting=meeting) if may_write else None
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        form = MinutesForm(request.POST, meeting=meeting)
        if form.is_valid() and (
            answer := submitted(
                request,
                form,
                lambda: services.record_minutes(meeting, request.user, **form.cleaned_data),
                done=_("The minutes were saved."),
                then=reverse("students:meeting", args=[meeting.pk]),
            )
        ):
            return answer
    return render(
        request,
        "students/meeting.html",
        {
            "meeting": meeting,
            "trainee": meeting.placement.trainee,
            "form": form,
            "state": meeting.state(),
            "statement": meeting.kind == MeetingKind.FINAL and meeting.goals_met is not None,
        },
    )


@require_page("students:statement")
def statement_pdf(request, pk):
    """Praktikerklæring: the placement statement from the final evaluation."""
    from weasyprint import HTML

    meeting = _meeting(request, pk)
    if meeting.kind != MeetingKind.FINAL or meeting.goals_met is None:
        raise Http404
    html = render_to_string(
        "students/statement_pdf.html",
        {
            "meeting": meeting,
            "placement": meeting.placement,
            "trainee": meeting.placement.trainee,
            "today": timezone.localdate(),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return pdf_response(pdf, f"praktikerklaering-{meeting.pk}.pdf")


@require_page("students:placements")
def placements(request):
    form = CalendarFilterForm(request.GET or None)
    qs = Placement.objects.all()
    if not is_coordinator(request.user):
        qs = qs.filter(unit_id__in=scope_unit_ids(request.user))
    if form.is_valid() and form.cleaned_data.get("area"):
        qs = qs.filter(unit__path__startswith=form.cleaned_data["area"].path)
    calendar = figures.placement_calendar(qs)
    return render(request, "students/placements.html", {"form": form, "calendar": calendar})


@require_page("students:supervisor")
def supervisor_page(request):
    today = timezone.localdate()
    current = list(
        Placement.objects.filter(supervisor=request.user, ends_on__gte=today)
        .select_related("trainee", "unit")
        .order_by("starts_on")
    )
    meetings = list(
        Meeting.objects.open()
        .filter(placement__supervisor=request.user)
        .select_related("placement__trainee")
        .order_by("due_on")[:50]
    )
    rows = [(m, m.state(today)) for m in meetings]
    return render(
        request,
        "students/supervisor.html",
        {
            "current": current,
            "today": today,
            "overdue": [r for r in rows if r[1] == MeetingState.OVERDUE],
            "due": [r for r in rows if r[1] == MeetingState.DUE],
            "upcoming": [r for r in rows if r[1] == MeetingState.PLANNED][:10],
        },
    )


@require_page("students:overview")
def overview(request):
    trainees = Trainee.objects.visible_to(request.user)
    this_year = timezone.localdate().year
    years = list(range(this_year - 5, this_year + 1))
    context = {
        "now": figures.by_programme_and_status(trainees),
        "years": figures.per_year(trainees, years),
        "dropouts": figures.dropouts(trainees),
        "meetings": figures.meetings_on_time(trainees),
        "load": figures.supervisor_load(trainees),
        "applicants": figures.applicants_per_stage(Applicant.objects.all())
        if is_coordinator(request.user)
        else None,
        "statuses": TraineeStatus,
    }
    return render(request, "students/overview.html", context)
