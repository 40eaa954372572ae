"""No silent overwrites of a citizen's master data, and no lost serving units (issue 11, part 3)."""

import pytest
from django.test import Client
from django.urls import reverse

from carecore.models import UnitKind
from citizens.models import Citizen, CitizenUnit, Relative
from tests.factories import CitizenFactory, UnitFactory

pytestmark = pytest.mark.django_db

CONFLICT = "Borgeren er ændret af en anden, mens du redigerede. Din ændring er ikke gemt. Se begge versioner nedenfor."


def form_data(citizen, units, **changes):
    data = {
        "cpr": citizen.cpr,
        "first_name": citizen.first_name,
        "last_name": citizen.last_name,
        "address": citizen.address,
        "postcode": citizen.postcode,
        "city": citizen.city,
        "phone": citizen.phone,
        "access_note": citizen.access_note,
        "gp_name": citizen.gp_name,
        "gp_phone": citizen.gp_phone,
        "status": citizen.status,
        "units": [u.pk for u in units],
        "version": citizen.version,
    }
    data.update(changes)
    return data


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_edit_form_carries_the_version(login, visitator, citizen_vest):
    response = login(visitator).get(reverse("citizens:edit", args=[citizen_vest.pk]))
    assert b'name="version" value="1"' in response.content


def test_second_save_of_the_same_version_is_refused_and_shows_both_versions(visitator, org, citizen_vest):
    url = reverse("citizens:edit", args=[citizen_vest.pk])
    first, second = as_user(visitator), as_user(visitator)
    loaded = Citizen.objects.get(pk=citizen_vest.pk)  # both load version 1

    assert first.post(url, form_data(loaded, [org.vest1], address="Første Vej 1")).status_code == 302
    response = second.post(url, form_data(loaded, [org.vest1], address="Anden Vej 2", phone="12345678"))

    assert response.status_code == 409
    body = response.content.decode()
    assert CONFLICT in body
    assert "Første Vej 1" in body and "Anden Vej 2" in body  # theirs and yours
    assert 'value="Anden Vej 2"' in body and 'value="12345678"' in body  # nothing typed is lost
    assert 'name="version" value="2"' in body  # the form now carries the saved version
    citizen = Citizen.objects.get(pk=citizen_vest.pk)
    assert (citizen.address, citizen.phone, citizen.version) == ("Første Vej 1", "", 2)
    assert citizen.history.count() == 2  # created + the first save; nothing of the second

    again = second.post(url, form_data(citizen, [org.vest1], address="Anden Vej 2", phone="12345678"))
    assert again.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.address, citizen.phone, citizen.version) == ("Anden Vej 2", "12345678", 3)


def test_conflict_keeps_serving_units_unchanged(visitator, org, citizen_vest):
    url = reverse("citizens:edit", args=[citizen_vest.pk])
    loaded = Citizen.objects.get(pk=citizen_vest.pk)
    as_user(visitator).post(url, form_data(loaded, [org.vest1], city="Vejle"))
    response = as_user(visitator).post(url, form_data(loaded, [org.vest1, org.vest2]))
    assert response.status_code == 409
    assert set(CitizenUnit.objects.filter(citizen=citizen_vest).values_list("unit_id", flat=True)) == {
        org.vest1.pk
    }


def test_leader_saving_unchanged_keeps_the_units_they_cannot_see(leader_vest, nurse, org):
    """The reported bug: a leader saved a citizen unchanged, the rehabilitation unit was removed and
    the nurses lost access."""
    rehab = UnitFactory(
        code="rehabilitering", name="Rehabiliteringsenheden", kind=UnitKind.UNIT, parent=org.top
    )
    citizen = CitizenFactory(units=[org.vest1, rehab])
    client = as_user(leader_vest)
    page = client.get(reverse("citizens:edit", args=[citizen.pk]))
    assert page.status_code == 200 and "Rehabiliteringsenheden" not in page.content.decode()

    response = client.post(reverse("citizens:edit", args=[citizen.pk]), form_data(citizen, [org.vest1]))

    assert response.status_code == 302
    assert set(CitizenUnit.objects.filter(citizen=citizen).values_list("unit_id", flat=True)) == {
        org.vest1.pk,
        rehab.pk,
    }


