"""What a citizen sees on Min side: their details, granted help, the coming week's visits and stays;
who has looked (unit, role, purpose; refused looks too; any period); a question with a receipt. Each of
their own looks is logged as "egen adgang"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carecore.models import Notification
from carecore.roles import Role
from citizens.models import AccessLog, AccessPart
from minside.models import AccessQuestion

from ..factories import make_staff
from ..homecare.factories import VisitPlanFactory, make_visit
from ..rehab.factories import StayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def carer(org):
    user = make_staff("sofie.vest", role=Role.SSH, units=[org.vest1])
    user.first_name, user.last_name = "Xenia", "Qvistgaard"
    user.save()
    return user


def test_own_page_shows_details_help_visits_and_stays(
    frozen, client, citizen_login, borger, citizen_vest, carer
):
    VisitPlanFactory(citizen=citizen_vest, title="Aftenhjælp")
    make_visit(citizen_vest, assigned_to=carer)
    stay = StayFactory(citizen=citizen_vest, starts_at=timezone.now() - timedelta(days=60))
    type(stay).objects.filter(pk=stay.pk).update(discharged_at=timezone.now() - timedelta(days=46))
    citizen_login(borger)

    body = client.get("/min-side/").content.decode()

    assert citizen_vest.cpr in body and citizen_vest.address in body
    assert "så retter vi det" in body  # how to correct it
    assert "Hjælp, du har fået bevilget" in body and "Aftenhjælp" in body
    assert (
        "Dine besøg den kommende uge" in body and "Tirsdag 10. marts kl. 09.00"
    )  # make_visit: 8 UTC in body
    assert "Ophold på Rehab- og Akutcenter" in body and "9. januar 2026 til 23. januar 2026" in body
    assert "Xenia" not in body and "sofie.vest" not in body


def test_carer_first_name_only_when_the_municipality_allows_it(
    frozen, client, citizen_login, borger, citizen_vest, carer, settings
):
    settings.MINSIDE_SHOW_CARER_FIRST_NAME = True
    make_visit(citizen_vest, assigned_to=carer)
    citizen_login(borger)
    body = client.get("/min-side/").content.decode()
    assert "Hjælper: Xenia" in body
    assert "Qvistgaard" not in body and "sofie.vest" not in body


def test_visits_beyond_the_coming_week_are_not_shown(frozen, client, citizen_login, borger, citizen_vest):
    visit = make_visit(citizen_vest)
    later = visit.starts_at + timedelta(days=8)
    type(visit).objects.filter(pk=visit.pk).update(
        date=later.date(),
        starts_at=later,
        ends_at=later + timedelta(minutes=30),
        window_end=later + timedelta(hours=1),
    )
    citizen_login(borger)
    assert "Der er ingen besøg planlagt den kommende uge" in client.get("/min-side/").content.decode()


def test_each_look_at_ones_own_page_is_logged_as_own_access(client, citizen_login, borger, citizen_vest):
    citizen_login(borger)
    client.get("/min-side/")
    client.get("/min-side/adgange/")
    rows = AccessLog.objects.filter(citizen=citizen_vest, user=borger)
    assert sorted(rows.values_list("part", "purpose", "outcome")) == [
        (AccessPart.OWN_PAGE, "egen adgang", "shown"),
        (AccessPart.OWN_ACCESS_LOG, "egen adgang", "shown"),
    ]


def test_who_has_looked_shows_unit_role_part_and_refusals_but_no_name(
    frozen, client, citizen_login, borger, citizen_vest, carer, org
):
    AccessLog.objects.create(
        user=carer,
        username=carer.username,
        citizen=citizen_vest,
        part=AccessPart.JOURNAL,
        purpose="Social- og sundhedshjælper",
        unit_name="Vest Team 1",
    )
    stranger = make_staff("ssh.oest", role=Role.SSH, units=[org.oest1])
    AccessLog.objects.create(
        user=stranger,
        username="ssh.oest",
        citizen=citizen_vest,
        part=AccessPart.OVERVIEW,
        outcome="refused",
        unit_name="Øst Team 1",
    )
    citizen_login(borger)
    body = client.get("/min-side/adgange/").content.decode()
    assert "Vest Team 1" in body and "Øst Team 1" in body
    assert "Social- og sundhedshjælper" in body
    assert "Journal" in body and "Afvist" in body and "Set" in body
    assert "10. marts 2026" in body and "09.30" in body
    assert (
        "Xenia" not in body
        and "Qvistgaard" not in body
        and "sofie.vest" not in body
        and "ssh.oest" not in body
    )


def test_the_unit_shown_is_the_lookers_unit_at_the_time_of_the_look(
    client, citizen_login, borger, citizen_vest, carer, org
):
    from django.test import Client

    from carecore.models import Membership

    staff = Client()
    staff.force_login(carer)
    assert staff.get(f"/borgere/{citizen_vest.pk}/").status_code == 200
    stranger = make_staff("ssh.oest", role=Role.SSH, units=[org.oest1])
    staff.force_login(stranger)
    assert staff.get(f"/borgere/{citizen_vest.pk}/").status_code == 403
    # Later the carer moves to Øst and the stranger to Vest: the log keeps the units of then.
    Membership.objects.filter(user=carer).update(unit=org.oest1)
    Membership.objects.filter(user=stranger).update(unit=org.vest2)
    staff.force_login(carer)
    staff.get(f"/borgere/{citizen_vest.pk}/")
    assert list(
        AccessLog.objects.filter(citizen=citizen_vest).order_by("id").values_list("unit_name", "outcome")
    ) == [("Vest Team 1", "shown"), ("Øst Team 1", "refused"), ("Øst Team 1", "refused")]
    citizen_login(borger)
    body = client.get("/min-side/adgange/").content.decode()
    assert body.count("<td>Vest Team 1</td>") == 1 and body.count("<td>Øst Team 1</td>") == 2
    assert "Vest Team 2" not in body


def test_a_look_logged_before_units_were_stored_shows_no_unit(
    client, citizen_login, borger, citizen_vest, carer
):
    AccessLog.objects.create(
        user=carer, username=carer.username, citizen=citizen_vest, part=AccessPart.JOURNAL
    )
    citizen_login(borger)
    body = client.get("/min-side/adgange/").content.decode()
    assert "Vest Team 1" not in body and "<td>–</td>" in body


def test_staff_name_when_the_municipality_says_so(
    client, citizen_login, borger, citizen_vest, carer, settings
):
    settings.MINSIDE_SHOW_STAFF_NAME = True
    AccessLog.objects.create(
        user=carer, username=carer.username, citizen=citizen_vest, part=AccessPart.JOURNAL
    )
    citizen_login(borger)
    body = client.get("/min-side/adgange/").content.decode()
    assert "Xenia Qvistgaard" in body and "sofie.vest" not in body


def test_period_filter(frozen, client, citizen_login, borger, citizen_vest, carer):
    old = AccessLog.objects.create(user=carer, username="x", citizen=citizen_vest, part=AccessPart.JOURNAL)
    AccessLog.objects.filter(pk=old.pk)  # rows are never updated: date the old one by travelling
    frozen.move_to(timezone.now() - timedelta(days=400))
    AccessLog.objects.create(
        user=carer, username="x", citizen=citizen_vest, part=AccessPart.FUNCTIONAL_ABILITY
    )
    frozen.move_to(timezone.now() + timedelta(days=400))
    citizen_login(borger)
    body = client.get("/min-side/adgange/?fra=2025-01-01&til=2025-12-31").content.decode()
    assert "Funktionsevne" in body and "Journal" not in body
    body = client.get("/min-side/adgange/?fra=10-03-2026").content.decode()
    assert "Journal" in body and "Funktionsevne" not in body


@pytest.mark.parametrize(
    "query, message",
    [
        ("fra=2026-13-01", "Skriv datoen som dd-mm-åååå"),
        ("til=igår", "Skriv datoen som dd-mm-åååå"),
        ("fra=2026-03-05&til=2026-03-01", "Slutdatoen skal være samme dag som eller efter startdatoen"),
        ("fra=2027-01-01", "Startdatoen kan ikke ligge i fremtiden"),
    ],
)
def test_bad_period_says_why_in_danish_next_to_the_field(
    frozen, query, message, client, citizen_login, borger, citizen_vest
):
    AccessLog.objects.create(username="x", citizen=citizen_vest, part=AccessPart.JOURNAL)
    citizen_login(borger)
    response = client.get(f"/min-side/adgange/?{query}")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="error" id="id_' in body and message in body
    assert "<table" not in body


def _looks(citizen, user, n):
    AccessLog.objects.bulk_create(
        [
            AccessLog(user=user, username=user.username, citizen=citizen, part=AccessPart.JOURNAL)
            for _ in range(n)
        ]
    )


@pytest.mark.parametrize("n", [10, 200])
def test_who_has_looked_costs_the_same_queries_for_10_and_200_looks(
    n, client, citizen_login, borger, citizen_vest, carer, org, django_assert_num_queries
):
    others = [make_staff(f"ssh.{i}", role=Role.SSH, units=[org.vest1, org.vest2]) for i in range(3)]
    for user in [carer, *others]:
        _looks(citizen_vest, user, n // 4)
    citizen_login(borger)
    client.get("/min-side/adgange/")
    # session, user, account, the own citizen, log insert, powers of attorney held, the page (the unit
    # is stored on each row), the person's own questions
    with django_assert_num_queries(8):
        response = client.get("/min-side/adgange/")
    assert response.status_code == 200


def test_ask_about_a_look_gives_a_receipt_and_tells_the_data_protection_contact(
    client, citizen_login, borger, citizen_vest, carer, org
):
    contact = make_staff("admin.dp", role=Role.SYSADMIN, units=[org.staff_unit])
    look = AccessLog.objects.create(user=carer, username="x", citizen=citizen_vest, part=AccessPart.JOURNAL)
    citizen_login(borger)
    page = client.get(f"/min-side/adgange/spoerg/?look={look.pk}").content.decode()
    assert "Om opslaget den" in page and f'value="{look.pk}"' in page
    response = client.post(
        "/min-side/adgange/spoerg/", {"look": look.pk, "question": "Hvorfor så I min journal?"}, follow=True
    )
    question = AccessQuestion.objects.get()
    assert question.look == look and question.citizen == citizen_vest and question.asked_by == borger
    assert f"Dit kvitteringsnummer er {question.receipt}" in response.content.decode()
    note = Notification.objects.get(user=contact)
    assert question.receipt in note.title and note.url == f"/databeskyttelse/spoergsmaal/{question.pk}/"
    assert not Notification.objects.exclude(user=contact).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"question": ""}, "Skriv dit spørgsmål."),
        ({"question": "   hm "}, "Skriv dit spørgsmål."),
        ({"question": "x" * 2001}, "Dit spørgsmål er for langt"),
        ({"question": "Hvem var det?", "look": "999999"}, "Vi kan ikke finde det opslag i din log."),
        ({"question": "Hvem var det?", "look": "abc"}, "Indtast et heltal."),
    ],
)
def test_bad_question_is_refused_in_danish_and_nothing_saved(
    data, message, client, citizen_login, borger, citizen_vest
):
    citizen_login(borger)
    response = client.post("/min-side/adgange/spoerg/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AccessQuestion.objects.exists()


def test_a_person_without_a_record_or_grant_sees_that_nothing_is_registered(client, citizen_login):
    from .conftest import make_account

    citizen_login(make_account("ingen", "010190-1234"))
    assert "Vi har ingen pleje registreret for dig" in client.get("/min-side/").content.decode()
    assert "Vi har ingen pleje registreret for dig" in client.get("/min-side/adgange/").content.decode()
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("number", [1, 150])
def test_ten_thousand_looks_are_paged_in_the_same_queries_without_a_count(
    number, client, citizen_login, borger, citizen_vest, carer
):
    """10,000 looks render fast because a page reads 51 rows by the (citizen, -at) index and never counts
    them (ADR 4); the time itself is measured by `make bench` (minside/bench.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _looks(citizen_vest, carer, 10_000)
    citizen_login(borger)
    client.get("/min-side/adgange/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/min-side/adgange/?side={number}")
    body = response.content.decode()
    assert response.status_code == 200 and len(captured) == 8
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
    assert any("LIMIT 51" in q["sql"] for q in captured.captured_queries)
    start = (number - 1) * 50 + 1
    assert f"Opslag {start}–{start + 49}" in body and body.count("Spørg om dette") == 50
    assert f'side={number + 1}">' in body
    assert (f'side={number - 1}">' in body) == (number > 1)


def test_asking_about_another_citizens_look_finds_nothing(client, citizen_login, borger, citizen_oest):
    other_look = AccessLog.objects.create(username="x", citizen=citizen_oest, part=AccessPart.JOURNAL)
    citizen_login(borger)
    body = client.get(f"/min-side/adgange/spoerg/?look={other_look.pk}").content.decode()
    assert "Vi kan ikke finde det opslag i din log." in body
    assert f'value="{other_look.pk}"' not in body and "Om opslaget den" not in body


@pytest.mark.parametrize("allowed", [False, True])
def test_the_municipalitys_settings_hold_for_a_relative_too(
    allowed, frozen, client, citizen_login, relative_of, citizen_vest, carer, settings
):
    """Carer's first name on visits, staff names in the log, shared note kinds: off unless set, and the
    same for a relative with a power of attorney as for the citizen."""
    from citizens.models import JournalKind

    from ..factories import JournalEntryFactory

    settings.MINSIDE_SHOW_CARER_FIRST_NAME = allowed
    settings.MINSIDE_SHOW_STAFF_NAME = allowed
    settings.MINSIDE_SHARED_JOURNAL_KINDS = ["care"] if allowed else []
    make_visit(citizen_vest, assigned_to=carer)
    JournalEntryFactory(citizen=citizen_vest, kind=JournalKind.CARE, text="Et delt plejenotat")
    AccessLog.objects.create(
        user=carer, username=carer.username, citizen=citizen_vest, part=AccessPart.JOURNAL
    )
    citizen_login(relative_of(citizen_vest))
    care = client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/").content.decode()
    looks = client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/adgange/").content.decode()
    assert ("Hjælper: Xenia" in care) == allowed
    assert ("Et delt plejenotat" in care) == allowed
    assert ("Xenia Qvistgaard" in looks) == allowed
    assert "Qvistgaard" not in care and "sofie.vest" not in care + looks
