"""The acute team's call-outs (/sygepleje/akut/): a nurse of Akutteamet logs a call-out to a citizen she
serves; bad input is answered in Danish next to the field and nothing is saved; only the acute team and
the leaders above it open the page; the leader sees the admissions avoided per month."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from carecore.models import AppendOnlyError, UnitKind
from carecore.roles import Role
from citizens.models import AccessLog, AccessPart
from homecare.acute import CallOut, Outcome, log_call_out

from ..factories import CitizenFactory, UnitFactory, make_staff
from .conftest import CPH, NOW

pytestmark = pytest.mark.django_db
URL = "/sygepleje/akut/"
# The page as the leader (list, acute stays, access log, month table): the same for 2 and 20 call-outs.
QUERIES = 8


@pytest.fixture
def akut(org):
    unit = UnitFactory(code="akutteamet", name="Akutteamet", kind=UnitKind.AREA, parent=org.top)
    unit.covers.add(org.homecare)
    return unit


@pytest.fixture
def akut_nurse(akut):
    return make_staff("akut.01", role=Role.NURSE, units=[akut])


@pytest.fixture
def akut_leader(org, akut):
    return make_staff("leder.srp", role=Role.LEADER, leader_of=[org.top])


def _post(client, citizen, **extra):
    data = {
        "cpr": citizen.cpr,
        "called_at": "2026-03-23T05:10",
        "reason": "Faldet, kan ikke rejse sig",
        "outcome": Outcome.AVOIDED,
        "note": "",
    }
    data.update(extra)
    return client.post(URL, data)


def test_the_url_is_fixed():
    assert reverse("homecare:acute") == URL


def test_nurse_of_the_acute_team_logs_a_call_out(frozen, client, akut_nurse, citizen_vest):
    client.force_login(akut_nurse)
    response = _post(client, citizen_vest)
    assert response.status_code == 302
    call_out = CallOut.objects.get()
    assert call_out.citizen == citizen_vest
    assert call_out.outcome == Outcome.AVOIDED
    assert call_out.recorded_by == akut_nurse
    assert call_out.called_at == datetime(2026, 3, 23, 5, 10, tzinfo=CPH)
    page = client.get(URL)
    assert "Faldet, kan ikke rejse sig" in page.content.decode()
    assert "Indlæggelse forebygget" in page.content.decode()
    assert AccessLog.objects.filter(
        user=akut_nurse, citizen=citizen_vest, part=AccessPart.ACUTE_CALL_OUTS
    ).exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("outcome", "", "Dette felt er påkrævet."),
        ("called_at", "2026-03-23T09:00", "Udkaldet kan ikke ligge i fremtiden."),
        ("cpr", "not-visible", "Ingen borger med det CPR-nummer blandt de borgere, du betjener."),
        ("cpr", "12", "Skriv CPR-nummeret som DDMMÅÅ-LLLL."),
        ("called_at", "9999-12-31T23:59", "Udkaldet kan ikke ligge i fremtiden."),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_nothing_is_saved(
    frozen, client, akut_nurse, citizen_vest, org, field, value, message
):
    if value == "not-visible":
        elsewhere = UnitFactory(code="plejehjem-egely", kind=UnitKind.AREA)
        value = CitizenFactory(units=[elsewhere]).cpr
    client.force_login(akut_nurse)
    response = _post(client, citizen_vest, **{field: value})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not CallOut.objects.exists()


def test_a_call_out_is_never_changed(frozen, akut_nurse, citizen_vest):
    call_out = log_call_out(
        citizen=citizen_vest,
        called_at=NOW - timedelta(hours=1),
        reason="Åndenød",
        outcome=Outcome.HOSPITAL,
        by=akut_nurse,
    )
    call_out.outcome = Outcome.AVOIDED
    with pytest.raises(AppendOnlyError):
        call_out.save()


@pytest.mark.parametrize("who", ["ssh_vest", "therapist", "leader_vest", "nurse_elsewhere"])
def test_others_are_refused(client, org, akut, ssh_vest, leader_vest, who):
    users = {
        "ssh_vest": ssh_vest,
        "therapist": make_staff("terapeut", role=Role.THERAPIST, units=[org.vest1]),
        "leader_vest": leader_vest,  # a leader of another area
        "nurse_elsewhere": make_staff("syg.2", role=Role.NURSE, units=[org.nursing]),
    }
    client.force_login(users[who])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"reason": "x"}).status_code == 403
    assert not CallOut.objects.exists()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response.url


def test_a_leader_reads_but_does_not_log(frozen, client, akut_leader, citizen_vest):
    client.force_login(akut_leader)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["per_month"] is not None
    assert _post(client, citizen_vest).status_code == 403
    assert not CallOut.objects.exists()


def test_admissions_avoided_per_month(frozen, client, akut_nurse, akut_leader, citizen_vest):
    for when, outcome in [
        (datetime(2026, 3, 1, 0, 30, tzinfo=CPH), Outcome.AVOIDED),  # 28.2 23:30 UTC, March locally
        (datetime(2026, 3, 20, 12, 0, tzinfo=CPH), Outcome.AVOIDED),
        (datetime(2026, 3, 21, 12, 0, tzinfo=CPH), Outcome.HOSPITAL),
        (datetime(2026, 1, 15, 12, 0, tzinfo=CPH), Outcome.AVOIDED),
        (datetime(2025, 3, 15, 12, 0, tzinfo=CPH), Outcome.AVOIDED),  # 13 months back: outside
    ]:
        log_call_out(citizen=citizen_vest, called_at=when, reason="Udkald", outcome=outcome, by=akut_nurse)
    months = CallOut.objects.avoided_per_month(date(2026, 3, 23))
    assert len(months) == 12
    assert months[0] == (date(2025, 4, 1), 0)
    assert dict(months)[date(2026, 3, 1)] == 2
    assert dict(months)[date(2026, 2, 1)] == 0
    assert dict(months)[date(2026, 1, 1)] == 1
    client.force_login(akut_leader)
    assert client.get(URL).context["per_month"] == months


def test_acute_bed_citizens_come_from_the_real_acute_stays(
    frozen, client, akut_nurse, citizen_vest, citizen_oest, org
):
    from rehab.models import Bed, StayType

    from ..rehab.factories import StayFactory

    acute, a1 = StayType.objects.get(code="akut"), Bed.objects.get(label="A1")
    StayFactory(citizen=citizen_vest, bed=a1, stay_type=acute, starts_at=NOW - timedelta(days=1))
    ended = CitizenFactory(units=[org.vest1])
    StayFactory(
        citizen=ended,
        bed=a1,
        stay_type=acute,
        starts_at=NOW - timedelta(days=5),
        ends_at=NOW - timedelta(days=3),
    )
    StayFactory(citizen=CitizenFactory(units=[org.vest1]), starts_at=NOW - timedelta(days=2))  # temporary
    # A call-out that ended on an acute bed does not put anyone on the list: the stay does.
    log_call_out(
        citizen=citizen_oest,
        called_at=NOW - timedelta(days=1),
        reason="Feber",
        outcome=Outcome.ACUTE_BED,
        by=akut_nurse,
    )
    client.force_login(akut_nurse)
    response = client.get(URL)
    assert [stay.citizen for stay in response.context["acute_bed"]] == [citizen_vest]
    assert "A1" in response.content.decode()
    assert AccessLog.objects.filter(
        user=akut_nurse, citizen=citizen_vest, part=AccessPart.ACUTE_CALL_OUTS
    ).exists()


@pytest.mark.parametrize("count", [2, 20])
def test_list_queries_do_not_grow_with_call_outs(
    frozen, client, akut_nurse, akut_leader, org, django_assert_num_queries, count
):
    for n in range(count):
        citizen = CitizenFactory(units=[org.vest1 if n % 2 else org.oest1])
        log_call_out(
            citizen=citizen,
            called_at=NOW - timedelta(hours=n + 1),
            reason="Udkald",
            outcome=Outcome.AVOIDED,
            by=akut_nurse,
        )
    client.force_login(akut_leader)
    client.get(URL)  # warm caches (session, permissions)
    with django_assert_num_queries(QUERIES):
        response = client.get(URL)
    assert len(response.context["rows"]) == count


def test_demo_call_outs_are_logged_once(frozen, nurse, citizen_vest, citizen_oest):
    from homecare.demo import seed_call_outs

    assert seed_call_outs() == 2
    assert seed_call_outs() == 0
    assert CallOut.objects.filter(recorded_by=nurse).count() == 2
