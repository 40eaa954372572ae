"""A relative with a power of attorney (fuldmagt) sees the granting citizen's pages within its scope
until its last day; every look is in the citizen's access log as "fuldmagt"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from citizens.models import AccessLog, AccessPart
from minside.models import PowerOfAttorney, Scope

from ..homecare.factories import make_visit

pytestmark = pytest.mark.django_db


def test_relative_sees_the_granting_citizens_care_and_looks(client, citizen_login, relative_of, citizen_vest):
    make_visit(citizen_vest)
    citizen_login(relative_of(citizen_vest))

    home = client.get("/min-side/").content.decode()
    assert f"/min-side/fuldmagt/{citizen_vest.pk}/" in home and "(fuldmagt)" in home
    care = client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/").content.decode()
    assert "Pleje for Inger Vestesen" in care and "Morgenpleje" in care
    assert citizen_vest.cpr not in care and citizen_vest.masked_cpr in care
    looks = client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/adgange/")
    assert looks.status_code == 200

    logged = AccessLog.objects.filter(citizen=citizen_vest, username="paaroerende")
    assert sorted(logged.values_list("part", "purpose", "outcome")) == [
        (AccessPart.OWN_PAGE, "fuldmagt", "shown"),
        (AccessPart.OWN_ACCESS_LOG, "fuldmagt", "shown"),
    ]
    # the citizen sees the relative's looks in their own log
    assert "fuldmagt" in looks.content.decode()


def test_relative_can_ask_about_a_look_for_the_citizen(client, citizen_login, relative_of, citizen_vest):
    look = AccessLog.objects.create(username="x", citizen=citizen_vest, part=AccessPart.JOURNAL)
    relative = relative_of(citizen_vest)
    citizen_login(relative)
    response = client.post(
        f"/min-side/fuldmagt/{citizen_vest.pk}/adgange/spoerg/",
        {"look": look.pk, "question": "Hvem så journalen?"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/min-side/fuldmagt/{citizen_vest.pk}/adgange/"


@pytest.mark.parametrize(
    "scope, care, looks",
    [(Scope.ALL, 200, 200), (Scope.CARE, 200, 403), (Scope.LOOKS, 403, 200)],
)
def test_the_scope_decides_which_pages(scope, care, looks, client, citizen_login, relative_of, citizen_vest):
    citizen_login(relative_of(citizen_vest, scope=scope))
    assert client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/").status_code == care
    assert client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/adgange/").status_code == looks
    assert client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/adgange/spoerg/").status_code == looks


def test_after_the_last_day_the_relative_is_refused_and_the_refusal_logged(
    client, citizen_login, relative_of, citizen_vest
):
    citizen_login(relative_of(citizen_vest, ends_on=timezone.localdate() - timedelta(days=1)))
    response = client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/")
    assert response.status_code == 403
    assert citizen_vest.last_name not in response.content.decode()
    assert f"/min-side/fuldmagt/{citizen_vest.pk}/" not in client.get("/min-side/").content.decode()
    assert AccessLog.objects.filter(
        citizen=citizen_vest, username="paaroerende", outcome="refused", purpose="fuldmagt"
    ).exists()


def test_the_last_day_itself_is_included(client, citizen_login, relative_of, citizen_vest):
    citizen_login(relative_of(citizen_vest, ends_on=timezone.localdate()))
    assert client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/").status_code == 200


def test_a_revoked_power_of_attorney_is_refused(client, citizen_login, relative_of, citizen_vest):
    citizen_login(relative_of(citizen_vest))
    PowerOfAttorney.objects.update(revoked_at=timezone.now())
    assert client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/").status_code == 403


def test_a_power_of_attorney_for_one_citizen_opens_no_other(
    client, citizen_login, relative_of, citizen_vest, citizen_oest
):
    citizen_login(relative_of(citizen_vest))
    response = client.get(f"/min-side/fuldmagt/{citizen_oest.pk}/adgange/")
    assert response.status_code == 403
    assert AccessLog.objects.filter(citizen=citizen_oest, outcome="refused").exists()


def test_the_citizen_itself_cannot_use_the_relatives_urls(client, citizen_login, borger, citizen_vest):
    citizen_login(borger)
    assert client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/").status_code == 403


def test_power_of_attorney_period_is_checked_by_the_database(visitator, citizen_vest):
    from django.db import IntegrityError, transaction

    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        PowerOfAttorney.objects.create(
            citizen=citizen_vest,
            grantee_cpr="010190-1234",
            grantee_name="A",
            scope=Scope.ALL,
            starts_on=today,
            ends_on=today - timedelta(days=1),
            registered_by=visitator,
        )


def test_staff_register_a_paper_power_of_attorney_in_the_admin(client, org, citizen_vest):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("adm", password="x")
    client.force_login(admin)
    response = client.post(
        "/admin/minside/powerofattorney/add/",
        {
            "citizen": citizen_vest.pk,
            "grantee_cpr": "0101901234",
            "grantee_name": "Ane Datter",
            "scope": Scope.CARE,
            "starts_on": "2026-01-01",
            "ends_on": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = PowerOfAttorney.objects.get()
    assert grant.grantee_cpr == "010190-1234" and grant.registered_by == admin
