"""Views: who may see and do what, forms with good and bad input, the PDF, query counts."""

import io
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from carecore.roles import Role
from students.models import (
    Applicant,
    ApplicantStage,
    InfoMeeting,
    MeetingKind,
    Placement,
    Registration,
    Trainee,
    UnitCapacity,
)

from ..factories import UnitFactory, make_staff
from .factories import ApplicantFactory, TraineeFactory, place

pytestmark = pytest.mark.django_db

PAGES = [
    "students:list",
    "students:placements",
    "students:recruitment",
    "students:overview",
    "students:supervisor",
    "students:create",
]


@pytest.fixture
def placed(org, supervisor, other_supervisor):
    """One trainee with the supervisor in Vest, one with another supervisor in Øst."""
    mine = TraineeFactory(first_name="Mia", last_name="Vestelev", cpr="020295-1234", pay_basis="adult")
    place(mine, org.vest2, supervisor)
    theirs = TraineeFactory(first_name="Olga", last_name="Østelev", cpr="030396-2345")
    place(theirs, org.oest1, other_supervisor)
    return mine, theirs


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_goes_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("name", PAGES)
def test_care_staff_are_refused(login, ssh_vest, name):
    assert login(ssh_vest).get(reverse(name)).status_code == 403


@pytest.mark.parametrize(
    "name,allowed",
    [
        ("students:list", True),
        ("students:placements", False),
        ("students:recruitment", False),
        ("students:overview", False),
        ("students:supervisor", True),
        ("students:create", False),
    ],
)
def test_supervisor_pages(login, supervisor, name, allowed):
    assert login(supervisor).get(reverse(name)).status_code == (200 if allowed else 403)


@pytest.mark.parametrize(
    "name,allowed",
    [
        ("students:list", True),
        ("students:placements", True),
        ("students:recruitment", False),
        ("students:overview", True),
        ("students:supervisor", False),
        ("students:create", False),
    ],
)
def test_leader_pages(login, leader_vest, name, allowed):
    assert login(leader_vest).get(reverse(name)).status_code == (200 if allowed else 403)


@pytest.mark.parametrize(
    "name",
    ["students:list", "students:placements", "students:recruitment", "students:overview", "students:create"],
)
def test_coordinator_pages(login, coordinator, name):
    assert login(coordinator).get(reverse(name)).status_code == 200


def test_coordinator_list_shows_everyone_with_personal_data_masked(login, coordinator, placed):
    body = login(coordinator).get(reverse("students:list")).content.decode()
    assert "Vestelev" in body and "Østelev" in body
    assert "020295-xxxx" in body and "020295-1234" not in body
    assert "Voksenelevløn" in body


def test_supervisor_list_shows_own_trainees_without_personal_data(login, supervisor, placed):
    body = login(supervisor).get(reverse("students:list")).content.decode()
    assert "Vestelev" in body and "Østelev" not in body
    assert "020295" not in body and "Voksenelevløn" not in body and "Lønforhold" not in body


def test_leader_list_shows_trainees_placed_in_own_units(login, leader_vest, placed):
    body = login(leader_vest).get(reverse("students:list")).content.decode()
    assert "Vestelev" in body and "Østelev" not in body and "020295" not in body


def test_list_filters(login, coordinator, placed, org, supervisor):
    client = login(coordinator)
    body = client.get(reverse("students:list"), {"area": org.oest.pk}).content.decode()
    assert "Østelev" in body and "Vestelev" not in body
    body = client.get(reverse("students:list"), {"supervisor": supervisor.pk}).content.decode()
    assert "Vestelev" in body and "Østelev" not in body
    body = client.get(reverse("students:list"), {"programme": "ssh"}).content.decode()
    assert "Vestelev" not in body
    body = client.get(reverse("students:list"), {"status": "active", "intake": "2026-02"}).content.decode()
    assert "Vestelev" in body


