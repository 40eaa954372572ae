"""Sending, answering and withdrawing referrals: the rules, the trail, the sender told, one winner."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from carecore.models import Notification
from carecore.roles import Role
from citizens import pathway
from citizens.models import Citizen, CitizenUnit, JournalEntry
from referrals import services
from referrals.models import Event, Referral, Status

from ..factories import make_staff
from .conftest import refer

pytestmark = pytest.mark.django_db


def test_sending_copies_name_and_cpr_writes_the_trail_and_tells_the_receiving_unit(
    org, receivers, rehab_unit, therapist, rehab_leader, ssh_vest, citizen_vest, frozen
):
    referral = refer(citizen_vest, ssh_vest, org.vest1, rehab_unit)
    assert referral.status == Status.SENT
    assert (referral.citizen_name, referral.citizen_cpr) == (citizen_vest.full_name, citizen_vest.cpr)
    assert list(referral.events.values_list("what", flat=True)) == ["sent"]
    told = set(
        Notification.objects.filter(key=f"referral:{referral.pk}:sent").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"terapeut", "leder.rehab"}
    assert Notification.objects.get(user=therapist).title.startswith("Ny henvisning: Inger Vestesen")
    assert JournalEntry.objects.filter(
        citizen=citizen_vest, text__startswith="Henvist til Rehabiliteringsenheden"
    ).exists()


def test_a_reason_is_required(org, receivers, rehab_unit, ssh_vest, citizen_vest):
    with pytest.raises(ValidationError) as exc:
        refer(citizen_vest, ssh_vest, org.vest1, rehab_unit, reason="  ")
    assert "reason" in exc.value.message_dict
    assert not Referral.objects.exists()


def test_a_citizen_the_sender_cannot_see_is_refused(org, receivers, rehab_unit, ssh_vest, citizen_oest):
    with pytest.raises(PermissionDenied):
        refer(citizen_oest, ssh_vest, org.vest1, rehab_unit)
    assert not Referral.objects.exists()


def test_only_units_that_take_referrals_and_no_second_open_referral(
    org, receivers, rehab_unit, ssh_vest, citizen_vest
):
    with pytest.raises(ValidationError) as exc:
        refer(citizen_vest, ssh_vest, org.vest1, org.oest1)
    assert exc.value.message_dict["to_unit"] == ["Den enhed modtager ikke henvisninger."]
    refer(citizen_vest, ssh_vest, org.vest1, rehab_unit)
    with pytest.raises(ValidationError) as exc:
        refer(citizen_vest, ssh_vest, org.vest1, rehab_unit)
    assert "to_unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        refer(citizen_vest, ssh_vest, org.oest1, org.nursing)
    assert "from_unit" in exc.value.message_dict


def test_accepting_makes_the_unit_serve_the_citizen_tells_the_sender_and_announces_it(
    org, receivers, rehab_unit, therapist, ssh_vest, citizen_vest, frozen
):
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    pathway.referral_accepted.connect(receiver, dispatch_uid="test.referral_accepted")
    try:
        referral = refer(citizen_vest, ssh_vest, org.vest1, rehab_unit)
        assert not Citizen.objects.visible_to(therapist).filter(pk=citizen_vest.pk).exists()
        services.accept_referral(referral, by=therapist, note="Vi kommer på torsdag.")
    finally:
        pathway.referral_accepted.disconnect(dispatch_uid="test.referral_accepted")
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by, referral.serving_unit) == (
        Status.ACCEPTED,
        therapist,
        rehab_unit,
    )
    therapist = type(therapist).objects.get(pk=therapist.pk)  # forget the memoised scope
    assert Citizen.objects.visible_to(therapist).filter(pk=citizen_vest.pk).exists()
    note = Notification.objects.get(user=ssh_vest, key=f"referral:{referral.pk}:accepted")
    assert note.title == "Henvisning accepteret: Inger Vestesen af Rehabiliteringsenheden"
    assert note.body == "Vi kommer på torsdag."
    assert [h["reference"] for h in heard] == [f"referral:{referral.pk}"]
    assert heard[0]["unit"] == rehab_unit and heard[0]["citizen"] == citizen_vest
    assert list(referral.events.values_list("what", flat=True)) == ["sent", "accepted"]


def test_declining_needs_a_reason_and_leaves_the_record_out_of_reach(
    org, receivers, rehab_unit, therapist, ssh_vest, citizen_vest
):
    referral = refer(citizen_vest, ssh_vest, org.vest1, rehab_unit)
    with pytest.raises(ValidationError):
        services.decline_referral(referral, by=therapist, reason="")
    services.decline_referral(referral, by=therapist, reason="Ikke potentiale nu.")
    referral.refresh_from_db()
    assert (referral.status, referral.answer) == (Status.DECLINED, "Ikke potentiale nu.")
    assert not CitizenUnit.objects.filter(citizen=citizen_vest, unit=rehab_unit).exists()
    assert Notification.objects.filter(user=ssh_vest, key=f"referral:{referral.pk}:declined").exists()
    with pytest.raises(ValidationError):
        services.accept_referral(referral, by=therapist)


def test_only_the_receiving_unit_answers_and_only_the_sender_withdraws(
    org, receivers, rehab_unit, therapist, ssh_vest, ssh_oest, nurse, citizen_vest
):
    referral = refer(citizen_vest, ssh_vest, org.vest1, rehab_unit)
    for outsider in (nurse, ssh_vest):
        with pytest.raises(PermissionDenied):
            services.accept_referral(referral, by=outsider)
    with pytest.raises(PermissionDenied):
        services.cancel_referral(referral, by=therapist)
    services.cancel_referral(referral, by=ssh_vest, reason="Fejl")
    assert Referral.objects.get().status == Status.CANCELLED
    assert Event.objects.filter(what="cancelled", by=ssh_vest).count() == 1


def test_the_first_look_by_the_receiving_unit_marks_it_received_once(
    org, receivers, rehab_unit, therapist, rehab_leader, ssh_vest, citizen_vest
):
    referral = refer(citizen_vest, ssh_vest, org.vest1, rehab_unit)
    services.mark_received(referral, by=ssh_vest)
    assert Referral.objects.get().status == Status.SENT
    services.mark_received(Referral.objects.get(), by=therapist)
    services.mark_received(referral, by=rehab_leader)
    assert Referral.objects.get().status == Status.RECEIVED
    assert Event.objects.filter(what="received").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_accepts_have_exactly_one_winner(
    org, receivers, rehab_unit, therapist, rehab_leader, ssh_vest, citizen_vest
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    referral = refer(citizen_vest, ssh_vest, org.vest1, rehab_unit)
    barrier = threading.Barrier(2)
    results = []

    def attempt(user):
        try:
            barrier.wait()
            services.accept_referral(Referral.objects.get(pk=referral.pk), by=user)
            results.append("won")
        except ValidationError:
            results.append("lost")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (therapist, rehab_leader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["lost", "won"]
    assert Event.objects.filter(referral_id=referral.pk, what="accepted").count() == 1
    assert Notification.objects.filter(user=ssh_vest, key=f"referral:{referral.pk}:accepted").count() == 1
    assert CitizenUnit.objects.filter(citizen=citizen_vest, unit=rehab_unit).count() == 1


def test_a_leader_of_the_receiving_unit_answers_but_a_carer_in_it_does_not(
    org, receivers, ssh_vest, citizen_oest
):
    """Incoming to Hjemmeplejen Vest: its leader answers; a carer of a team below does not see it."""
    from referrals.models import receiving_unit_ids

    leader = make_staff("leder.vest", role=Role.LEADER, leader_of=[org.vest])
    assert org.vest.pk in receiving_unit_ids(leader) and org.vest1.pk in receiving_unit_ids(leader)
    assert org.vest.pk not in receiving_unit_ids(ssh_vest)
