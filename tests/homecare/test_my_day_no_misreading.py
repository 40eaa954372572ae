"""Min dag nobody can misread: no finish with unticked tasks, per-task "not done" with a reason, "not
delivered" tells the leader (and the nurse), "not at home" shows the procedure, the confirmation stays on
the same card, overdue visits, map/phone/record links, the key-box code shown only on a started visit."""

from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from carecore.models import Notification
from carecore.roles import Role
from citizens.models import AccessLog, AccessPart, Relative
from homecare import services
from homecare.delegation import Delegation
from homecare.models import DelegatedTask, Visit, VisitStatus

from ..factories import make_staff

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _post(client, name, visit, *args, data=None):
    return client.post(reverse(f"homecare:{name}", args=[visit.pk, *args]), data or {}, **HX)


@pytest.fixture
def started(frozen, ssh_vest, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)  # tasks: "Hjælp til bad", "Påklædning"
    services.start_visit(visit, by=ssh_vest)
    return visit


def test_finish_is_refused_while_a_task_is_unticked(login, ssh_vest, started):
    client = login(ssh_vest)
    _post(client, "visit_tick", started, 0)
    body = _post(client, "visit_finish", started).content.decode()
    assert "markér hver af de andre som »ikke udført« med en begrundelse: Påklædning." in body
    assert Visit.objects.get().status == VisitStatus.STARTED


def test_a_task_marked_not_done_with_a_reason_lets_the_visit_finish(login, ssh_vest, started):
    client = login(ssh_vest)
    _post(client, "visit_tick", started, 0)
    body = _post(
        client, "visit_task_not_done", started, 1, data={"not_done": "", "task": "1"}
    ).content.decode()
    assert "Skriv, hvorfor opgaven ikke blev udført." in body
    assert Visit.objects.get().tasks_not_done == {}
    body = _post(client, "visit_task_not_done", started, 1, data={"not_done": "Ville ikke", "task": "1"})
    assert "Opgaven er markeret som ikke udført." in body.content.decode()
    assert "Ikke udført: Ville ikke" in body.content.decode()
    _post(client, "visit_finish", started)
    visit = Visit.objects.get()
    assert visit.status == VisitStatus.DELIVERED
    assert (visit.tasks_done, visit.tasks_not_done) == ([0], {"1": "Ville ikke"})


def test_ticking_a_task_after_all_clears_its_not_done(ssh_vest, started):
    services.task_not_done(started, 0, reason="Ingen tid")
    services.tick_task(started, 0)
    visit = Visit.objects.get()
    assert (visit.tasks_done, visit.tasks_not_done) == ([0], {})


def test_not_done_is_refused_on_a_visit_not_started_and_for_no_such_task(frozen, ssh_vest, make_visits):
    from django.core.exceptions import ValidationError

    (visit,) = make_visits(1, carer=ssh_vest)
    with pytest.raises(ValidationError):
        services.task_not_done(visit, 0, reason="x")
    services.start_visit(visit, by=ssh_vest)
    with pytest.raises(ValidationError):
        services.task_not_done(visit, 7, reason="x")


def test_not_done_is_refused_to_a_worker_of_another_team(login, ssh_oest, started):
    assert (
        _post(login(ssh_oest), "visit_task_not_done", started, 0, data={"not_done": "x"}).status_code == 403
    )
    assert Visit.objects.get().tasks_not_done == {}


# --- "Ikke leveret" tells people -----------------------------------------------------------------
def test_not_delivered_tells_the_team_leader_at_once_but_not_the_nurse_for_plain_care(
    frozen, ssh_vest, leader_vest, nurse, make_visits
):
    (visit,) = make_visits(1, carer=ssh_vest)
    services.not_delivered(visit, by=ssh_vest, reason="not_home")
    note = Notification.objects.get()
    assert note.user == leader_vest
    assert note.title == f"Besøg ikke leveret: {visit.citizen.full_name}"
    assert "Borger ikke hjemme" in note.body and note.url == f"/borgere/{visit.citizen_id}/"


def test_not_delivered_medicine_visit_tells_the_delegating_nurse_too(
    frozen, ssh_vest, leader_vest, nurse, org, make_visits
):
    other_nurse = make_staff("sygeplejerske.2", role=Role.NURSE, units=[org.nursing])
    (visit,) = make_visits(1, carer=ssh_vest, delegated_task=DelegatedTask.MEDICINE)
    Delegation.objects.create(
        team=org.vest1,
        task=DelegatedTask.MEDICINE,
        level="ssh",
        instruction="Dosisdispenseret",
        valid_from=date(2026, 3, 1),
        valid_until=date(2026, 6, 1),
        delegated_by=nurse,
    )
    services.not_delivered(visit, by=ssh_vest, reason="cancelled")
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {leader_vest.username, nurse.username}
    assert other_nurse.username not in told
    assert "Medicingivning" in Notification.objects.get(user=nurse).body


def test_delegated_visit_without_a_delegation_row_tells_the_nurses_covering_the_citizen(
    frozen, ssh_vest, leader_vest, nurse, make_visits
):
    (visit,) = make_visits(1, carer=ssh_vest, delegated_task=DelegatedTask.EYE_DROPS)
    services.not_delivered(visit, by=ssh_vest, reason="admitted")
    assert set(Notification.objects.values_list("user", flat=True)) == {leader_vest.pk, nurse.pk}


