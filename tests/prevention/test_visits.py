"""§79a preventive home visits: the month's list, the answer, the booking and the record; refusals."""

from datetime import date

import pytest
from django.urls import reverse

from citizens.models import AccessLog, Citizen, CitizenUnit
from prevention import services
from prevention.models import Group, Offer, OfferStatus, PreventiveVisit, RiskFlag, VisitRecord

from .conftest import count_queries

pytestmark = pytest.mark.django_db

MARCH = date(2026, 3, 1)


@pytest.fixture
def offers(frozen, residents):
    services.make_invitation_list(MARCH)
    return {o.name: o for o in Offer.objects.all()}


def test_the_months_list_has_the_groups_of_the_law_and_the_widow(offers):
    assert {name: o.group for name, o in offers.items()} == {
        "Else Hansen": Group.AGE_75,
        "Bent Jensen": Group.AGE_80,
        "Lis Larsen": Group.ALONE_70,
        "Ruth Madsen": Group.FROM_82,
        "Aase Berg": Group.WIDOWED,
    }


def test_making_the_list_twice_adds_nothing_and_a_flag_adds_the_resident_at_risk(offers, consultant):
    assert services.make_invitation_list(MARCH) == 0
    services.flag_risk(cpr="050360-1239", reason="Faldet to gange", by=consultant)
    services.exempt(cpr="150351-1234", reason="Personlig pleje og praktisk hjælp", by=consultant)
    services.make_invitation_list(MARCH)
    assert Offer.objects.get(cpr="050360-1239").group == Group.VULNERABLE
    assert Offer.objects.filter(cpr="150351-1234").count() == 1  # exempted after the offer: kept


@pytest.mark.parametrize("user", ["consultant", "sft_leader"])
def test_sft_staff_see_the_month(login, request, offers, user):
    response = login(request.getfixturevalue(user)).get(reverse("prevention:visits") + "?maaned=2026-03")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Forebyggende hjemmebesøg: marts 2026" in body and "Fylder 75" in body and "Else Hansen" in body


@pytest.mark.parametrize("user", ["ssh_vest", "leader_vest", "trainer"])
def test_others_are_refused_the_visits(login, request, offers, user, sft):
    client = login(request.getfixturevalue(user))
    offer = offers["Else Hansen"]
    assert client.get(reverse("prevention:visits")).status_code == 403
    assert client.get(reverse("prevention:offer", args=[offer.pk])).status_code == 403
    assert (
        client.post(reverse("prevention:answer", args=[offer.pk]), {"status": "accepted"}).status_code == 403
    )
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.INVITED


def test_anonymous_is_sent_to_login(client, offers):
    for url in (reverse("prevention:start"), reverse("prevention:visits"), reverse("prevention:risk")):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_accept_book_and_document_a_visit(login, consultant, offers, time_machine):
    client = login(consultant)
    offer = offers["Else Hansen"]
    response = client.post(reverse("prevention:answer", args=[offer.pk]), {"status": "accepted"})
    assert response.status_code == 302
    offer.refresh_from_db()
    citizen = offer.citizen
    assert (
        citizen.cpr == "150351-1234"
        and CitizenUnit.objects.filter(citizen=citizen, unit__code="sft").exists()
    )

    response = client.post(reverse("prevention:book", args=[offer.pk]), {"scheduled_at": "2026-03-10T10:00"})
    visit = PreventiveVisit.objects.get()
    assert response["Location"] == reverse("prevention:visit", args=[visit.pk])

    data = {"health": "Godt", "network": "Datter", "activity": "Går ture", "housing": "Hus", "action": "Ring"}
    response = client.post(reverse("prevention:visit", args=[visit.pk]), data)
    assert response.status_code == 400  # not yet: the visit is on 10 March
    assert "Et besøg kan ikke dokumenteres, før det har fundet sted." in response.content.decode()
    assert not VisitRecord.objects.exists()

    time_machine.move_to("2026-03-10 12:00 +01:00", tick=False)
    client = login(consultant)  # a new day, a new session
    assert client.post(reverse("prevention:visit", args=[visit.pk]), data).status_code == 302
    data["health"] = "Godt, lidt svimmel"
    assert client.post(reverse("prevention:visit", args=[visit.pk]), data).status_code == 302
    first, second = VisitRecord.objects.order_by("id")
    assert second.corrects == first and first.health == "Godt"  # a correction is a new record
    body = client.get(reverse("prevention:visit", args=[visit.pk])).content.decode()
    assert "Godt, lidt svimmel" in body and "Ring" in body
    assert reverse("referrals:refer", args=[citizen.pk]) in body
    assert AccessLog.objects.filter(citizen=citizen, part="sft:besoeg", username="forebyggelse").exists()


