"""Periodic jobs of the trainee module and their beat entries. Idempotent: the notification key names the meeting and the
kind of reminder, so running a job twice writes nothing more."""

from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from carecore.models import Notification
from carecore.notifications import notify_many
from carecore.roles import Role

from .models import Meeting, TraineeStatus

REMIND_DAYS_BEFORE = 7


@shared_task(name="students.meeting_reminders")
def meeting_reminders(now=None):
    """Remind the supervisor and the coordinator (the trainee's contact person, else every coordinator)
    of meetings not yet held: once a week before the due date ("soon") and once when due or overdue."""
    today = timezone.localdate(now or timezone.now())
    meetings = list(
        Meeting.objects.open()
        .filter(
            due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
            placement__trainee__status=TraineeStatus.ACTIVE,
        )
        .select_related("placement__trainee", "placement__unit")
    )
    if not meetings:
        return 0
    coordinators = list(
        get_user_model()
        .objects.filter(groups__name=Role.TRAINEE_COORDINATOR, is_active=True)
        .values_list("pk", flat=True)
    )
    notes = []
    with override(settings.LANGUAGE_CODE):
        for meeting in meetings:
            placement, trainee = meeting.placement, meeting.placement.trainee
            stage = "due" if meeting.due_on <= today else "soon"
            recipients = set()
            if placement.supervisor_id:
                recipients.add(placement.supervisor_id)
            if trainee.contact_person_id:
                recipients.add(trainee.contact_person_id)
            else:
                recipients.update(coordinators)
            values = {
                "meeting": meeting.get_kind_display(),
                "name": trainee.full_name,
                "date": formats.date_format(meeting.due_on, "SHORT_DATE_FORMAT"),
            }
            if stage == "due":
                title = _("%(meeting)s with %(name)s is due (%(date)s)") % values
            else:
                title = _("%(meeting)s with %(name)s is coming up (due %(date)s)") % values
            url = reverse("students:meeting", args=[meeting.pk])
            for user_id in recipients:
                notes.append(
                    Notification(
                        user_id=user_id,
                        key=f"trainee-meeting:{meeting.pk}:{stage}",
                        title=title,
                        body=str(placement.unit),
                        url=url,
                    )
                )
    return notify_many(notes)


BEAT_SCHEDULE = {
    "students-meeting-reminders-daily": {
        "task": "students.meeting_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
}
