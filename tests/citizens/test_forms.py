import pytest
from django.urls import reverse

from citizens.models import Citizen, Relative

pytestmark = pytest.mark.django_db


def valid(org, **overrides):
    data = {
        "cpr": "120345-1234",
        "first_name": "Grethe",
        "last_name": "Hansen",
        "address": "Skovvej 3",
        "postcode": "8700",
        "city": "Horsens",
        "phone": "",
        "access_note": "",
        "gp_name": "",
        "gp_phone": "",
        "status": "active",
        "units": [org.vest1.pk],
    }
    data.update(overrides)
    return data


def test_visitator_registers_citizen_with_history(login, visitator, org):
    response = login(visitator).post(reverse("citizens:create"), valid(org))
    citizen = Citizen.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "citizens:detail", args=[citizen.pk]
    )
    assert citizen.birth_date.year == 1945
    assert list(citizen.units.all()) == [org.vest1]
    history = citizen.history.get()
    assert history.history_type == "+" and history.history_user == visitator


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("cpr", "310245-1234", "CPR-nummeret starter ikke med en rigtig dato."),
        ("cpr", "12345", "Skriv CPR-nummeret som DDMMÅÅ-SSSS (10 cifre)."),
        ("first_name", "", "Dette felt er påkrævet."),
        ("postcode", "87", "Et dansk postnummer har fire cifre."),
        ("units", [], "Vælg mindst én enhed, der leverer hjælp til borgeren."),
    ],
)
def test_bad_input_gets_danish_message_and_saves_nothing(login, visitator, org, field, value, message):
    response = login(visitator).post(reverse("citizens:create"), valid(org, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Citizen.objects.exists()


def test_duplicate_cpr_is_refused(login, visitator, org):
    client = login(visitator)
    client.post(reverse("citizens:create"), valid(org))
    response = client.post(reverse("citizens:create"), valid(org, first_name="Anden"))
    assert "Der findes allerede en borger med dette CPR-nummer." in response.content.decode()
    assert Citizen.objects.count() == 1


def test_home_carer_cannot_register_citizen(login, ssh_vest, org):
    response = login(ssh_vest).post(reverse("citizens:create"), valid(org))
    assert response.status_code == 403
    assert not Citizen.objects.exists()


def test_edit_keeps_change_log(login, visitator, citizen_vest, org):
    client = login(visitator)
    response = client.post(
        reverse("citizens:edit", args=[citizen_vest.pk]), valid(org, cpr=citizen_vest.cpr, address="Ny Vej 1")
    )
    assert response.status_code == 302
    citizen_vest.refresh_from_db()
    assert citizen_vest.address == "Ny Vej 1"
    assert citizen_vest.history.count() == 2
    body = client.get(reverse("citizens:changes", args=[citizen_vest.pk])).content.decode()
    assert "Ny Vej 1" in body and "visitator" in body


def test_relative_added_and_bad_email_refused(login, visitator, citizen_vest):
    client = login(visitator)
    url = reverse("citizens:relative_add", args=[citizen_vest.pk])
    bad = client.post(url, {"name": "Ole", "relation": "Søn", "email": "ikke-en-mail"})
    assert "Indtast en gyldig e-mail-adresse." in bad.content.decode()
    assert not Relative.objects.exists()
    client.post(url, {"name": "Ole", "relation": "Søn", "phone": "12345678"})
    assert citizen_vest.relatives.get().name == "Ole"


def test_edit_refused_outside_scope(login, leader_vest, citizen_oest, org):
    response = login(leader_vest).post(
        reverse("citizens:edit", args=[citizen_oest.pk]), valid(org, cpr=citizen_oest.cpr)
    )
    assert response.status_code == 403
