"""The access log (Sundhedsloven §42a): the leaders' and administrators' page and its rows."""

import csv
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carecore.roles import Role
from citizens.audit import log_access_many
from citizens.models import AccessLog, AccessPart

from ..factories import CitizenFactory, make_staff

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


# --- Staff names, units, list looks grouped, and the data-protection contact's CSV (issue 16) -------------


@pytest.fixture
def dpo(org):
    return make_staff("dpo", role=Role.DPO, units=[org.staff_unit])


def list_look(rf, user, citizens, part=AccessPart.PLANNING):
    """What a list page logs: one row per citizen shown, in one insert."""
    request = rf.get("/")
    request.user = user
    log_access_many(request, [c.pk for c in citizens], part)


def table_rows(response):
    body = response.content.decode()
    return body[body.index("<tbody>") : body.index("</tbody>")].count("<tr")


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_filter_by_staff_members_name_finds_their_looks(login, ssh_vest, nurse, leader_vest, citizen_vest):
    ssh_vest.first_name, ssh_vest.last_name = "Zenobia", "Qvistgaard"
    ssh_vest.save()
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    login(nurse).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    client = login(leader_vest)
    for asked in ("Zenobia", "zenobia qvistgaard", "QVISTG", "ssh.vest"):
        response = client.get(reverse("access_log"), {"user": asked})
        assert table_rows(response) == 1, asked
        assert "Zenobia Qvistgaard" in response.content.decode()
    response = client.get(reverse("access_log"), {"user": "Ingen Sådan"})
    assert "Ingen opslag matcher." in response.content.decode()


def test_leaders_page_shows_the_unit_of_the_looker(login, ssh_vest, leader_vest, citizen_vest):
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    body = login(leader_vest).get(reverse("access_log")).content.decode()
    assert '<th scope="col">Enhed</th>' in body and "<td>Vest Team 1</td>" in body


def test_parts_are_shown_in_danish_never_as_keys(login, rf, ssh_vest, leader_vest, citizen_vest):
    list_look(rf, ssh_vest, [citizen_vest], AccessPart.BED_BOARD)
    body = login(leader_vest).get(reverse("access_log")).content.decode()
    assert "Rehab: sengeoversigt" in body or "Rehab: senge" in body
    assert "rehab:senge" not in body


def test_a_list_page_is_one_look_and_the_citizens_real_looks_stay_visible(
    login, rf, ssh_vest, leader_vest, citizen_vest, org
):
    others = [CitizenFactory(units=[org.vest1]) for _ in range(30)]
    for _ in range(3):  # the leader opens her planning page three times
        list_look(rf, leader_vest, [citizen_vest, *others])
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    client = login(leader_vest)
    response = client.get(reverse("access_log"))
    body = response.content.decode()
    assert table_rows(response) == 4  # three planning views and the real look
    assert body.count("og 30 andre borgere på listen") == 3
    assert "Overblik" in body and "ssh.vest" in body
    each = client.get(reverse("access_log"), {"each": "on"})
    assert table_rows(each) == 50  # a full page: every citizen of every list on its own line
    one = client.get(reverse("access_log"), {"citizen": citizen_vest.cpr})
    assert table_rows(one) == 4 and "andre borgere på listen" not in one.content.decode()


def test_the_data_protection_contact_reads_the_whole_log(
    login, ssh_oest, ssh_vest, dpo, citizen_oest, citizen_vest
):
    login(ssh_oest).get(reverse("citizens:detail", args=[citizen_oest.pk]))
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    response = login(dpo).get(reverse("access_log"))
    body = response.content.decode()
    assert response.status_code == 200
    assert citizen_oest.full_name in body and citizen_vest.full_name in body
    assert reverse("access_log_export") in body


def test_csv_export_has_a_danish_header_dates_and_labels_and_nothing_more(login, ssh_vest, dpo, citizen_vest):
    with time_machine.travel("2026-11-25 08:05 +01:00", tick=False):
        login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]), REMOTE_ADDR="10.1.2.3")
    response = login(dpo).get(reverse("access_log_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="adgangslog-')
    rows = read_csv(response)
    assert rows[0] == [
        "Tidspunkt", "Brugernavn", "Medarbejder", "Enhed", "Borger", "CPR-nummer", "Del af journalen", "Formål",
        "Udfald",
    ]  # fmt: skip
    line = rows[1]
    assert line[0] == "25.11.2026 08.05"
    assert line[1] == "ssh.vest" and line[3] == "Vest Team 1" and line[4] == "Inger Vestesen"
    assert line[5] == citizen_vest.masked_cpr and line[5].endswith("xxxx")
    assert line[6] == "Overblik" and line[8] == "Vist"
    text = "\n".join(";".join(r) for r in rows)
    assert citizen_vest.cpr not in text and "10.1.2.3" not in text


def test_csv_export_follows_the_filters_and_lists_every_citizen_of_a_list(
    login, rf, ssh_vest, nurse, dpo, citizen_vest, org
):
    other = CitizenFactory(units=[org.vest1], last_name="Andetsen")
    list_look(rf, nurse, [citizen_vest, other])
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    client = login(dpo)
    rows = read_csv(client.get(reverse("access_log_export"), {"user": "sygeplejerske"}))
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {"sygeplejerske"}
    assert sorted(r[4].split()[-1] for r in rows[1:]) == ["Andetsen", "Vestesen"]


def test_the_export_is_a_look_at_each_citizens_access_log(login, ssh_vest, dpo, citizen_vest):
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    b"".join(login(dpo).get(reverse("access_log_export")).streaming_content)
    assert AccessLog.objects.filter(user=dpo, citizen=citizen_vest, part=AccessPart.ACCESS_LOG).count() == 1


def test_csv_export_with_a_bad_filter_says_why_in_danish(login, dpo):
    response = login(dpo).get(
        reverse("access_log_export"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert response.status_code == 400
    assert "Slutdatoen ligger før startdatoen." in response.content.decode()
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.SSH, Role.NURSE])
def test_csv_export_is_refused_to_other_roles(login, org, role, ssh_vest, citizen_vest):
    login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    user = make_staff(
        f"other.{role}", role=role, units=[org.vest], leader_of=[org.vest] if role == Role.LEADER else []
    )
    response = login(user).get(reverse("access_log_export"))
    assert response.status_code == 403
    assert "Vestesen" not in response.content.decode()


def test_csv_export_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("access_log_export"))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_leader_sees_no_export_link(login, leader_vest):
    assert reverse("access_log_export") not in login(leader_vest).get(reverse("access_log")).content.decode()


def test_csv_export_query_count_is_fixed(login, rf, ssh_vest, dpo, org):
    def count():
        client = login(dpo)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("access_log_export"))
            b"".join(response.streaming_content)
        return len(ctx.captured_queries)

    list_look(rf, ssh_vest, [CitizenFactory(units=[org.vest1]) for _ in range(3)])
    count()  # warm-up (session refresh)
    small = count()
    list_look(rf, ssh_vest, [CitizenFactory(units=[org.vest1]) for _ in range(40)])
    assert count() == small


def test_grouped_access_log_query_count_is_fixed(login, rf, ssh_vest, leader_vest, org):
    def count():
        client = login(leader_vest)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("access_log")).status_code == 200
        return len(ctx.captured_queries)

    list_look(rf, ssh_vest, [CitizenFactory(units=[org.vest1]) for _ in range(3)])
    count()
    small = count()
    for _ in range(5):
        list_look(rf, ssh_vest, [CitizenFactory(units=[org.vest1]) for _ in range(10)])
    assert count() == small