def test_detail_personal_data_only_for_coordinator(login, coordinator, supervisor, leader_vest, placed):
    mine, _theirs = placed
    url = reverse("students:detail", args=[mine.pk])
    assert "020295-1234" in login(coordinator).get(url).content.decode()
    for user in (supervisor, leader_vest):
        response = login(user).get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "020295" not in body and "Voksenelevløn" not in body


def test_detail_refused_for_other_supervisor_and_other_area_leader(login, supervisor, leader_vest, placed):
    _mine, theirs = placed
    url = reverse("students:detail", args=[theirs.pk])
    assert login(supervisor).get(url).status_code == 403
    assert login(leader_vest).get(url).status_code == 403


def test_missing_trainee_is_404(login, coordinator):
    assert login(coordinator).get(reverse("students:detail", args=[99999])).status_code == 404


def test_register_trainee(login, coordinator):
    response = login(coordinator).post(
        reverse("students:create"),
        {
            "first_name": "Rikke",
            "last_name": "Holm",
            "cpr": "0101901234",
            "programme": "ssh",
            "intake": "2026-08",
            "start_date": "2026-08-03",
            "expected_end": "2027-10-01",
            "pay_basis": "adult",
            "contact_person": coordinator.pk,
        },
    )
    trainee = Trainee.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "students:detail", args=[trainee.pk]
    )
    assert trainee.cpr == "010190-1234" and trainee.contact_person == coordinator


