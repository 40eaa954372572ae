"""SFT's start page and its section on the start page of SFT's own therapists and leaders."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "user, shown, hidden",
    [
        (
            "consultant",
            ["Forebyggende hjemmebesøg", "Hold og kurser"],
            ["Genoptræning efter sygehus", "Overblik"],
        ),
        (
            "trainer",
            ["Hold og kurser", "Genoptræning efter sygehus"],
            ["Forebyggende hjemmebesøg", "Overblik"],
        ),
        ("sft_leader", ["Forebyggende hjemmebesøg", "Genoptræning efter sygehus", "Overblik"], []),
    ],
)
def test_the_department_start_shows_each_role_its_work(login, request, frozen, user, shown, hidden):
    body = login(request.getfixturevalue(user)).get(reverse("prevention:start")).content.decode()
    assert "<h1>Sundhedsfremme, Forebyggelse og Træning</h1>" in body
    assert all(text in body for text in shown) and not any(text in body for text in hidden)


def test_the_start_page_section_is_for_sfts_own_staff(login, trainer, sft_leader, leader_vest, frozen):
    for user, expected in ((trainer, True), (sft_leader, True), (leader_vest, False)):
        body = login(user).get("/").content.decode()
        assert ("sft-panel" in body) is expected, user


def test_the_leaders_overview_is_refused_to_a_leader_of_another_department(
    login, leader_vest, sft_leader, frozen
):
    assert login(leader_vest).get(reverse("prevention:overview")).status_code == 403
    body = login(sft_leader).get(reverse("prevention:overview")).content.decode()
    assert "Forebyggende hjemmebesøg pr. måned" in body
