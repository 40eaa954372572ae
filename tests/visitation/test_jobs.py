"""The daily re-assessment reminder: once per decision, to the visitator who made it."""

from datetime import timedelta

import pytest
import time_machine

from carecore.models import Notification
from visitation import tasks as jobs
from visitation.tasks import BEAT_SCHEDULE

from .conftest import TODAY
from .test_services import grant, request_help

pytestmark = pytest.mark.django_db


def test_reassessment_is_reminded_once_when_due(elderly, visitator, org, catalogue):
    with time_machine.travel("2026-03-02 09:00 +01:00", tick=False):
        decision = grant(
            request_help(elderly).case,
            visitator,
            org.vest1,
            catalogue,
            reassess_on=TODAY + timedelta(days=30),
        )
        assert jobs.remind_reassessments() == 0
    with time_machine.travel("2026-04-01 07:00 +02:00", tick=False):
        jobs.remind_reassessments()
        jobs.remind_reassessments()
    note = Notification.objects.get()
    assert (note.user, note.key) == (visitator, f"visitation-reassess:{decision.pk}")
    assert note.title == "Revisitation forfalden: Inger Vestesen"


def test_reminder_runs_daily_from_beat(beat_schedule):
    entry = BEAT_SCHEDULE["visitation-remind-reassessments-daily"]
    assert entry["task"] == "visitation.remind_reassessments"
    assert beat_schedule["visitation-remind-reassessments-daily"].task == "visitation.remind_reassessments"
