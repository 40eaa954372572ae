"""POST /api/medcom/hospitalnotification/: MedCom HospitalNotification messages (built from MedCom's
published examples) pause and resume home care, queue a discharge notice, write the journal."""

from datetime import date

import pytest
from django.core.management import call_command

from carecore.models import Notification
from citizens.models import CitizenStatus, JournalEntry
from homecare.models import Visit, VisitStatus
from hospital.models import HospitalMessage, HospitalSender, MessageStatus
from rehab.models import DischargeNotice

from .conftest import URL, at, load

pytestmark = pytest.mark.django_db

EPISODE = "medcom:82873e50-325e-4016-8a68-2934bdb2f66d"


def statuses(citizen, day):
    return [
        (v.starts_at.astimezone(at("2026-01-01T00:00").tzinfo).strftime("%H:%M"), v.status, v.pause_reason)
        for v in Visit.objects.filter(citizen=citizen, date=day).order_by("starts_at")
    ]


def test_the_whole_stay_stin_pauses_slhj_resumes_the_day_after_and_queues_a_notice(
    post, elmer, carer, leader_vest, clock
):
    Visit.objects.filter(citizen=elmer, date=date(2026, 3, 5)).update(assigned_to=carer)
    clock.move_to(at("2026-03-01T12:05"))
    response = post(load("STIN_A"))
    assert response.status_code == 200
    ack = response.json()
    assert ack["resourceType"] == "Bundle" and ack["type"] == "message"
    header = ack["entry"][0]["resource"]
    assert header["response"] == {"identifier": "363d01fe-9c48-47a0-87df-8e69c684f538", "code": "ok"}
    assert response["Content-Type"] == "application/fhir+json"
    elmer.refresh_from_db()
    assert elmer.status == CitizenStatus.ADMITTED
    # admitted at 12:00: the morning visit was before, the evening one is paused, and every day after
    assert statuses(elmer, date(2026, 3, 1)) == [
        ("07:30", "planned", ""),
        ("17:00", "cancelled", "hospital"),
    ]
    assert {v.status for v in Visit.objects.filter(citizen=elmer, date__gt=date(2026, 3, 1))} == {"cancelled"}
    told = set(
        Notification.objects.filter(key__startswith="homecare-pause:").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"leder.vest", "ssh.elmer"}

    clock.move_to(at("2026-03-07T09:50"))
    response = post(load("SLHJ_H"))
    assert response.status_code == 200
    elmer.refresh_from_db()
    assert elmer.status == CitizenStatus.ACTIVE
    # discharged 7 March 09:45: that day stays paused, visits resume on the 8th
    assert {v.status for v in Visit.objects.filter(citizen=elmer, date=date(2026, 3, 7))} == {"cancelled"}
    assert {v.status for v in Visit.objects.filter(citizen=elmer, date__gte=date(2026, 3, 8))} == {"planned"}
    notice = DischargeNotice.objects.open().get(citizen=elmer)
    assert (notice.source, notice.external_ref, notice.ward) == (
        "hospital",
        EPISODE,
        "Hjerteafdelingen på Herlev og Gentofte hospital",
    )
    assert notice.expected_at == at("2026-03-07T09:45:30")
    journal = list(JournalEntry.objects.filter(citizen=elmer).values_list("text", flat=True))
    assert any("Indlagt" in t for t in journal) and any("Udskrevet til hjemmet" in t for t in journal)


def test_a_repeated_message_changes_nothing_and_gets_the_same_answer(post, elmer, clock):
    clock.move_to(at("2026-03-01T12:05"))
    first = post(load("STIN_A"))
    counts = (HospitalMessage.objects.count(), JournalEntry.objects.count(), Notification.objects.count())
    changed = list(Visit.objects.order_by("pk").values_list("pk", "status"))
    second = post(load("STIN_A"))
    assert second.status_code == 200 and second.json() == first.json()
    assert (
        HospitalMessage.objects.count(),
        JournalEntry.objects.count(),
        Notification.objects.count(),
    ) == counts
    assert list(Visit.objects.order_by("pk").values_list("pk", "status")) == changed


def _without(kind):
    body = load("STIN_A")
    body["entry"] = [e for e in body["entry"] if e["resource"]["resourceType"] != kind]
    return body


def _bad_status():
    body = load("STIN_A")
    body["entry"][2]["resource"]["status"] = "sleeping"
    return body


def _no_class():
    body = load("STIN_A")
    del body["entry"][2]["resource"]["class"]
    return body


