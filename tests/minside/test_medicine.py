"""The citizen's medicine list on Min side (medication/minside.py): the medicines in use today, the
current version of each, what for and when — not ended ones, not who prescribed them."""

from datetime import date
from decimal import Decimal

import pytest

from citizens import portal
from medication import services

from ..factories import make_staff
from ..medication.factories import make_line
from .conftest import make_account

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


def test_the_medicines_in_use_today_are_shown(
    frozen, client, citizen_login, org, citizen_vest, django_assert_num_queries
):
    nurse = make_staff("sygeplejerske.m", units=[org.vest1])
    metformin = make_line(citizen_vest, nurse)
    services.change_line(metformin, by=nurse, data={"dose": Decimal("2")}, note="Mere")
    make_line(citizen_vest, nurse, drug="Magnyl", form_strength="tablet 75 mg", ends_on=date(2026, 3, 5))
    make_line(citizen_vest, nurse, drug="Pinex", form_strength="tablet 500 mg", starts_on=date(2026, 4, 1))
    from medication.minside import sections

    with django_assert_num_queries(1):
        found = sections(citizen_vest, today=TODAY)
    [section] = found
    assert [(i.title, i.when, i.detail) for i in section.items] == [
        ("Metformin tablet 500 mg", "2 tablet(ter) kl. 08:00, 18:00", "Type 2-diabetes")
    ]
    citizen_login(make_account("inger", citizen_vest.cpr))
    body = client.get("/min-side/").content.decode()
    assert "Din medicin" in body and "Metformin tablet 500 mg" in body and "kl. 08:00, 18:00" in body
    assert "Magnyl" not in body and "Egen læge Anna Holm" not in body


def test_no_section_without_a_medicine_list(citizen_vest):
    assert not any(s.key == "medicine" for s in portal.sections(citizen_vest, today=TODAY))
