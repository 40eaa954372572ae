"""Ophældning: a nurse records the pouring of a citizen's poured (not dose-dispensed) medicines for a
period; a second nurse, never the same one, records the check. Both are append-only and shown on the
medicine list with who and when; bad input is refused in Danish and nothing is saved."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from carecore.models import AppendOnlyError
from carecore.roles import Role
from citizens.models import AccessLog
from medication import services
from medication.models import Pouring, PouringCheck

from ..factories import make_staff
from .factories import make_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_nurse(org):
    return make_staff("sygeplejerske.to", role=Role.NURSE, units=[org.nursing])


@pytest.fixture
def lines(nurse, citizen_vest):
    """Pinex and Furix poured by staff, Metformin dose-dispensed, Magnyl poured but starting in April."""
    return {
        "pinex": make_line(citizen_vest, nurse, drug="Pinex", how_given="poured"),
        "furix": make_line(citizen_vest, nurse, drug="Furix", how_given="poured"),
        "metformin": make_line(citizen_vest, nurse, drug="Metformin", how_given="dose_dispensed"),
        "magnyl": make_line(
            citizen_vest, nurse, drug="Magnyl", how_given="poured", starts_on=date(2026, 4, 10)
        ),
    }


def pour_data(*lines, **overrides):
    data = {"starts_on": "2026-03-23", "ends_on": "2026-04-05", "lines": [line.pk for line in lines]}
    data.update(overrides)
    return data


def test_nurse_records_a_pouring_shown_on_the_list_with_who_and_when(
    frozen, login, nurse, citizen_vest, lines
):
    client = login(nurse)
    page = client.get(reverse("medication:pour", args=[citizen_vest.pk]))
    assert page.status_code == 200
    assert set(page.context["form"].initial["lines"]) == {str(lines["pinex"].pk), str(lines["furix"].pk)}
    response = client.post(
        reverse("medication:pour", args=[citizen_vest.pk]),
        pour_data(lines["pinex"], lines["furix"], note="Dosisæske uge 13-14"),
    )
    assert response.status_code == 302
    (pouring,) = Pouring.objects.all()
    assert pouring.poured_by == nurse and pouring.ends_on == date(2026, 4, 5)
    assert [p["line"] for p in pouring.poured] == [lines["furix"].pk, lines["pinex"].pk]
    assert pouring.poured[0]["version"] == 1 and "Furix" in pouring.poured[0]["text"]
    body = client.get(reverse("medication:list", args=[citizen_vest.pk])).content.decode()
    assert "23.3.2026–5.4.2026" in body and "hældt op af" in body and "Endnu ikke kontrolleret." in body
    assert AccessLog.objects.filter(citizen=citizen_vest, part="medicin", outcome="shown").exists()


@pytest.mark.parametrize(
    "case,field,message",
    [
        ("end before start", "ends_on", "Slutdatoen ligger før startdatoen."),
        ("dose-dispensed", "lines", "Metformin er dosisdispenseret fra apoteket og hældes ikke op."),
        ("not in force", "lines", "Magnyl er ikke gældende i perioden."),
        ("nothing chosen", "lines", "Vælg den medicin, du har hældt op."),
    ],
)
def test_bad_pouring_is_refused_in_danish_next_to_the_field(
    frozen, login, nurse, citizen_vest, lines, case, field, message
):
    data = {
        "end before start": pour_data(lines["pinex"], ends_on="2026-03-20"),
        "dose-dispensed": pour_data(lines["pinex"], lines["metformin"]),
        "not in force": pour_data(lines["magnyl"]),
        "nothing chosen": pour_data(),
    }[case]
    response = login(nurse).post(reverse("medication:pour", args=[citizen_vest.pk]), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not Pouring.objects.exists()


def test_the_service_refuses_a_line_of_another_citizen(frozen, nurse, citizen_vest, citizen_oest, lines):
    other = make_line(citizen_oest, nurse, drug="Andet", how_given="poured")
    with pytest.raises(ValidationError) as exc:
        services.record_pouring(
            citizen_vest, by=nurse, starts_on=date(2026, 3, 23), ends_on=date(2026, 3, 29), lines=[other.pk]
        )
    assert "lines" in exc.value.message_dict
    assert not Pouring.objects.exists()


def test_a_second_nurse_checks_the_pouring(frozen, login, nurse, second_nurse, citizen_vest, lines):
    pouring = services.record_pouring(
        citizen_vest, by=nurse, starts_on=date(2026, 3, 23), ends_on=date(2026, 3, 29), lines=[lines["pinex"]]
    )
    client = login(second_nurse)
    listing = client.get(reverse("medication:list", args=[citizen_vest.pk])).content.decode()
    assert reverse("medication:pour_check", args=[pouring.pk]) in listing
    response = client.post(reverse("medication:pour_check", args=[pouring.pk]), {"note": "Stemmer"})
    assert response.status_code == 302
    check = PouringCheck.objects.get(pouring=pouring)
    assert check.checked_by == second_nurse and check.note == "Stemmer"
    body = client.get(reverse("medication:list", args=[citizen_vest.pk])).content.decode()
    assert "Kontrolleret af" in body and "Stemmer" in body


def test_the_nurse_who_poured_cannot_check_her_own_pouring(frozen, login, nurse, citizen_vest, lines):
    pouring = services.record_pouring(
        citizen_vest, by=nurse, starts_on=date(2026, 3, 23), ends_on=date(2026, 3, 29), lines=[lines["pinex"]]
    )
    client = login(nurse)
    listing = client.get(reverse("medication:list", args=[citizen_vest.pk])).content.decode()
    assert reverse("medication:pour_check", args=[pouring.pk]) not in listing
    response = client.post(reverse("medication:pour_check", args=[pouring.pk]), {"note": ""})
    assert response.status_code == 400
    assert "Kontrollen skal foretages af en anden sygeplejerske end den, der hældte op." in (
        response.content.decode()
    )
    assert not PouringCheck.objects.exists()


def test_a_pouring_is_checked_once(frozen, nurse, second_nurse, org, citizen_vest, lines):
    third = make_staff("sygeplejerske.tre", role=Role.NURSE, units=[org.nursing])
    pouring = services.record_pouring(
        citizen_vest, by=nurse, starts_on=date(2026, 3, 23), ends_on=date(2026, 3, 29), lines=[lines["pinex"]]
    )
    services.check_pouring(pouring, by=second_nurse)
    with pytest.raises(ValidationError) as exc:
        services.check_pouring(pouring, by=third)
    assert "allerede kontrolleret" in exc.value.messages[0]
    assert PouringCheck.objects.count() == 1


def test_pourings_and_checks_are_append_only(frozen, nurse, second_nurse, citizen_vest, lines):
    pouring = services.record_pouring(
        citizen_vest, by=nurse, starts_on=date(2026, 3, 23), ends_on=date(2026, 3, 29), lines=[lines["pinex"]]
    )
    check = services.check_pouring(pouring, by=second_nurse)
    for row in (pouring, check):
        row.note = "Ændret"
        with pytest.raises(AppendOnlyError):
            row.save()
        with pytest.raises(AppendOnlyError):
            row.delete()
    with pytest.raises(AppendOnlyError):
        Pouring.objects.filter(pk=pouring.pk).update(note="x")


def test_only_nurses_pour_and_check(frozen, login, org, nurse, ssh_vest, leader_vest, citizen_vest, lines):
    pouring = services.record_pouring(
        citizen_vest, by=nurse, starts_on=date(2026, 3, 23), ends_on=date(2026, 3, 29), lines=[lines["pinex"]]
    )
    therapist = make_staff("terapeut", role=Role.THERAPIST, units=[org.vest1])
    for user in (ssh_vest, leader_vest, therapist):
        client = login(user)
        assert client.get(reverse("medication:pour", args=[citizen_vest.pk])).status_code == 403
        assert (
            client.post(
                reverse("medication:pour", args=[citizen_vest.pk]), pour_data(lines["pinex"])
            ).status_code
            == 403
        )
        assert client.post(reverse("medication:pour_check", args=[pouring.pk]), {}).status_code == 403
    assert Pouring.objects.count() == 1 and not PouringCheck.objects.exists()
    with pytest.raises(ValidationError):
        services.record_pouring(
            citizen_vest,
            by=ssh_vest,
            starts_on=date(2026, 3, 23),
            ends_on=date(2026, 3, 29),
            lines=[lines["pinex"]],
        )


def test_a_nurse_of_another_area_is_refused_and_logged(frozen, login, org, nurse, citizen_vest, lines):
    pouring = services.record_pouring(
        citizen_vest, by=nurse, starts_on=date(2026, 3, 23), ends_on=date(2026, 3, 29), lines=[lines["pinex"]]
    )
    nurse_oest = make_staff("sygeplejerske.oest", role=Role.NURSE, units=[org.oest1])
    client = login(nurse_oest)
    assert client.get(reverse("medication:pour", args=[citizen_vest.pk])).status_code == 403
    assert client.post(reverse("medication:pour_check", args=[pouring.pk]), {}).status_code == 403
    assert not PouringCheck.objects.exists()
    assert AccessLog.objects.filter(citizen=citizen_vest, user=nurse_oest, outcome="refused").count() == 2


def test_anonymous_is_sent_to_login(client, nurse, citizen_vest, lines):
    pouring = services.record_pouring(
        citizen_vest, by=nurse, starts_on=date(2026, 3, 23), ends_on=date(2026, 3, 29), lines=[lines["pinex"]]
    )
    for url in (
        reverse("medication:pour", args=[citizen_vest.pk]),
        reverse("medication:pour_check", args=[pouring.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
