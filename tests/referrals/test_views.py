"""The referral pages: who may open them, what the receiving unit sees before and after it accepts,
bad input in Danish next to the field, every look logged, a fixed number of queries for the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carecore.models import Notification
from citizens.models import AccessLog
from referrals import services
from referrals.models import Referral, Status

from ..factories import CitizenFactory
from .conftest import refer

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(org, receivers, rehab_unit, ssh_vest, citizen_vest):
    return refer(citizen_vest, ssh_vest, org.vest1, rehab_unit)


def test_anonymous_is_sent_to_login(client, referral, citizen_vest):
    for url in (
        reverse("referrals:list"),
        reverse("referrals:new") + f"?borger={citizen_vest.pk}",
        reverse("referrals:refer", args=[citizen_vest.pk]),
        reverse("referrals:detail", args=[referral.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    response = client.post(reverse("referrals:accept", args=[referral.pk]))
    assert response.status_code == 302 and Referral.objects.get().status == Status.SENT


@pytest.mark.parametrize("user", ["risk_manager", "sysadmin"])
def test_roles_without_citizens_are_refused_and_the_look_is_logged(
    login, request, referral, citizen_vest, user
):
    client = login(request.getfixturevalue(user))
    assert client.get(reverse("referrals:list")).status_code == 403
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 403
    assert AccessLog.objects.filter(
        citizen=citizen_vest, outcome=AccessLog.Outcome.REFUSED, part="henvisning"
    ).exists()


def test_the_record_links_to_a_referral_and_the_form_names_the_citizen(
    login, ssh_vest, citizen_vest, receivers
):
    client = login(ssh_vest)
    url = reverse("referrals:refer", args=[citizen_vest.pk])
    assert url in client.get(reverse("citizens:detail", args=[citizen_vest.pk])).content.decode()
    body = client.get(url).content.decode()
    assert "Ny henvisning: Inger Vestesen" in body and "Rehabiliteringsenheden" in body
    assert '<label for="id_reason">' in body and '<label for="id_urgency">' in body
    assert AccessLog.objects.filter(citizen=citizen_vest, part="henvisning", username="ssh.vest").exists()


def test_home_carer_refers_a_citizen_from_the_new_page(
    login, ssh_vest, citizen_vest, org, receivers, rehab_unit
):
    client = login(ssh_vest)
    url = reverse("referrals:new") + f"?borger={citizen_vest.pk}"
    response = client.post(
        url,
        {
            "borger": citizen_vest.pk,
            "to_unit": rehab_unit.pk,
            "from_unit": org.vest1.pk,
            "reason": "Faldet to gange.",
            "urgency": "urgent",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "referrals:detail", args=[referral.pk]
    )
    assert (referral.citizen, referral.to_unit, referral.urgency) == (citizen_vest, rehab_unit, "urgent")


def test_referral_by_cpr_number(login, ssh_vest, citizen_vest, org, receivers, rehab_unit):
    client = login(ssh_vest)
    response = client.post(
        reverse("referrals:new"),
        {
            "cpr": citizen_vest.cpr.replace("-", ""),
            "to_unit": rehab_unit.pk,
            "from_unit": org.vest1.pk,
            "reason": "x",
        },
    )
    assert response.status_code == 302 and Referral.objects.get().citizen == citizen_vest


def test_missing_reason_is_refused_in_danish_next_to_the_field(
    login, ssh_vest, citizen_vest, org, receivers, rehab_unit
):
    response = login(ssh_vest).post(
        reverse("referrals:refer", args=[citizen_vest.pk]),
        {"to_unit": rehab_unit.pk, "from_unit": org.vest1.pk, "reason": ""},
    )
    assert response.status_code == 400
    assert (
        '<p class="error" id="id_reason_error">Skriv begrundelsen for henvisningen.</p>'
        in response.content.decode()
    )
    assert not Referral.objects.exists()


def test_a_unit_that_takes_no_referrals_is_refused(login, ssh_vest, citizen_vest, org, receivers):
    response = login(ssh_vest).post(
        reverse("referrals:refer", args=[citizen_vest.pk]),
        {"to_unit": org.oest1.pk, "from_unit": org.vest1.pk, "reason": "x"},
    )
    assert (
        response.status_code == 400 and "Den enhed modtager ikke henvisninger." in response.content.decode()
    )
    assert not Referral.objects.exists()


def test_a_citizen_the_sender_cannot_see_is_refused(
    login, ssh_vest, citizen_oest, org, receivers, rehab_unit
):
    client = login(ssh_vest)
    data = {"borger": citizen_oest.pk, "to_unit": rehab_unit.pk, "from_unit": org.vest1.pk, "reason": "x"}
    assert client.get(reverse("referrals:new") + f"?borger={citizen_oest.pk}").status_code == 403
    assert client.post(reverse("referrals:new"), data).status_code == 403
    assert client.post(reverse("referrals:refer", args=[citizen_oest.pk]), data).status_code == 403
    response = client.post(reverse("referrals:new"), {**data, "borger": "", "cpr": citizen_oest.cpr})
    assert response.status_code == 400
    assert "Ingen borger med det CPR-nummer blandt de borgere, du betjener." in response.content.decode()
    assert not Referral.objects.exists()
    assert (
        AccessLog.objects.filter(
            citizen=citizen_oest, outcome=AccessLog.Outcome.REFUSED, part="henvisning"
        ).count()
        == 3
    )


def test_the_receiving_unit_sees_the_referral_but_not_the_record_until_it_accepts(
    login, referral, therapist, citizen_vest, frozen
):
    client = login(therapist)
    body = client.get(reverse("referrals:list")).content.decode()
    assert "Inger Vestesen" in body
    body = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert citizen_vest.cpr in body and "Går usikkert efter indlæggelse" in body and "Sofie" not in body
    assert (
        "Accepter henvisningen" in body and "<title>Henvisning til Rehabiliteringsenheden: Modtaget" in body
    )
    assert client.get(reverse("citizens:detail", args=[citizen_vest.pk])).status_code == 403
    assert AccessLog.objects.filter(
        citizen=citizen_vest, username="terapeut", part="henvisning", outcome=AccessLog.Outcome.SHOWN
    ).exists()

    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"accept-unit": referral.to_unit_id, "accept-note": ""},
    )
    assert response.status_code == 302
    assert Referral.objects.get().status == Status.ACCEPTED
    assert client.get(reverse("citizens:detail", args=[citizen_vest.pk])).status_code == 200
    assert Notification.objects.filter(user=referral.sent_by, key=f"referral:{referral.pk}:accepted").exists()


def test_a_therapist_can_start_a_pathway_once_the_referral_is_accepted(
    login, referral, therapist, citizen_vest
):
    client = login(therapist)
    url = reverse("rehab:pathway_new")
    data = {"citizen": citizen_vest.cpr, "kind": "rehab_83a"}
    assert client.get(url).status_code == 200
    assert "citizen" in client.post(url, data).context["form"].errors
    client.post(reverse("referrals:accept", args=[referral.pk]), {"accept-unit": referral.to_unit_id})
    assert "citizen" not in client.post(url, data).context["form"].errors


def test_decline_needs_a_reason_in_danish_and_tells_the_sender(
    login, referral, therapist, ssh_vest, citizen_vest
):
    client = login(therapist)
    response = client.post(reverse("referrals:decline", args=[referral.pk]), {"decline-reason": ""})
    assert response.status_code == 400
    assert (
        '<p class="error" id="id_decline-reason_error">Skriv begrundelsen for afvisningen.</p>'
        in response.content.decode()
    )
    assert Referral.objects.get().status in (Status.SENT, Status.RECEIVED)
    response = client.post(
        reverse("referrals:decline", args=[referral.pk]), {"decline-reason": "Ingen plads før maj."}
    )
    assert response.status_code == 302 and Referral.objects.get().status == Status.DECLINED
    assert client.get(reverse("citizens:detail", args=[citizen_vest.pk])).status_code == 403
    client = login(ssh_vest)
    body = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Afvist" in body and "Ingen plads før maj." in body
    assert Notification.objects.filter(user=ssh_vest, key=f"referral:{referral.pk}:declined").exists()


def test_a_second_answer_is_told_the_referral_is_answered(login, referral, therapist, rehab_leader):
    login(therapist).post(
        reverse("referrals:accept", args=[referral.pk]), {"accept-unit": referral.to_unit_id}
    )
    response = login(rehab_leader).post(
        reverse("referrals:decline", args=[referral.pk]), {"decline-reason": "Nej"}
    )
    assert (
        response.status_code == 400
        and "Henvisningen er allerede besvaret: Accepteret." in response.content.decode()
    )
    assert Referral.objects.get().status == Status.ACCEPTED


def test_another_receiving_unit_is_refused_and_the_refusal_logged(
    login, referral, dementia_nurse, citizen_vest
):
    client = login(dementia_nurse)
    assert "Inger Vestesen" not in client.get(reverse("referrals:list")).content.decode()
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 403
    assert (
        client.post(
            reverse("referrals:accept", args=[referral.pk]), {"accept-unit": referral.to_unit_id}
        ).status_code
        == 403
    )
    assert Referral.objects.get().status == Status.SENT
    assert (
        AccessLog.objects.filter(
            citizen=citizen_vest, username="demens.01", outcome=AccessLog.Outcome.REFUSED, part="henvisning"
        ).count()
        == 2
    )


def test_the_sender_may_withdraw_but_not_accept(login, referral, ssh_vest):
    client = login(ssh_vest)
    assert (
        client.post(
            reverse("referrals:accept", args=[referral.pk]), {"accept-unit": referral.to_unit_id}
        ).status_code
        == 403
    )
    response = client.post(reverse("referrals:cancel", args=[referral.pk]), {"cancel-reason": "Fejl"})
    assert response.status_code == 302 and Referral.objects.get().status == Status.CANCELLED


def test_lists_are_scoped_to_incoming_and_sent(
    login,
    org,
    receivers,
    rehab_unit,
    dementia_unit,
    therapist,
    dementia_nurse,
    ssh_vest,
    ssh_oest,
    leader_vest,
):
    to_rehab = refer(CitizenFactory(units=[org.vest1], last_name="Rehabsen"), ssh_vest, org.vest1, rehab_unit)
    to_dementia = refer(
        CitizenFactory(units=[org.oest1], last_name="Demensen"), ssh_oest, org.oest1, dementia_unit
    )

    def rows(user, tab=""):
        response = login(user).get(reverse("referrals:list") + (f"?vis={tab}" if tab else ""))
        return [r.pk for r in response.context["page"].rows]

    assert rows(therapist) == [to_rehab.pk]
    assert rows(dementia_nurse) == [to_dementia.pk]
    assert rows(ssh_vest, "modtaget") == [] and rows(ssh_vest) == [to_rehab.pk]
    assert rows(ssh_oest, "sendt") == [to_dementia.pk]
    assert rows(leader_vest, "sendt") == [to_rehab.pk]
    assert rows(therapist, "sendt") == []


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow_with_the_referrals(
    login, org, receivers, rehab_unit, therapist, ssh_vest, django_assert_num_queries
):
    def add(n):
        for _i in range(n):
            refer(CitizenFactory(units=[org.vest1]), ssh_vest, org.vest1, rehab_unit)

    add(3)
    small = _count(login(therapist), reverse("referrals:list"))
    small_sent = _count(login(ssh_vest), reverse("referrals:list") + "?vis=sendt")
    add(27)
    for user, url, expected in (
        (therapist, reverse("referrals:list"), small),
        (ssh_vest, reverse("referrals:list") + "?vis=sendt", small_sent),
    ):
        client = login(user)
        client.get(url)
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert len(response.context["page"].rows) == 30
    assert small <= 12


def test_the_referral_is_on_the_citizens_pathway_for_the_sender_and_after_accepting_for_the_receiver(
    login, referral, ssh_vest, therapist, ssh_oest, citizen_vest, frozen
):
    timeline_url = reverse("citizens:timeline", args=[citizen_vest.pk])
    link = reverse("referrals:detail", args=[referral.pk])
    body = login(ssh_vest).get(timeline_url).content.decode()
    assert "Henvisning til Rehabiliteringsenheden: Sendt" in body and link in body

    services.accept_referral(referral, by=therapist)
    body = login(therapist).get(timeline_url).content.decode()
    assert "Henvisning til Rehabiliteringsenheden: Accepteret" in body and link in body
    assert login(ssh_oest).get(timeline_url).status_code == 403
