"""The record's own parts on Min side: the FSIII summary, and the journal notes of the kinds the
municipality shares (none by default; a correction is shown with the note it corrects)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from citizens.models import Assessment, AssessmentKind, JournalEntry, JournalKind

from ..factories import JournalEntryFactory, UserFactory, make_staff
from ..homecare.factories import make_visit
from ..medication.factories import make_line

pytestmark = pytest.mark.django_db


def test_functional_ability_shows_the_latest_level_of_each_area(client, citizen_login, borger, citizen_vest):
    nurse = UserFactory()
    earlier = timezone.now() - timedelta(days=30)
    for level, at in ((3, earlier), (1, timezone.now())):
        Assessment.objects.create(
            citizen=citizen_vest,
            kind=AssessmentKind.FUNCTION,
            code="self_care.washing",
            level=level,
            assessed_by=nurse,
            assessed_at=at,
        )
    citizen_login(borger)
    body = client.get("/min-side/").content.decode()
    assert "Vask" in body and "1 – lette begrænsninger" in body
    assert "3 – svære begrænsninger" not in body


def test_journal_notes_are_not_shared_by_default(client, citizen_login, borger, citizen_vest):
    JournalEntryFactory(citizen=citizen_vest, kind=JournalKind.CARE, text="Hemmelig note om bad")
    citizen_login(borger)
    body = client.get("/min-side/").content.decode()
    assert "Hemmelig note om bad" not in body and "Notater fra din journal" not in body


def test_shared_kinds_and_their_corrections_are_shown(client, citizen_login, borger, citizen_vest, settings):
    settings.MINSIDE_SHARED_JOURNAL_KINDS = ["rehab"]
    wrong = JournalEntryFactory(citizen=citizen_vest, kind=JournalKind.REHAB, text="Gik 50 meter")
    JournalEntry.objects.create(
        citizen=citizen_vest,
        author=wrong.author,
        kind=JournalKind.CORRECTION,
        corrects=wrong,
        text="Rettelse: gik 15 meter",
    )
    JournalEntryFactory(citizen=citizen_vest, kind=JournalKind.NURSING, text="Sygeplejenotat, ikke delt")
    citizen_login(borger)
    body = client.get("/min-side/").content.decode()
    assert "Notater fra din journal" in body
    assert "Gik 50 meter" in body and "Rettelse: gik 15 meter" in body
    assert "Sygeplejenotat, ikke delt" not in body


@pytest.mark.parametrize("n", [1, 8])
def test_the_own_page_costs_the_same_queries_however_much_care(
    n, client, citizen_login, borger, citizen_vest, settings, django_assert_num_queries
):
    settings.MINSIDE_SHARED_JOURNAL_KINDS = ["care"]
    nurse = make_staff("sygeplejerske.q")
    for i in range(n):
        make_visit(citizen_vest)
        JournalEntryFactory(citizen=citizen_vest, kind=JournalKind.CARE)
        make_line(citizen_vest, nurse, drug=f"Medicin {i}")
    citizen_login(borger)
    client.get("/min-side/")
    # session, user, account, own citizen, log insert, powers of attorney held, the current decision,
    # visit plans, visits, medicine, stays, pathways, own incident reports, assessments, notes
    with django_assert_num_queries(15):
        assert client.get("/min-side/").status_code == 200
