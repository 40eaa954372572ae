"""Start-up meetings: booking, recording, the survey answers and the survey table."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carecore.access import get_visible_or_403
from carecore.forms import add_service_errors
from carecore.registry import require_page
from citizens.models import Citizen

from .. import reports, services
from ..forms import MeetingBookForm, MeetingRecordForm, SurveyAnswerForm
from ..models import StartupMeeting, SurveyAnswer
from .plans import plan_teams


@require_page("homecare:startup_meetings")
def startup_meetings(request):
    meetings = StartupMeeting.objects.visible_to(request.user)
    upcoming = list(
        meetings.filter(held_at__isnull=True).select_related("citizen", "team").order_by("scheduled_at")[:50]
    )
    recent = list(
        meetings.filter(held_at__isnull=False)
        .select_related("citizen", "team")
        .annotate(has_baseline=Exists(SurveyAnswer.objects.filter(meeting=OuterRef("pk"), measurement=0)))
        .order_by("-held_at")[:50]
    )
    # The survey table is anonymous aggregate figures of all areas, so each area's trial can be compared;
    # the meeting lists (citizens by name) stay within the user's scope.
    return render(
        request,
        "homecare/startup_meetings.html",
        {
            "table": reports.survey_table(StartupMeeting.objects.all()),
            "upcoming": upcoming,
            "recent": recent,
            "questions": reports.QUESTIONS,
        },
    )


@require_page("homecare:meeting_book")
@require_http_methods(["GET", "POST"])
def meeting_book(request, citizen_pk):
    citizen = get_visible_or_403(
        request, Citizen.objects.visible_to(request.user), citizen_pk, part="opstartsmøde"
    )
    teams = plan_teams(request, citizen)
    form = MeetingBookForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        meeting = services.book_meeting(
            citizen,
            team=form.cleaned_data["team"],
            scheduled_at=form.cleaned_data["scheduled_at"],
            by=request.user,
        )
        messages.success(request, _("The start-up meeting was booked."))
        return redirect("homecare:meeting", pk=meeting.pk)
    return render(request, "homecare/meeting_book.html", {"citizen": citizen, "form": form})


@require_page("homecare:meeting")
@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk):
    meeting = get_visible_or_403(
        request,
        StartupMeeting.objects.visible_to(request.user).select_related("citizen", "team"),
        pk,
        part="opstartsmøde",
    )
    record_form = MeetingRecordForm(
        initial={
            "held_at": meeting.held_at or meeting.scheduled_at,
            "attendees": meeting.attendees,
            "goals": meeting.goals,
        }
    )
    answer_form = SurveyAnswerForm()
    if request.method == "POST":
        if not request.user.has_perm("homecare.change_startupmeeting"):
            raise PermissionDenied
        if request.POST.get("action") == "record":
            record_form = MeetingRecordForm(request.POST)
            form, call = record_form, lambda d: services.record_meeting(meeting, by=request.user, **d)
        else:
            answer_form = SurveyAnswerForm(request.POST)
            form = answer_form
            call = lambda d: services.record_answers(  # noqa: E731
                meeting, by=request.user, measurement=d["measurement"], scores=answer_form.scores()
            )
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("homecare:meeting", pk=meeting.pk)
    answers = list(meeting.answers.all())
    return render(
        request,
        "homecare/meeting_detail.html",
        {
            "meeting": meeting,
            "citizen": meeting.citizen,
            "answers": answers,
            "record_form": record_form,
            "answer_form": answer_form,
            "questions": reports.QUESTIONS,
            "can_record": request.user.has_perm("homecare.change_startupmeeting"),
        },
    )
