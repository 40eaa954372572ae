"""Recruitment: information meetings with registrations, applicants through the pipeline,
pre-placements, and hiring an accepted applicant as a trainee in one step."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carecore.access import get_visible_or_403
from carecore.registry import require_page
from carecore.responses import submitted

from .. import figures, services
from ..forms import ApplicantForm, HireForm, InfoMeetingForm, PrePlacementForm, RegistrationForm, StageForm
from ..models import Applicant, ApplicantStage, InfoMeeting


@require_page("students:recruitment")
def recruitment(request):
    stage = request.GET.get("fase", "")
    applicants = Applicant.objects.select_related("info_meeting").order_by("-applied_on", "id")
    if stage in ApplicantStage.values:
        applicants = applicants.filter(stage=stage)
    return render(
        request,
        "students/recruitment.html",
        {
            "meetings": list(InfoMeeting.objects.annotate(n=Count("registrations")).order_by("-held_at")[:8]),
            "applicants": list(applicants[:200]),
            "per_stage": figures.applicants_per_stage(Applicant.objects.all()),
            "stages": ApplicantStage.choices,
            "stage": stage,
        },
    )


def _create(request, form_class, *, title, saved, detail):
    """A new information meeting or applicant from its form on the simple form page, then its own page."""
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = form.save()
        messages.success(request, saved)
        return redirect(detail, pk=row.pk)
    return render(
        request,
        "students/simple_form.html",
        {"form": form, "title": title, "back_url": reverse("students:recruitment")},
    )


@require_page("students:info_meeting_create")
@require_http_methods(["GET", "POST"])
def info_meeting_create(request):
    return _create(
        request,
        InfoMeetingForm,
        title=_("New information meeting"),
        saved=_("The information meeting was created."),
        detail="students:info_meeting",
    )


@require_page("students:info_meeting")
@require_http_methods(["GET", "POST"])
def info_meeting_detail(request, pk):
    meeting = get_visible_or_403(request, InfoMeeting.objects.all(), pk)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration = form.save(commit=False)
        registration.info_meeting = meeting
        registration.save()
        messages.success(request, _("The registration was saved."))
        return redirect("students:info_meeting", pk=meeting.pk)
    return render(
        request,
        "students/info_meeting.html",
        {"meeting": meeting, "registrations": list(meeting.registrations.all()), "form": form},
    )


@require_page("students:applicant_create")
@require_http_methods(["GET", "POST"])
def applicant_create(request):
    return _create(
        request,
        ApplicantForm,
        title=_("New applicant"),
        saved=_("The applicant was registered."),
        detail="students:applicant",
    )


@require_page("students:applicant")
@require_http_methods(["GET", "POST"])
def applicant_detail(request, pk):
    applicant = get_visible_or_403(request, Applicant.objects.select_related("info_meeting", "trainee"), pk)
    pre_form = PrePlacementForm(prefix="pre")
    hire_form = HireForm(prefix="hire", applicant=applicant)
    if request.method == "POST":
        if "pre-unit" in request.POST:
            pre_form = PrePlacementForm(request.POST, prefix="pre")
            if pre_form.is_valid():
                pre = pre_form.save(commit=False)
                pre.applicant = applicant
                pre.save()
                messages.success(request, _("The pre-placement was saved."))
                return redirect("students:applicant", pk=applicant.pk)
        else:
            hire_form = HireForm(request.POST, prefix="hire", applicant=applicant)
            if hire_form.is_valid() and (
                answer := submitted(
                    request,
                    hire_form,
                    lambda: services.hire_applicant(applicant, request.user, **hire_form.cleaned_data),
                    done=_("The applicant is now a trainee."),
                    then=lambda trainee: reverse("students:detail", args=[trainee.pk]),
                )
            ):
                return answer
    return render(
        request,
        "students/applicant.html",
        {
            "applicant": applicant,
            "pre_placements": list(applicant.pre_placements.select_related("unit")),
            "pre_form": pre_form,
            "hire_form": hire_form,
            "stage_form": StageForm(initial={"stage": applicant.next_stage() or applicant.stage}),
            "closed": applicant.stage in (ApplicantStage.HIRED, ApplicantStage.REJECTED),
            "can_hire": applicant.stage == ApplicantStage.OFFERED,
        },
    )


@require_page("students:applicant_stage")
@require_POST
def applicant_stage(request, pk):
    applicant = get_visible_or_403(request, Applicant.objects.all(), pk)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.advance_applicant(applicant, form.cleaned_data["stage"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The applicant was moved to %(stage)s.") % {"stage": ApplicantStage(applicant.stage).label},
            )
    return redirect("students:applicant", pk=applicant.pk)
