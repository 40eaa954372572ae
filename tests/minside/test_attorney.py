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


# The citizen gives (and revokes) a power of attorney on Min side.


def _give(client, **data):
    values = {"grantee_name": "Ane Datter", "grantee_cpr": "010190-1234", "scope": "pleje", "ends_on": ""}
    return client.post("/min-side/fuldmagter/", {**values, **data})


def test_the_citizen_gives_a_relative_a_power_of_attorney_that_opens_only_its_scope(
    client, citizen_login, borger, citizen_vest
):
    from minside.models import PowerOfAttorney

    from .conftest import make_account

    citizen_login(borger)
    assert "Giv en pårørende fuldmagt" in client.get("/min-side/fuldmagter/").content.decode()
    assert _give(client).status_code == 302
    grant = PowerOfAttorney.objects.get()
    assert (grant.citizen, grant.grantee_cpr, grant.scope) == (citizen_vest, "010190-1234", "pleje")
    assert grant.registered_by == borger and grant.starts_on == timezone.localdate() and grant.ends_on is None
    client.logout()
    citizen_login(make_account("ane", "010190-1234"))
    assert client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/").status_code == 200
    assert client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/adgange/").status_code == 403
    assert AccessLog.objects.filter(
        citizen=citizen_vest,
        purpose="fuldmagt",
        outcome=AccessLog.Outcome.REFUSED,
        part=AccessPart.OWN_ACCESS_LOG,
    ).exists()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"grantee_cpr": "123"}, "grantee_cpr", "CPR"),
        ({"grantee_name": ""}, "grantee_name", "Dette felt er påkrævet"),
        ({"scope": "alt-og-mere"}, "scope", "Marker en gyldig valgmulighed"),
        ({"ends_on": "2020-01-01"}, "ends_on", "Den sidste dag kan ikke ligge før i dag."),
    ],
)
def test_bad_input_says_why_next_to_the_field_and_gives_nothing(
    data, field, message, client, citizen_login, borger, citizen_vest
):
    from minside.models import PowerOfAttorney

    citizen_login(borger)
    response = _give(client, **data)
    body = response.content.decode()
    assert response.status_code == 400 and f'id="id_{field}_error"' in body and message in body
    assert not PowerOfAttorney.objects.exists()


def test_ones_own_cpr_and_a_second_grant_to_the_same_relative_are_refused(
    client, citizen_login, borger, citizen_vest
):
    from minside.models import PowerOfAttorney

    citizen_login(borger)
    assert "Det er borgerens eget CPR-nummer" in _give(client, grantee_cpr=citizen_vest.cpr).content.decode()
    assert _give(client).status_code == 302
    assert "har allerede en fuldmagt fra dig" in _give(client, scope="alt").content.decode()
    assert PowerOfAttorney.objects.count() == 1


def test_the_citizen_revokes_it_and_the_relative_is_refused(
    client, citizen_login, borger, citizen_vest, relative_of
):
    from minside.models import PowerOfAttorney

    relative = relative_of(citizen_vest)
    grant = PowerOfAttorney.objects.get()
    citizen_login(borger)
    assert "Ane Datter" in client.get("/min-side/fuldmagter/").content.decode()
    assert client.post(f"/min-side/fuldmagter/{grant.pk}/tilbagekald/").status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    client.logout()
    citizen_login(relative)
    assert client.get(f"/min-side/fuldmagt/{citizen_vest.pk}/").status_code == 403


def test_another_citizens_power_of_attorney_cannot_be_revoked(
    client, citizen_login, borger, citizen_oest, relative_of
):
    from minside.models import PowerOfAttorney

    relative_of(citizen_oest)
    grant = PowerOfAttorney.objects.get()
    citizen_login(borger)
    assert client.post(f"/min-side/fuldmagter/{grant.pk}/tilbagekald/").status_code == 403
    assert client.get(f"/min-side/fuldmagter/{grant.pk}/tilbagekald/").status_code == 405
    grant.refresh_from_db()
    assert grant.revoked_at is None
    assert AccessLog.objects.filter(
        citizen=citizen_oest, outcome=AccessLog.Outcome.REFUSED, username="borger"
    ).exists()
    assert client.post("/min-side/fuldmagter/999999/tilbagekald/").status_code == 404


def test_a_relative_cannot_give_or_revoke_on_the_citizens_behalf(
    client, citizen_login, relative_of, citizen_vest
):
    from minside.models import PowerOfAttorney

    citizen_login(relative_of(citizen_vest))
    grant = PowerOfAttorney.objects.get()
    assert "Giv en pårørende fuldmagt" not in client.get("/min-side/fuldmagter/").content.decode()
    assert _give(client, grantee_cpr="010190-1234").status_code == 200
    assert client.post(f"/min-side/fuldmagter/{grant.pk}/tilbagekald/").status_code == 403
    assert PowerOfAttorney.objects.count() == 1 and PowerOfAttorney.objects.get().revoked_at is None


def test_staff_and_anonymous_are_kept_out_of_the_citizens_attorney_page(client, visitator):
    assert client.get("/min-side/fuldmagter/")["Location"].startswith("/min-side/log-ind/")
    client.force_login(visitator)
    assert client.get("/min-side/fuldmagter/").status_code == 403