def test_register_trainee_end_before_start_is_refused_in_danish(login, coordinator):
    response = login(coordinator).post(
        reverse("students:create"),
        {
            "first_name": "Rikke",
            "last_name": "Holm",
            "cpr": "010190-1234",
            "programme": "ssh",
            "intake": "2026-08",
            "start_date": "2026-08-03",
            "expected_end": "2026-01-01",
            "pay_basis": "adult",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_expected_end_error">Slutdatoen ligger før startdatoen.' in body
    assert not Trainee.objects.exists()


def test_register_trainee_bad_cpr_is_refused(login, coordinator):
    response = login(coordinator).post(
        reverse("students:create"),
        {
            "first_name": "Rikke",
            "last_name": "Holm",
            "cpr": "12345",
            "programme": "ssh",
            "intake": "2026-08",
            "start_date": "2026-08-03",
            "expected_end": "2027-10-01",
            "pay_basis": "adult",
        },
    )
    assert 'id="id_cpr_error"' in response.content.decode()
    assert not Trainee.objects.exists()


def placement_post(client, trainee, unit, supervisor=None, start="2026-03-02", end="2026-05-31", reason=""):
    return client.post(
        reverse("students:placement_add", args=[trainee.pk]),
        {
            "unit": unit.pk,
            "setting": "home_care",
            "supervisor": supervisor.pk if supervisor else "",
            "starts_on": start,
            "ends_on": end,
            "over_limit_reason": reason,
        },
    )


def test_add_placement_plans_meetings_and_warns_over_capacity(login, coordinator, supervisor, org):
    UnitCapacity.objects.create(unit=org.vest2, capacity=0)
    trainee = TraineeFactory()
    client = login(coordinator)
    response = placement_post(client, trainee, org.vest2, supervisor)
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.meetings.count() == 3
    body = client.get(response["Location"]).content.decode()
    assert "over sin kapacitet" in body and "Forventningssamtale" in body


@pytest.mark.parametrize(
    "start,end,field,message",
    [
        ("2026-01-01", "2026-03-01", "starts_on", "Praktikken skal ligge inden for uddannelsen"),
        ("2026-05-01", "2026-04-01", "ends_on", "Slutdatoen ligger før startdatoen."),
    ],
)
def test_add_placement_bad_dates_are_refused_in_danish(login, coordinator, org, start, end, field, message):
    trainee = TraineeFactory()
    body = placement_post(login(coordinator), trainee, org.vest1, start=start, end=end).content.decode()
    assert f'id="id_{field}_error">{message}' in body
    assert not Placement.objects.exists()


def test_add_overlapping_placement_is_refused_in_danish(login, coordinator, org):
    trainee = TraineeFactory()
    place(trainee, org.vest1)
    body = placement_post(
        login(coordinator), trainee, org.vest2, start="2026-04-01", end="2026-06-30"
    ).content.decode()
    assert 'id="id_starts_on_error">Eleven har allerede en praktik i perioden' in body
    assert Placement.objects.count() == 1


def test_supervisor_over_limit_without_reason_is_refused_in_danish(login, coordinator, supervisor, org):
    place(TraineeFactory(), org.vest2, supervisor)
    place(TraineeFactory(), org.vest2, supervisor)
    trainee = TraineeFactory()
    client = login(coordinator)
    body = placement_post(client, trainee, org.vest2, supervisor).content.decode()
    assert 'id="id_supervisor_error">' in body and "Vælg en anden elevvejleder" in body
    assert not Placement.objects.filter(trainee=trainee).exists()
    assert (
        placement_post(client, trainee, org.vest2, supervisor, reason="Aftalt med leder").status_code == 302
    )


def test_supervisor_and_leader_cannot_add_placements(login, supervisor, leader_vest, placed, org):
    mine, _ = placed
    for user in (supervisor, leader_vest):
        assert (
            placement_post(login(user), mine, org.vest1, start="2026-06-01", end="2026-07-01").status_code
            == 403
        )
    assert Placement.objects.count() == 2


def test_school_period_bad_input(login, coordinator, org):
    trainee = TraineeFactory()
    client = login(coordinator)
    url = reverse("students:school_add", args=[trainee.pk])
    body = client.post(url, {"starts_on": "2026-04-01", "ends_on": "2026-03-01"}).content.decode()
    assert "Slutdatoen ligger før startdatoen." in body
    assert client.post(url, {"starts_on": "2026-02-02", "ends_on": "2026-02-27"}).status_code == 302
    assert trainee.school_periods.count() == 1


def test_status_change_sets_end(login, coordinator):
    trainee = TraineeFactory()
    login(coordinator).post(
        reverse("students:status", args=[trainee.pk]), {"status": "dropped_out", "on": "2026-05-01"}
    )
    trainee.refresh_from_db()
    assert (trainee.status, trainee.ended_on) == ("dropped_out", date(2026, 5, 1))


MINUTES = {
    "held_on": "2026-03-05",
    "attendees": "Elev, vejleder",
    "goals_discussed": "Personlig pleje",
    "agreements": "Øver dokumentation",
}


@time_machine.travel(datetime(2026, 3, 6, 10, 0))
def test_supervisor_writes_minutes_for_own_trainee(login, supervisor, placed):
    mine, _ = placed
    meeting = mine.placements.get().meetings.get(kind=MeetingKind.EXPECTATION)
    client = login(supervisor)
    response = client.post(reverse("students:meeting", args=[meeting.pk]), MINUTES)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.written_by, meeting.agreements) == (
        date(2026, 3, 5),
        supervisor,
        "Øver dokumentation",
    )


@time_machine.travel(datetime(2026, 3, 6, 10, 0))
def test_minutes_refused_for_other_supervisor_and_leader(login, supervisor, leader_vest, placed):
    mine, theirs = placed
    other_meeting = theirs.placements.get().meetings.first()
    assert login(supervisor).get(reverse("students:meeting", args=[other_meeting.pk])).status_code == 403
    assert (
        login(supervisor).post(reverse("students:meeting", args=[other_meeting.pk]), MINUTES).status_code
        == 403
    )
    own_meeting = mine.placements.get().meetings.first()
    assert login(leader_vest).get(reverse("students:meeting", args=[own_meeting.pk])).status_code == 200
    assert (
        login(leader_vest).post(reverse("students:meeting", args=[own_meeting.pk]), MINUTES).status_code
        == 403
    )
    other_meeting.refresh_from_db()
    own_meeting.refresh_from_db()
    assert other_meeting.held_on is None and own_meeting.held_on is None


@time_machine.travel(datetime(2026, 6, 2, 10, 0))
def test_final_evaluation_needs_goals_and_gives_statement_pdf(login, supervisor, placed):
    mine, _ = placed
    final = mine.placements.get().meetings.get(kind=MeetingKind.FINAL)
    client = login(supervisor)
    url = reverse("students:meeting", args=[final.pk])
    body = client.post(url, {**MINUTES, "held_on": "2026-05-29"}).content.decode()
    assert 'id="id_goals_met_error">Angiv, om praktikmålene er nået.' in body
    assert client.get(reverse("students:statement", args=[final.pk])).status_code == 404
    assert client.post(url, {**MINUTES, "held_on": "2026-05-29", "goals_met": "yes"}).status_code == 302
    response = client.get(reverse("students:statement", args=[final.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Praktikerklæring" in text and "Mia Vestelev" in text and "Ja, målene er nået" in text


@time_machine.travel(datetime(2026, 3, 6, 10, 0))
def test_minutes_in_the_future_are_refused(login, supervisor, placed):
    mine, _ = placed
    meeting = mine.placements.get().meetings.get(kind=MeetingKind.EXPECTATION)
    body = (
        login(supervisor)
        .post(reverse("students:meeting", args=[meeting.pk]), {**MINUTES, "held_on": "2026-03-20"})
        .content.decode()
    )
    assert 'id="id_held_on_error">Datoen ligger i fremtiden.' in body
    meeting.refresh_from_db()
    assert meeting.held_on is None


@time_machine.travel(datetime(2026, 3, 6, 10, 0))
def test_supervisor_page_shows_due_meeting(login, supervisor, placed):
    body = login(supervisor).get(reverse("students:supervisor")).content.decode()
    due = body.split("Skal holdes nu</h2>")[1].split("</section>")[0]
    assert "Forventningssamtale · Mia Vestelev" in due and "Olga" not in body


@time_machine.travel(datetime(2026, 3, 6, 10, 0))
def test_calendar_warns_over_capacity_and_is_scoped(login, coordinator, leader_vest, org, placed):
    UnitCapacity.objects.create(unit=org.vest2, capacity=1)
    place(TraineeFactory(first_name="Tina"), org.vest2)
    body = login(coordinator).get(reverse("students:placements")).content.decode()
    assert "Vest Team 2" in body and "Øst Team 1" in body and "2 på samme tid" in body
    body = login(leader_vest).get(reverse("students:placements")).content.decode()
    assert "Vest Team 2" in body and "Øst Team 1" not in body and "Olga" not in body


def test_recruitment_pipeline_and_hire(login, coordinator):
    client = login(coordinator)
    response = client.post(
        reverse("students:applicant_create"),
        {
            "first_name": "Bo",
            "last_name": "Krog",
            "email": "bo@example.invalid",
            "programme": "ssa",
            "career_changer": "on",
            "applied_on": "2026-03-01",
        },
    )
    applicant = Applicant.objects.get()
    assert response.status_code == 302
    for stage in ("interview", "offered"):
        client.post(reverse("students:applicant_stage", args=[applicant.pk]), {"stage": stage})
    applicant.refresh_from_db()
    assert applicant.stage == ApplicantStage.OFFERED
    url = reverse("students:applicant", args=[applicant.pk])
    body = client.get(url).content.decode()
    assert "Ansæt som elev" in body
    response = client.post(
        url,
        {
            "hire-cpr": "050585-4321",
            "hire-intake": "2026-08",
            "hire-start_date": "2026-08-03",
            "hire-expected_end": "2029-06-01",
            "hire-pay_basis": "adult",
        },
    )
    trainee = Trainee.objects.get()
    assert response["Location"] == reverse("students:detail", args=[trainee.pk])
    assert (trainee.first_name, trainee.programme, trainee.email) == ("Bo", "ssa", "bo@example.invalid")


def test_hire_bad_input_saves_nothing(login, coordinator):
    applicant = ApplicantFactory(stage=ApplicantStage.OFFERED)
    body = (
        login(coordinator)
        .post(
            reverse("students:applicant", args=[applicant.pk]),
            {
                "hire-cpr": "050585-4321",
                "hire-intake": "2026-08",
                "hire-start_date": "2026-08-03",
                "hire-expected_end": "2026-06-01",
                "hire-pay_basis": "adult",
            },
        )
        .content.decode()
    )
    assert 'id="id_hire-expected_end_error">Slutdatoen ligger før startdatoen.' in body
    assert not Trainee.objects.exists()


def test_pre_placement_and_bad_dates(login, coordinator, org):
    applicant = ApplicantFactory(stage=ApplicantStage.INTERVIEW)
    client = login(coordinator)
    url = reverse("students:applicant", args=[applicant.pk])
    body = client.post(
        url, {"pre-unit": org.vest1.pk, "pre-starts_on": "2026-04-10", "pre-ends_on": "2026-04-01"}
    ).content.decode()
    assert "Slutdatoen ligger før startdatoen." in body and not applicant.pre_placements.exists()
    client.post(url, {"pre-unit": org.vest1.pk, "pre-starts_on": "2026-04-01", "pre-ends_on": "2026-04-10"})
    assert applicant.pre_placements.count() == 1


def test_info_meeting_with_registrations(login, coordinator):
    client = login(coordinator)
    client.post(
        reverse("students:info_meeting_create"),
        {"held_at": "2026-09-01T16:00", "place": "Jobcentret", "with_job_centre": "on", "capacity": "30"},
    )
    meeting = InfoMeeting.objects.get()
    url = reverse("students:info_meeting", args=[meeting.pk])
    body = client.post(url, {"name": "Ida Berg"}).content.decode()
    assert "Angiv en e-mailadresse eller et telefonnummer." in body and not Registration.objects.exists()
    client.post(url, {"name": "Ida Berg", "phone": "11223344", "career_changer": "on"})
    assert meeting.registrations.count() == 1
    assert "1 tilmeldt" in client.get(reverse("students:recruitment")).content.decode()


def test_leader_cannot_open_applicants(login, leader_vest):
    applicant = ApplicantFactory()
    assert login(leader_vest).get(reverse("students:applicant", args=[applicant.pk])).status_code == 403


# --- query counts -------------------------------------------------------------------------------
def populate(n, org):
    supervisors = [
        make_staff(f"elevvejleder.q{i:03d}", role=Role.TRAINEE_SUPERVISOR, units=[org.vest1])
        for i in range(3)
    ]
    units = [org.vest1, org.vest2, org.oest1, UnitFactory(code="plejehjem-x", parent=org.top)]
    for i in range(n):
        trainee = TraineeFactory()
        place(
            trainee, units[i % 4], supervisors[i % 3], starts_on=date(2026, 3, 2), ends_on=date(2026, 5, 31)
        )
        place(
            trainee,
            units[(i + 1) % 4],
            supervisors[(i + 1) % 3],
            starts_on=date(2026, 8, 1),
            ends_on=date(2026, 10, 31),
        )


@pytest.mark.parametrize("n", [10, 200])
@time_machine.travel(datetime(2026, 3, 6, 10, 0))
def test_trainee_list_query_count(login, coordinator, org, n, django_assert_num_queries):
    populate(n, org)
    client = login(coordinator)
    client.get(reverse("students:list"))  # warm the session
    with django_assert_num_queries(6):  # the session row included
        assert client.get(reverse("students:list")).status_code == 200


@pytest.mark.parametrize("n", [10, 200])
@time_machine.travel(datetime(2026, 3, 6, 10, 0))
def test_calendar_query_count(login, coordinator, org, n, django_assert_num_queries):
    populate(n, org)
    client = login(coordinator)
    client.get(reverse("students:placements"))
    with django_assert_num_queries(5):  # the session row included
        body = client.get(reverse("students:placements")).content.decode()
    assert body.count('class="arrives"') >= min(n, 1)


@pytest.mark.parametrize("n", [10, 200])
@time_machine.travel(datetime(2026, 3, 6, 10, 0))
def test_leader_list_query_count(login, leader_vest, org, n, django_assert_num_queries):
    populate(n, org)
    client = login(leader_vest)
    client.get(reverse("students:list"))
    with django_assert_num_queries(6):  # the session row included
        assert client.get(reverse("students:list")).status_code == 200