@pytest.mark.parametrize(
    "body,reason",
    [
        ("{not json", "not JSON"),
        ({"resourceType": "Patient"}, "FHIR Bundle"),
        (_no_class(), "not valid FHIR"),
        (_without("Encounter"), "exactly one Encounter"),
        (_without("Provenance"), "Provenance"),
        (_bad_status(), "Encounter.status"),
    ],
)
def test_a_malformed_message_gets_400_with_an_operation_outcome_and_changes_nothing(
    post, elmer, body, reason
):
    before = list(Visit.objects.order_by("pk").values_list("pk", "status"))
    response = post(body)
    assert response.status_code == 400
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["severity"] == "error" and reason in outcome["issue"][0]["diagnostics"]
    assert not HospitalMessage.objects.exists() and not JournalEntry.objects.exists()
    assert list(Visit.objects.order_by("pk").values_list("pk", "status")) == before
    elmer.refresh_from_db()
    assert elmer.status == CitizenStatus.ACTIVE


def test_an_unknown_profile_or_activity_is_refused(post, elmer):
    body = load("STIN_A")
    body["meta"]["profile"] = [
        "http://medcomfhir.dk/ig/carecommunication/StructureDefinition/medcom-careCommunication-message"
    ]
    response = post(body)
    assert response.status_code == 422 and response.json()["issue"][0]["code"] == "not-supported"
    body = load("STIN_A")
    body["entry"][5]["resource"]["activity"]["coding"][0]["code"] = "admit-somewhere"
    assert post(body).status_code == 422
    assert not HospitalMessage.objects.exists()


@pytest.mark.parametrize("auth", ["", "Bearer wrong-token", "Basic aGVybGV2OnNlY3JldA=="])
def test_a_sender_without_a_valid_token_gets_401_and_nothing_changes(post, elmer, auth):
    response = post(load("STIN_A"), auth=auth)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["issue"][0]["code"] == "security"
    assert not HospitalMessage.objects.exists()
    elmer.refresh_from_db()
    assert elmer.status == CitizenStatus.ACTIVE


def test_a_deactivated_sender_is_refused(post, token, elmer):
    HospitalSender.objects.update(is_active=False)
    assert post(load("STIN_A")).status_code == 401


def test_the_endpoint_takes_only_post(client, token):
    assert client.get(URL, headers={"Authorization": f"Bearer {token}"}).status_code == 405


def test_the_management_command_issues_a_working_token(client, elmer, capsys):
    call_command("issue_hospital_token", "Regionshospitalet Horsens", "--sor", "123")
    token = capsys.readouterr().out.strip()
    sender = HospitalSender.objects.get(name="Regionshospitalet Horsens")
    assert token.startswith("hn_") and token not in sender.token_hash
    response = client.post(
        URL,
        data=load("STIN_A"),
        content_type="application/fhir+json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    assert HospitalMessage.objects.get().sender == sender


def test_a_cancelled_admission_brings_the_visits_back(post, elmer, clock):
    clock.move_to(at("2026-03-01T12:05"))
    post(load("STIN_A"))
    assert Visit.objects.filter(citizen=elmer, status=VisitStatus.CANCELLED).exists()
    clock.move_to(at("2026-03-01T15:05"))
    assert post(load("AN_STIN_N")).status_code == 200
    assert not Visit.objects.filter(citizen=elmer, status=VisitStatus.CANCELLED).exists()
    elmer.refresh_from_db()
    assert elmer.status == CitizenStatus.ACTIVE
    assert HospitalMessage.objects.get(message_id="c83671a4-9584-41ec-b909-0242ac120002").event == "AN_STIN"


def test_leave_keeps_the_pause_and_is_noted_in_the_journal(post, elmer, clock):
    clock.move_to(at("2026-03-01T12:05"))
    post(load("STIN_A"))
    paused = Visit.objects.filter(citizen=elmer, status=VisitStatus.CANCELLED).count()
    clock.move_to(at("2026-03-03T14:05"))
    assert post(load("STOR_F")).status_code == 200
    assert Visit.objects.filter(citizen=elmer, status=VisitStatus.CANCELLED).count() == paused
    assert JournalEntry.objects.filter(citizen=elmer, text__contains="Orlov startet").exists()


def test_a_death_notice_marks_the_citizen_deceased_and_cancels_every_visit(post, elmer, clock):
    clock.move_to(at("2026-03-02T12:05"))
    assert post(load("MORS_J")).status_code == 200
    elmer.refresh_from_db()
    assert elmer.status == CitizenStatus.DECEASED
    future = Visit.objects.filter(citizen=elmer, date__gt=date(2026, 3, 2))
    assert future.exists() and {v.pause_reason for v in future} == {"deceased"}


def test_an_unknown_cpr_is_kept_in_the_unmatched_queue(post, org, clock):
    clock.move_to(at("2026-03-01T12:05"))
    response = post(load("STIN_A"))
    assert response.status_code == 200
    message = HospitalMessage.objects.get()
    assert (message.status, message.citizen, message.cpr) == (MessageStatus.UNMATCHED, None, "250947-9989")
    assert message.payload["id"] == "ed4bb302-4034-405a-b4c8-39e3b2a4dd1e"