def test_the_record_form_refuses_bad_input_in_danish(login, consultant, offers):
    client = login(consultant)
    offer = services.answer_offer(offers["Bent Jensen"], status=OfferStatus.ACCEPTED, by=consultant)
    visit = services.book_visit(
        offer, scheduled_at=offer.answered_at.replace(year=2026, month=3, day=3), by=consultant
    )
    response = client.post(
        reverse("prevention:visit", args=[visit.pk]), {"health": "", "action_due": "2026-13-01"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_health_error">Dette felt er påkrævet.' in body
    assert 'id="id_action_due_error">Indtast en gyldig dato.' in body
    assert not VisitRecord.objects.exists()


def test_booking_refuses_the_past_and_an_offer_not_accepted(login, consultant, offers):
    client = login(consultant)
    offer = offers["Ruth Madsen"]
    response = client.post(reverse("prevention:book", args=[offer.pk]), {"scheduled_at": "2026-03-10T10:00"})
    assert response.status_code == 400
    assert "Der kan kun bookes besøg på et tilbud, borgeren har takket ja til." in response.content.decode()
    services.answer_offer(offer, status=OfferStatus.ACCEPTED, by=consultant)
    response = client.post(reverse("prevention:book", args=[offer.pk]), {"scheduled_at": "2026-03-01T10:00"})
    assert 'id="id_scheduled_at_error">Besøget kan ikke bookes bagud i tid.' in response.content.decode()
    response = client.post(reverse("prevention:answer", args=[offer.pk]), {"status": "maybe"})
    assert response.status_code == 400 and 'id="id_status_error">' in response.content.decode()
    assert not PreventiveVisit.objects.exists()


def test_the_risk_form_refuses_a_bad_cpr_and_a_missing_reason(login, consultant, frozen):
    client = login(consultant)
    response = client.post(
        reverse("prevention:risk"), {"action": "risk", "risk-cpr": "311399-1234", "risk-reason": ""}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_risk-cpr_error">CPR-nummeret starter ikke med en rigtig dato.' in body
    assert 'id="id_risk-reason_error">Angiv grunden til markeringen.' in body
    assert not RiskFlag.objects.exists()
    response = client.post(
        reverse("prevention:risk"), {"action": "risk", "risk-cpr": "0503601239", "risk-reason": "Fald"}
    )
    assert response.status_code == 302 and RiskFlag.objects.get().cpr == "050360-1239"


def test_the_month_list_has_a_fixed_number_of_queries(login, consultant, frozen, django_assert_num_queries):
    def add(first, n):
        for i in range(first, first + n):
            offer = Offer.objects.create(
                cpr=f"0101{i:02d}-1234",
                name=f"Borger {i}",
                birth_date=date(1951, 1, 1),
                address="x",
                group=Group.AGE_75,
                year=2026,
                month=MARCH,
            )
            if i % 2 == 0:
                citizen = Citizen.objects.create(
                    cpr=offer.cpr, first_name="A", last_name="B", address="x", postcode="8700", city="H"
                )
                Offer.objects.filter(pk=offer.pk).update(citizen=citizen, status=OfferStatus.ACCEPTED)

    url = reverse("prevention:visits") + "?maaned=2026-03"
    client = login(consultant)
    add(0, 1)
    small = count_queries(client, url)
    add(1, 12)
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200
    assert small <= 16