def test_editor_still_adds_and_removes_units_they_can_see(visitator, org, citizen_vest):
    rehab = UnitFactory(
        code="rehabilitering", name="Rehabiliteringsenheden", kind=UnitKind.UNIT, parent=org.top
    )
    CitizenUnit.objects.create(citizen=citizen_vest, unit=rehab)
    url = reverse("citizens:edit", args=[citizen_vest.pk])
    response = as_user(visitator).post(url, form_data(citizen_vest, [org.vest2]))
    assert response.status_code == 302
    assert set(CitizenUnit.objects.filter(citizen=citizen_vest).values_list("unit_id", flat=True)) == {
        org.vest2.pk,
        rehab.pk,
    }


RELATIVE_CONFLICT = "Den pårørende er ændret af en anden, mens du redigerede. Din ændring er ikke gemt."


def relative_data(relative, **changes):
    data = {
        "name": relative.name,
        "relation": relative.relation,
        "phone": relative.phone,
        "email": relative.email,
        "note": relative.note,
        "version": relative.version,
    }
    if relative.is_primary_contact:
        data["is_primary_contact"] = "on"
    data.update(changes)
    return data


def test_second_save_of_a_relative_is_refused_and_shows_both_versions(visitator, citizen_vest):
    relative = Relative.objects.create(citizen=citizen_vest, name="Ane Vestesen", relation="datter")
    url = reverse("citizens:relative_edit", args=[citizen_vest.pk, relative.pk])
    detail = as_user(visitator).get(reverse("citizens:detail", args=[citizen_vest.pk])).content.decode()
    assert url in detail
    assert 'name="version" value="1"' in as_user(visitator).get(url).content.decode()

    assert as_user(visitator).post(url, relative_data(relative, phone="11223344")).status_code == 302
    refused = as_user(visitator).post(url, relative_data(relative, phone="55667788", relation="svigerdatter"))

    assert refused.status_code == 409
    body = refused.content.decode()
    assert RELATIVE_CONFLICT in body and "11223344" in body and 'value="55667788"' in body
    relative.refresh_from_db()
    assert (relative.phone, relative.relation, relative.version) == ("11223344", "datter", 2)

    again = as_user(visitator).post(url, relative_data(relative, phone="55667788", relation="svigerdatter"))
    assert again.status_code == 302
    relative.refresh_from_db()
    assert (relative.phone, relative.relation) == ("55667788", "svigerdatter")


def test_relative_edit_refused_for_home_carer_and_other_citizens_relative(
    login, ssh_vest, visitator, citizen_vest, citizen_oest
):
    relative = Relative.objects.create(citizen=citizen_oest, name="Bo Østesen", relation="søn")
    assert (
        login(ssh_vest)
        .get(reverse("citizens:relative_edit", args=[citizen_vest.pk, relative.pk]))
        .status_code
        == 403
    )
    # a relative of another citizen through this citizen's URL: not found
    response = as_user(visitator).get(reverse("citizens:relative_edit", args=[citizen_vest.pk, relative.pk]))
    assert response.status_code in (403, 404)
    assert Relative.objects.get(pk=relative.pk).name == "Bo Østesen"


def test_a_tampered_version_is_shown_next_to_the_form_in_danish_and_nothing_is_saved(
    visitator, org, citizen_vest
):
    url = reverse("citizens:edit", args=[citizen_vest.pk])
    response = as_user(visitator).post(url, form_data(citizen_vest, [org.vest1], city="Vejle", version="abc"))
    assert response.status_code == 200
    assert "Indtast et heltal." in response.content.decode()
    assert Citizen.objects.get(pk=citizen_vest.pk).city == citizen_vest.city
