"""Doctor's orders and delegation: a nurse records an order and delegates a task to a team or a named
carer at a competence level until a review date; assigning a visit with a delegated task to a carer
without a valid delegation is refused with the reason; /sygepleje/delegeringer/ lists them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from carecore.roles import Role
from homecare import services
from homecare.delegation import Delegation, Level, delegate, record_order
from homecare.models import DelegatedTask

from ..factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def ssa_vest(org):
    return make_staff("ssa.vest", role=Role.SSA, units=[org.vest1])


def _delegate(nurse, team, **extra):
    data = {
        "team": team,
        "task": DelegatedTask.INSULIN,
        "level": Level.SSA,
        "instruction": "Mål blodsukker før insulin; ring ved over 20",
        "valid_from": date(2026, 3, 1),
        "valid_until": date(2026, 6, 1),
    }
    data.update(extra)
    return delegate(by=nurse, **data)


def test_order_then_delegation_then_assignment(
    frozen, nurse, org, citizen_vest, ssa_vest, ssh_vest, make_visits
):
    order = record_order(
        citizen_vest,
        by=nurse,
        what="Insulin 10 IE morgen",
        why="Type 2-diabetes",
        ordered_by="Egen læge Anna Holm",
        valid_from=date(2026, 3, 1),
        observation="Blodsukker før hver dosis",
    )
    _delegate(nurse, org.vest1, carer=ssa_vest, order=order)
    (visit,) = make_visits(1, delegated_task=DelegatedTask.INSULIN)
    with pytest.raises(ValidationError) as exc:
        services.assign_visit(visit, ssh_vest)
    assert "ingen gyldig delegering" in exc.value.message_dict["carer"][0]
    assert services.assign_visit(visit, ssa_vest).assigned_to == ssa_vest


def test_an_expired_delegation_is_refused_with_its_date(frozen, nurse, org, ssa_vest, make_visits):
    _delegate(nurse, org.vest1, carer=ssa_vest, valid_until=date(2026, 3, 20))
    (visit,) = make_visits(1, delegated_task=DelegatedTask.INSULIN)
    with pytest.raises(ValidationError) as exc:
        services.assign_visit(visit, ssa_vest)
    assert "udløb 20.03.2026" in exc.value.message_dict["carer"][0]


def test_a_team_delegation_at_ssa_level_refuses_an_ssh(frozen, nurse, org, ssa_vest, ssh_vest, make_visits):
    _delegate(nurse, org.vest1)  # the whole team, SSA level
    first, second = make_visits(2, delegated_task=DelegatedTask.INSULIN)
    assert services.assign_visit(first, ssa_vest).assigned_to == ssa_vest
    with pytest.raises(ValidationError) as exc:
        services.assign_visit(second, ssh_vest)
    assert "kompetenceniveau" in exc.value.message_dict["carer"][0]


def test_only_a_nurse_delegates(frozen, leader_vest, org):
    with pytest.raises(ValidationError):
        _delegate(leader_vest, org.vest1)
    assert not Delegation.objects.exists()


def test_delegations_page_lists_by_team_and_marks_those_to_review(frozen, login, nurse, org, ssa_vest):
    _delegate(nurse, org.vest1, carer=ssa_vest, valid_until=date(2026, 4, 1))
    response = login(nurse).get("/sygepleje/delegeringer/")
    body = response.content.decode()
    assert response.status_code == 200 and "Vest Team 1" in body and "Snart til revision" in body


def test_nurse_delegates_through_the_page(frozen, login, nurse, org, ssa_vest):
    response = login(nurse).post(
        reverse("homecare:delegations"),
        {
            "team": org.vest1.pk,
            "carer": ssa_vest.pk,
            "task": "eye_drops",
            "level": "ssa",
            "instruction": "To dråber i hvert øje",
            "valid_from": "2026-03-23",
            "valid_until": "2026-09-01",
        },
    )
    assert response.status_code == 302
    assert Delegation.objects.get().carer == ssa_vest


def test_a_review_date_before_the_start_is_refused_in_danish(frozen, login, nurse, org):
    response = login(nurse).post(
        reverse("homecare:delegations"),
        {
            "team": org.vest1.pk,
            "task": "eye_drops",
            "level": "ssh",
            "instruction": "x",
            "valid_from": "2026-03-23",
            "valid_until": "2026-03-01",
        },
    )
    assert response.status_code == 400
    assert "Revisionsdatoen ligger før starten." in response.content.decode()
    assert not Delegation.objects.exists()


def test_delegations_page_roles(frozen, login, client, ssh_vest, leader_vest):
    assert login(ssh_vest).get(reverse("homecare:delegations")).status_code == 403
    assert login(leader_vest).get(reverse("homecare:delegations")).status_code == 200
    assert login(leader_vest).post(reverse("homecare:delegations"), {}).status_code == 403
    client.logout()
    assert client.get(reverse("homecare:delegations")).status_code == 302


def test_the_nurse_is_reminded_once_14_days_before_the_review_date(frozen, nurse, org, ssa_vest):
    from carecore.models import Notification
    from homecare.tasks import remind_expiring_delegations

    _delegate(nurse, org.vest1, carer=ssa_vest, valid_until=date(2026, 4, 5))  # 13 days away
    _delegate(nurse, org.vest1, carer=ssa_vest, task=DelegatedTask.EYE_DROPS, valid_until=date(2026, 5, 1))
    assert remind_expiring_delegations() == 1
    assert remind_expiring_delegations() == 0
    (note,) = Notification.objects.filter(user=nurse)
    assert "05.04.2026" in note.title and note.url == "/sygepleje/delegeringer/"


def _order(nurse, citizen, **extra):
    data = {
        "what": "Øjendråber 2 gange dagligt",
        "why": "Grøn stær",
        "ordered_by": "Øjenlæge Kim Dahl",
        "valid_from": date(2026, 3, 1),
        "valid_to": date(2026, 6, 30),
    }
    return record_order(citizen, by=nurse, **{**data, **extra})


def _from_order(order, team, **extra):
    return {
        "order": order.pk,
        "team": team.pk,
        "task": "eye_drops",
        "level": "ssh",
        "instruction": "To dråber i hvert øje morgen og aften",
        "valid_from": "2026-03-23",
        "valid_until": "2026-06-30",
        **extra,
    }


def test_a_nurse_delegates_a_task_from_the_order_and_the_order_shows_it(
    frozen, login, nurse, org, citizen_vest
):
    order = _order(nurse, citizen_vest)
    client = login(nurse)
    orders_page = client.get(reverse("homecare:citizen_orders", args=[citizen_vest.pk])).content.decode()
    link = f"/sygepleje/delegeringer/?ordination={order.pk}#delegate"
    assert link in orders_page
    form_page = client.get(link.split("#")[0])
    assert form_page.context["form"].initial["order"] == order
    assert str(form_page.context["form"].initial["valid_until"]) == "2026-06-30"
    assert "Fra ordinationen »Øjendråber 2 gange dagligt«" in form_page.content.decode()
    response = client.post(reverse("homecare:delegations"), _from_order(order, org.vest1), follow=True)
    assert Delegation.objects.get().order == order
    assert "Ordination: Øjendråber 2 gange dagligt (Øjenlæge Kim Dahl)" in response.content.decode()
    again = client.get(reverse("homecare:citizen_orders", args=[citizen_vest.pk])).content.decode()
    assert "Delegeret" in again and "Øjendråber → Vest Team 1" in again


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"valid_until": "2026-07-15"},
            "valid_until",
            "Delegeringen kan ikke gælde længere end ordinationen (til 30.06.2026).",
        ),
        ({"valid_from": "2026-02-01"}, "valid_from", "Delegeringen kan ikke starte før ordinationen."),
        ({"team": "oest"}, "team", "Teamet kommer ikke hos den borger, som ordinationen gælder."),
    ],
)
def test_a_delegation_from_an_order_stays_within_it(frozen, login, org, citizen_vest, change, field, message):
    nurse = make_staff("syg.begge", role=Role.NURSE, units=[org.nursing, org.vest1, org.oest1])
    order = _order(nurse, citizen_vest)
    if change.get("team") == "oest":
        change = {"team": org.oest1.pk}
    response = login(nurse).post(reverse("homecare:delegations"), {**_from_order(order, org.vest1), **change})
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert not Delegation.objects.exists()


def test_an_order_out_of_scope_is_never_offered_nor_accepted(frozen, login, org, citizen_oest):
    other_nurse = make_staff("syg.oest", role=Role.NURSE, units=[org.oest1])
    order = _order(other_nurse, citizen_oest)
    vest_nurse = make_staff("syg.vest", role=Role.NURSE, units=[org.vest1])
    client = login(vest_nurse)
    page = client.get(f"/sygepleje/delegeringer/?ordination={order.pk}")
    assert page.status_code == 200 and "Øjenlæge Kim Dahl" not in page.content.decode()
    assert page.context["form"].initial.get("order") is None
    response = client.post(reverse("homecare:delegations"), _from_order(order, org.vest1))
    assert response.status_code == 400 and "order" in response.context["form"].errors
    assert not Delegation.objects.exists()