def test_not_at_home_shows_the_procedure_and_a_call_list_on_the_card(
    login, ssh_vest, leader_vest, make_visits, frozen
):
    (visit,) = make_visits(1, carer=ssh_vest)
    Relative.objects.create(citizen=visit.citizen, name="Ane Datter", relation="datter", phone="31 32 33 34")
    leader_vest.staff.phone = "70 11 22 33"
    leader_vest.staff.save()
    client = login(ssh_vest)
    body = _post(client, "visit_not_delivered", visit, data={"reason": "not_home"}).content.decode()
    assert "Borger ikke hjemme: gør sådan" in body and "ring 112 straks" in body
    assert 'href="tel:31323334"' in body and "Ane Datter" in body
    assert 'href="tel:70112233"' in body
    page = client.get(reverse("homecare:my_day")).content.decode()
    assert page.count("Borger ikke hjemme: gør sådan") == 1


# --- The card: confirmation in place, links, overdue, key-box code -------------------------------
def test_confirmation_is_on_the_same_card_in_a_live_region(login, ssh_vest, frozen, make_visits):
    first, second = make_visits(2, carer=ssh_vest)
    body = _post(login(ssh_vest), "visit_start", first).content.decode()
    assert f'id="visit-{first.pk}"' in body and f'id="visit-{second.pk}"' not in body
    status = body[body.index(f'id="visit-{first.pk}-status"') :]
    assert 'aria-live="polite"' in status[:400] and "Besøget er startet." in status[:400]
    assert first.citizen.full_name in status[:400]
    assert 'id="myday-live" hx-swap-oob="innerHTML"' in body
    assert f"show:#visit-{first.pk}-status:bottom" in body


def test_without_javascript_the_answer_returns_to_the_same_card(login, ssh_vest, frozen, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    response = login(ssh_vest).post(reverse("homecare:visit_start", args=[visit.pk]))
    assert response["Location"] == f"/min-dag/#visit-{visit.pk}-status"


def test_card_links_the_map_the_phone_and_the_record_and_flags_overdue(login, ssh_vest, frozen, make_visits):
    late, on_time = make_visits(2, carer=ssh_vest)
    now = timezone.now()  # 06:00; the visits are from 07:00
    Visit.objects.filter(pk=late.pk).update(
        starts_at=now - timedelta(minutes=60),
        ends_at=now - timedelta(minutes=30),
        window_end=now - timedelta(minutes=1),
    )
    late.citizen.phone = "20 30 40 50"
    late.citizen.save()
    body = login(ssh_vest).get(reverse("homecare:my_day")).content.decode()
    assert body.count("Forsinket: ikke startet") == 1
    assert body.index("Forsinket") < body.index(f'id="visit-{on_time.pk}"')
    assert 'href="tel:20304050"' in body
    assert f'href="/borgere/{late.citizen_id}/"' in body
    assert f"geo:0,0?q={quote(late.citizen.address)}%2C%20" in body


def test_key_box_code_is_hidden_until_started_and_each_reveal_is_logged(login, ssh_vest, frozen, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    visit.citizen.access_note = "Nøgleboks ved bagdør, kode 4711"
    visit.citizen.save()
    client = login(ssh_vest)
    assert "4711" not in client.get(reverse("homecare:my_day")).content.decode()
    body = _post(client, "visit_key", visit).content.decode()
    assert "4711" not in body and "Start besøget for at se nøglebokskoden." in body
    assert not AccessLog.objects.filter(part=AccessPart.KEY_CODE).exists()
    started = _post(client, "visit_start", visit).content.decode()
    assert "4711" not in started and "Vis nøglebokskode" in started
    for _ in range(2):
        assert "Nøgleboks ved bagdør, kode 4711" in _post(client, "visit_key", visit).content.decode()
    logged = AccessLog.objects.filter(part=AccessPart.KEY_CODE, user=ssh_vest, citizen=visit.citizen)
    assert logged.count() == 2
    assert "4711" not in client.get(reverse("homecare:my_day")).content.decode()
    plain = client.post(reverse("homecare:visit_key", args=[visit.pk]))  # without JavaScript
    assert "Nøgleboks ved bagdør, kode 4711" in plain.content.decode() and logged.count() == 3


def test_key_box_code_is_refused_to_another_team_and_the_refusal_is_logged(login, ssh_oest, started):
    assert _post(login(ssh_oest), "visit_key", started).status_code == 403
    assert AccessLog.objects.filter(
        part=AccessPart.KEY_CODE, user=ssh_oest, outcome=AccessLog.Outcome.REFUSED
    ).exists()


# --- Landing after login -------------------------------------------------------------------------
@pytest.mark.parametrize("role", [Role.SSH, Role.SSA, Role.NURSE, Role.THERAPIST])
def test_field_roles_land_on_min_dag_after_login(client, org, role):
    user = make_staff("felt", role=role, units=[org.vest1])
    user.set_password("pw1234567")
    user.save()
    response = client.post(reverse("login"), {"username": "felt", "password": "pw1234567"})
    assert response["Location"] == "/min-dag/"


def test_a_leader_lands_on_the_start_page_and_next_is_kept(client, org):
    from django.contrib.auth import get_user_model

    make_staff("leder", role=Role.LEADER, leader_of=[org.vest])
    make_staff("felt", role=Role.SSH, units=[org.vest1])
    for user in get_user_model().objects.all():
        user.set_password("pw1234567")
        user.save()
    assert client.post(reverse("login"), {"username": "leder", "password": "pw1234567"})["Location"] == "/"
    client.logout()
    response = client.post(
        reverse("login") + "?next=/borgere/", {"username": "felt", "password": "pw1234567"}
    )
    assert response["Location"] == "/borgere/"
