"""The access log (Sundhedsloven §42a): the leaders' and administrators' page and its rows."""

import pytest
from django.urls import reverse

from citizens.models import AccessLog

pytestmark = pytest.mark.django_db


def test_access_log_shows_who_looked_at_which_citizen(login, ssh_vest, leader_vest, citizen_vest, client):
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    client.logout()
    body = login(leader_vest).get(reverse("access_log")).content.decode()
    assert "ssh.vest" in body and citizen_vest.full_name in body and "Overblik" in body


def test_access_log_filters_by_user_and_citizen(login, ssh_vest, nurse, leader_vest, citizen_vest, org):
    from tests.factories import CitizenFactory

    other = CitizenFactory(units=[org.vest2], last_name="Andetsen")
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    login(nurse).get(reverse("citizens:detail", args=[other.pk]))
    client = login(leader_vest)
    body = client.get(reverse("access_log"), {"user": "sygeplejerske"}).content.decode()
    assert "Andetsen" in body and "Vestesen" not in body
    body = client.get(reverse("access_log"), {"citizen": citizen_vest.cpr}).content.decode()
    assert "Vestesen" in body and "Andetsen" not in body


def test_access_log_bad_filter_gets_danish_message(login, leader_vest):
    response = login(leader_vest).get(reverse("access_log"), {"citizen": "311399-1234"})
    assert "CPR-nummeret starter ikke med en rigtig dato." in response.content.decode()
    response = login(leader_vest).get(
        reverse("access_log"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "Slutdatoen ligger før startdatoen." in response.content.decode()


def test_leader_sees_only_log_rows_of_own_area(login, ssh_oest, leader_vest, citizen_oest):
    login(ssh_oest).get(reverse("citizens:detail", args=[citizen_oest.pk]))
    body = login(leader_vest).get(reverse("access_log")).content.decode()
    assert citizen_oest.full_name not in body


def test_sysadmin_sees_all_log_rows(login, ssh_oest, sysadmin, citizen_oest):
    login(ssh_oest).get(reverse("citizens:detail", args=[citizen_oest.pk]))
    body = login(sysadmin).get(reverse("access_log")).content.decode()
    assert citizen_oest.full_name in body


def test_care_worker_cannot_open_access_log(login, ssh_vest):
    assert login(ssh_vest).get(reverse("access_log")).status_code == 403


def test_access_log_rows_cannot_be_changed_or_deleted(login, ssh_vest, citizen_vest):
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    row = AccessLog.objects.get()
    row.part = "noget andet"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


def test_admin_site_offers_no_way_to_change_access_log(
    client, django_user_model, ssh_vest, citizen_vest, login
):
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    superuser = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(superuser)
    row = AccessLog.objects.get()
    assert client.get(f"/admin/citizens/accesslog/{row.pk}/delete/").status_code == 403
    response = client.post(f"/admin/citizens/accesslog/{row.pk}/change/", {"part": "x"})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.part == "overblik"
