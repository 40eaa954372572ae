"""Min dag and the visit's forward-only states, notes and early detection."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from carecore.models import Notification
from citizens.models import AccessLog, JournalEntry, JournalKind
from homecare import services
from homecare.models import Observation, Triage, Visit, VisitStatus

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def test_my_day_lists_own_visits_in_time_order_with_masked_cpr(frozen, login, ssh_vest, make_visits):
    visits = make_visits(3, carer=ssh_vest)
    body = login(ssh_vest).get(reverse("homecare:my_day")).content.decode()
    positions = [body.index(v.citizen.full_name) for v in visits]
    assert positions == sorted(positions)
    assert visits[0].citizen.cpr not in body and visits[0].citizen.cpr[:6] + "-xxxx" in body
    assert "Hjælp til bad" in body and "Start besøg" in body


def test_my_day_logs_one_access_row_per_citizen(frozen, login, ssh_vest, make_visits):
    visits = make_visits(3, carer=ssh_vest)
    login(ssh_vest).get(reverse("homecare:my_day"))
    rows = AccessLog.objects.filter(part="min dag")
    assert sorted(r.citizen_id for r in rows) == sorted(v.citizen_id for v in visits)


@pytest.mark.parametrize("n", [10, 200])
def test_my_day_query_count_is_fixed(frozen, login, ssh_vest, make_visits, django_assert_num_queries, n):
    make_visits(n, carer=ssh_vest)
    client = login(ssh_vest)
    client.get(reverse("homecare:my_day"))
    with django_assert_num_queries(5):  # the session row included
        assert client.get(reverse("homecare:my_day")).status_code == 200


def test_my_day_roles(frozen, login, client, nurse, leader_vest):
    assert login(nurse).get(reverse("homecare:my_day")).status_code == 200
    assert login(leader_vest).get(reverse("homecare:my_day")).status_code == 403
    client.logout()
    response = client.get(reverse("homecare:my_day"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_start_and_finish_store_time_and_user(frozen, login, ssh_vest, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    client = login(ssh_vest)
    assert client.post(reverse("homecare:visit_start", args=[visit.pk])).status_code == 302
    frozen.shift(1800)
    client = login(ssh_vest)  # sessions expire after idle time
    for index, _task, _done in visit.task_list:
        client.post(reverse("homecare:visit_tick", args=[visit.pk, index]))
    client.post(reverse("homecare:visit_finish", args=[visit.pk]))
    visit.refresh_from_db()
    assert (
        visit.status == VisitStatus.DELIVERED
        and visit.started_by == ssh_vest
        and visit.finished_by == ssh_vest
    )
    assert (visit.finished_at - visit.started_at).total_seconds() == 1800


def test_finish_before_start_is_refused_in_danish(frozen, login, ssh_vest, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    response = login(ssh_vest).post(reverse("homecare:visit_finish", args=[visit.pk]), HTTP_HX_REQUEST="true")
    assert "Start besøget, før du afslutter det." in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED and visit.finished_at is None


def test_state_never_moves_back(frozen, ssh_vest, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    services.start_visit(visit, by=ssh_vest)
    services.tick_task(visit, 0)
    services.task_not_done(visit, 1, reason="Ville ikke i dag")
    services.finish_visit(visit, by=ssh_vest)
    with pytest.raises(ValidationError):
        services.start_visit(visit, by=ssh_vest)
    with pytest.raises(ValidationError):
        services.not_delivered(visit, by=ssh_vest, reason="not_home")
    assert Visit.objects.get().status == VisitStatus.DELIVERED


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "reason", "Vælg, hvorfor besøget ikke blev leveret."),
        ({"reason": "other", "reason_text": ""}, "reason_text", "Beskriv årsagen, når du vælger »andet«."),
    ],
)
def test_not_delivered_needs_a_reason(frozen, login, ssh_vest, make_visits, data, field, message):
    (visit,) = make_visits(1, carer=ssh_vest)
    response = login(ssh_vest).post(
        reverse("homecare:visit_not_delivered", args=[visit.pk]), data, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert message in body and f'id="visit-{visit.pk}"' in body and "<html" not in body
    assert Visit.objects.get().status == VisitStatus.PLANNED


def test_not_delivered_with_reason(frozen, login, ssh_vest, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    login(ssh_vest).post(reverse("homecare:visit_not_delivered", args=[visit.pk]), {"reason": "admitted"})
    visit.refresh_from_db()
    assert (visit.status, visit.reason, visit.finished_by) == (
        VisitStatus.NOT_DELIVERED,
        "admitted",
        ssh_vest,
    )


def test_tasks_ticked_while_in_progress(frozen, login, ssh_vest, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    client = login(ssh_vest)
    client.post(reverse("homecare:visit_tick", args=[visit.pk, 1]))
    assert Visit.objects.get().tasks_done == []
    services.start_visit(visit, by=ssh_vest)
    client.post(reverse("homecare:visit_tick", args=[visit.pk, 1]), {"done": "1"})
    assert Visit.objects.get().tasks_done == [1]


def test_note_goes_into_the_journal(frozen, login, ssh_vest, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    login(ssh_vest).post(reverse("homecare:visit_note", args=[visit.pk]), {"text": "Borger glad i dag."})
    entry = JournalEntry.objects.get()
    assert (entry.citizen, entry.author, entry.text, entry.kind) == (
        visit.citizen,
        ssh_vest,
        "Borger glad i dag.",
        JournalKind.CARE,
    )


def test_empty_note_is_refused(frozen, login, ssh_vest, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    response = login(ssh_vest).post(
        reverse("homecare:visit_note", args=[visit.pk]), {"text": ""}, HTTP_HX_REQUEST="true"
    )
    assert "Skriv notatet, før du gemmer." in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_worker_of_oest_cannot_touch_a_vest_visit(frozen, login, ssh_oest, ssh_vest, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    client = login(ssh_oest)
    for name in ["visit_start", "visit_finish", "visit_note", "visit_observation", "visit_not_delivered"]:
        assert client.post(reverse(f"homecare:{name}", args=[visit.pk])).status_code == 403
    assert Visit.objects.get().status == VisitStatus.PLANNED


def test_observation_suggests_colour_and_red_reaches_nurses(frozen, login, ssh_vest, nurse, org, make_visits):
    other_nurse = make_staff("sygeplejerske.oest", role="nurse", units=[org.oest])
    (visit,) = make_visits(1, carer=ssh_vest)
    client = login(ssh_vest)
    response = client.post(
        reverse("homecare:visit_observation", args=[visit.pk]),
        {"changes": ["fever", "tired"], "note": "38,9"},
        HTTP_HX_REQUEST="true",
    )
    assert "Foreslået triagefarve: Rød" in response.content.decode()
    observation = Observation.objects.get()
    assert observation.changes == ["tired", "fever"] and observation.suggested_colour == "red"
    assert Triage.objects.get().colour == "red"
    assert JournalEntry.objects.get().kind == JournalKind.OBSERVATION
    assert list(Notification.objects.values_list("user", flat=True)) == [nurse.pk]
    assert other_nurse.notifications.count() == 0
    client.post(reverse("homecare:visit_observation", args=[visit.pk]), {"changes": ["breathing"]})
    assert Notification.objects.count() == 1  # idempotent key per citizen and day


def test_observation_without_changes_is_refused(frozen, login, ssh_vest, make_visits):
    (visit,) = make_visits(1, carer=ssh_vest)
    response = login(ssh_vest).post(
        reverse("homecare:visit_observation", args=[visit.pk]), {}, HTTP_HX_REQUEST="true"
    )
    assert "Sæt kryds ved mindst én observeret ændring." in response.content.decode()
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    "changes, colour",
    [
        ([], "green"),
        (["tired"], "yellow"),
        (["tired", "pain", "sleep", "mood"], "red"),
        (["breathing"], "red"),
    ],
)
def test_suggested_colour(changes, colour):
    from homecare.models import suggest_colour

    assert suggest_colour(changes) == colour
