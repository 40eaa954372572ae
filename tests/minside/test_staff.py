"""Staff register a paper power of attorney on the citizen's record (scope, first and last day) and revoke
it. Who may: those who may change the citizen's master data, for citizens they can see."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carecore.roles import Role
from citizens.models import AccessLog
from minside.models import PowerOfAttorney, Scope

from ..factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(org):
    return make_staff("leder.v", role=Role.LEADER, leader_of=[org.vest])


def _data(**extra):
    return {
        "grantee_name": "Ane Datter",
        "grantee_cpr": "0101901234",
        "scope": Scope.CARE,
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        **extra,
    }


def test_leader_registers_a_paper_power_of_attorney(client, leader, citizen_vest):
    client.force_login(leader)
    url = reverse("attorneys:citizen", args=[citizen_vest.pk])
    assert "Registrér en fuldmagt" in client.get(url).content.decode()
    response = client.post(url, _data())
    assert response.status_code == 302
    grant = PowerOfAttorney.objects.get()
    assert (grant.citizen, grant.grantee_cpr, grant.scope, grant.registered_by) == (
        citizen_vest,
        "010190-1234",
        Scope.CARE,
        leader,
    )
    body = client.get(url).content.decode()
    assert "Ane Datter" in body and "Pleje og besøg" in body and "Gældende" in body


def test_the_record_links_to_the_powers_of_attorney(client, leader, citizen_vest):
    client.force_login(leader)
    body = client.get(reverse("citizens:detail", args=[citizen_vest.pk])).content.decode()
    assert reverse("attorneys:citizen", args=[citizen_vest.pk]) in body


@pytest.mark.parametrize(
    "extra, field, message",
    [
        ({"grantee_name": ""}, "grantee_name", "Dette felt er påkrævet"),
        ({"grantee_cpr": "12345"}, "grantee_cpr", "Skriv CPR-nummeret som DDMMÅÅ-SSSS"),
        ({"grantee_cpr": "320190-1234"}, "grantee_cpr", "CPR-nummeret starter ikke med en rigtig dato"),
        ({"scope": "alting"}, "scope", "Marker en gyldig valgmulighed"),
        ({"starts_on": "i går"}, "starts_on", "Indtast en gyldig dato"),
        ({"ends_on": "2025-12-31"}, "ends_on", "Sidste dag skal være samme dag som eller efter første dag"),
    ],
)
def test_bad_input_says_why_next_to_the_field_and_saves_nothing(
    extra, field, message, client, leader, citizen_vest
):
    client.force_login(leader)
    response = client.post(reverse("attorneys:citizen", args=[citizen_vest.pk]), _data(**extra))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in body and message in body
    assert not PowerOfAttorney.objects.exists()


def test_the_citizens_own_cpr_is_refused(client, leader, citizen_vest):
    client.force_login(leader)
    response = client.post(
        reverse("attorneys:citizen", args=[citizen_vest.pk]), _data(grantee_cpr=citizen_vest.cpr)
    )
    assert "Det er borgerens eget CPR-nummer" in response.content.decode()
    assert not PowerOfAttorney.objects.exists()


def test_revoking_ends_the_relatives_access(client, leader, citizen_vest, relative_of, citizen_login):
    relative = relative_of(citizen_vest)
    grant = PowerOfAttorney.objects.get()
    client.force_login(leader)
    response = client.post(reverse("attorneys:revoke", args=[grant.pk]))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    client.logout()
    citizen_login(relative)
    assert client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/").status_code == 403


def test_a_carer_may_not_register_and_the_refusal_is_logged(client, org, citizen_vest):
    carer = make_staff("ssh.v", role=Role.SSH, units=[org.vest1])
    client.force_login(carer)
    response = client.post(reverse("attorneys:citizen", args=[citizen_vest.pk]), _data())
    assert response.status_code == 403
    assert not PowerOfAttorney.objects.exists()
    assert AccessLog.objects.filter(user=carer, citizen=citizen_vest, outcome="refused").exists()


def test_anonymous_is_sent_to_the_staff_login(client, citizen_vest):
    response = client.get(reverse("attorneys:citizen", args=[citizen_vest.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_ended_power_of_attorney_is_shown_as_ended(client, leader, citizen_vest, relative_of):
    relative_of(citizen_vest, ends_on=timezone.localdate() - timedelta(days=1))
    client.force_login(leader)
    assert "Udløbet" in client.get(reverse("attorneys:citizen", args=[citizen_vest.pk])).content.decode()
