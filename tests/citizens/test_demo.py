"""The demo citizens: registered through the record's services, history never dated in the future,
generated names without titles, and seeding again adds nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from carecore import demo as core_demo
from citizens import demo
from citizens.models import Assessment, Citizen, JournalEntry, Relative

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def seeded():
    with time_machine.travel(NOW, tick=False):
        core_demo.seed()
        demo.seed(citizens=30)
        yield


def test_demo_citizens_are_registered_with_their_change_history(seeded):
    assert Citizen.objects.count() == 30
    assert Citizen.history.filter(history_type="+").count() == 30
    assert Citizen.history.filter(history_user__username="visitator").count() == 30
    assert Relative.history.count() == Relative.objects.count() > 0


def test_no_assessment_or_journal_entry_is_dated_in_the_future(seeded):
    now = timezone.now()
    assert Assessment.objects.count() > 30 * 12
    assert not Assessment.objects.filter(assessed_at__gt=now).exists()
    assert not JournalEntry.objects.filter(created_at__gt=now).exists()


def test_a_function_is_reassessed_only_when_its_90_days_have_passed(seeded):
    dates = {}
    for key in Assessment.objects.filter(kind="function").values_list("citizen", "code", "assessed_at"):
        dates.setdefault(key[:2], []).append(key[2])
    reassessed = [sorted(d) for d in dates.values() if len(d) > 1]
    assert reassessed
    assert all(second - first == demo.REASSESSED_AFTER for first, second in reassessed)
    assert all(second <= timezone.now() for _first, second in reassessed)


def test_relatives_have_generated_names_without_titles(seeded):
    names = list(Relative.objects.values_list("name", flat=True))
    assert names and all("." not in n and len(n.split()) >= 2 for n in names)


def test_seeding_the_citizens_twice_adds_nothing(seeded):
    counts = (Citizen.objects.count(), JournalEntry.objects.count(), Assessment.objects.count())
    with time_machine.travel(NOW, tick=False):
        demo.seed(citizens=30)
    assert (Citizen.objects.count(), JournalEntry.objects.count(), Assessment.objects.count()) == counts


def test_seeding_tops_up_to_a_larger_target(seeded):
    with time_machine.travel(NOW, tick=False):
        demo.seed(citizens=40)
    assert Citizen.objects.count() == 40
