"""Doctor's orders (/sygepleje/borgere/<id>/ordinationer/): a nurse records what the citizen's doctor or
the hospital ordered; leaders and visitators read them; everyone else is refused and the refusal logged."""

from datetime import date

import pytest
from django.urls import reverse

from carecore.roles import Role
from citizens.models import AccessLog, AccessPart
from homecare.delegation import DoctorOrder, record_order

from ..factories import make_staff

pytestmark = pytest.mark.django_db

GOOD = {
    "what": "Sårskift venstre underben hver 2. dag",
    "why": "Venøst bensår",
    "ordered_by": "Egen læge",
    "valid_from": "2026-03-23",
    "valid_to": "2026-05-01",
    "observation": "Rødme, varme, lugt: ring til lægen",
}


def _url(citizen):
    return reverse("homecare:citizen_orders", args=[citizen.pk])


def test_a_nurse_records_an_order_and_sees_it_with_who_and_when(frozen, login, nurse, citizen_vest):
    client = login(nurse)
    response = client.post(_url(citizen_vest), GOOD, follow=True)
    order = DoctorOrder.objects.get(citizen=citizen_vest)
    assert (order.what, order.ordered_by, order.valid_to, order.recorded_by) == (
        GOOD["what"],
        "Egen læge",
        date(2026, 5, 1),
        nurse,
    )
    body = response.content.decode()
    assert "Ordinationen er registreret." in body
    assert GOOD["what"] in body and "Venøst bensår" in body and "Rødme, varme, lugt" in body
    assert AccessLog.objects.filter(citizen=citizen_vest, user=nurse, part=AccessPart.DOCTOR_ORDERS).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"valid_to": "2026-03-01"}, "valid_to", "Slutdatoen ligger før startdatoen."),
        ({"what": ""}, "what", "Dette felt er påkrævet."),
        ({"valid_from": "31.02.2026"}, "valid_from", "Indtast en gyldig dato."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(
    frozen, login, nurse, citizen_vest, change, field, message
):
    response = login(nurse).post(_url(citizen_vest), {**GOOD, **change})
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert not DoctorOrder.objects.exists()


def test_a_leader_reads_the_orders_but_cannot_record_one(frozen, login, nurse, leader_vest, citizen_vest):
    record_order(
        citizen_vest,
        by=nurse,
        what="Insulin 10 IE",
        why="Diabetes",
        ordered_by="Egen læge",
        valid_from=date(2026, 3, 1),
    )
    client = login(leader_vest)
    body = client.get(_url(citizen_vest)).content.decode()
    assert "Insulin 10 IE" in body and "Registrér en ordination" not in body
    assert client.post(_url(citizen_vest), GOOD).status_code == 403
    assert DoctorOrder.objects.count() == 1


@pytest.mark.parametrize(
    "who",
    [
        lambda org: make_staff("ssh.other", role=Role.SSH, units=[org.oest1]),
        lambda org: make_staff("terapeut.x", role=Role.THERAPIST, units=[org.vest]),
        lambda org: make_staff("leder.oest", role=Role.LEADER, leader_of=[org.oest]),
    ],
    ids=["carer of another team", "therapist", "leader of another area"],
)
def test_refused_users_see_nothing_and_the_refusal_is_logged(frozen, login, org, nurse, citizen_vest, who):
    record_order(
        citizen_vest,
        by=nurse,
        what="Insulin 10 IE",
        why="Diabetes",
        ordered_by="Egen læge",
        valid_from=date(2026, 3, 1),
    )
    user = who(org)
    client = login(user)
    response = client.get(_url(citizen_vest))
    assert response.status_code == 403
    assert "Insulin 10 IE" not in response.content.decode()
    assert client.post(_url(citizen_vest), GOOD).status_code == 403
    assert DoctorOrder.objects.count() == 1
    assert AccessLog.objects.filter(citizen=citizen_vest, user=user, outcome="refused").exists()


def test_anonymous_is_sent_to_login(client, citizen_vest):
    response = client.get(_url(citizen_vest))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("n", [5, 50])
def test_the_order_list_issues_a_fixed_number_of_queries(
    frozen, login, nurse, citizen_vest, n, django_assert_num_queries
):
    for i in range(n):
        record_order(
            citizen_vest,
            by=nurse,
            what=f"Ordination {i}",
            why="x",
            ordered_by="Egen læge",
            valid_from=date(2026, 3, 1),
        )
    client = login(nurse)
    client.get(_url(citizen_vest))  # warm the session and the per-user caches
    # The same number of queries for 5 and for 50 orders (recorders in the same query, delegations in one more).
    with django_assert_num_queries(7):
        body = client.get(_url(citizen_vest)).content.decode()
    assert body.count('class="order') == n
