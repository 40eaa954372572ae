"""FMK behind one adapter: the stand-in gives a card per CPR; reconciling takes the differences over as
new versions, ends what FMK no longer holds, records when and by whom, and the list shows it."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from medication import fmk
from medication.models import FmkReconciliation, MedicineLine

from .factories import make_line

pytestmark = pytest.mark.django_db


def card_line(fmk_id, drug="Metformin", dose="1", **extra):
    return fmk.FmkLine(
        fmk_id=fmk_id,
        drug=drug,
        form_strength="tablet 500 mg",
        dose=Decimal(dose),
        dose_unit="tablet",
        times=["08:00"],
        indication="Diabetes",
        prescriber="Egen læge",
        starts_on=date(2026, 3, 1),
        **extra,
    )


@pytest.fixture
def card(citizen_vest):
    fmk.LocalFmk.cards = {citizen_vest.cpr: []}
    yield fmk.LocalFmk.cards[citizen_vest.cpr]
    fmk.LocalFmk.cards = {}


def test_stand_in_gives_a_deterministic_card(frozen):
    assert fmk.fetch("010150-1234") == fmk.fetch("010150-1234")
    assert 3 <= len(fmk.fetch("010150-1234")) <= 5


@override_settings(OMSORG_FMK_ADAPTER="medication.fmk.LocalFmk")
def test_the_adapter_is_chosen_by_setting():
    assert isinstance(fmk.adapter(), fmk.LocalFmk)


def test_reconcile_adds_changes_and_ends_lines(frozen, nurse, citizen_vest, card):
    card += [card_line("a"), card_line("b", drug="Furosemid")]
    first = fmk.reconcile(citizen_vest, by=nurse)
    assert len(first.differences) == 2 and MedicineLine.objects.filter(citizen=citizen_vest).count() == 2

    card[:] = [card_line("a", dose="2")]  # a changed, b gone
    mine = make_line(citizen_vest, nurse, drug="Panodil")
    second = fmk.reconcile(citizen_vest, by=nurse)
    a = MedicineLine.objects.get(fmk_id="a")
    b = MedicineLine.objects.get(fmk_id="b")
    assert a.current.dose == Decimal("2") and a.versions.count() == 2
    assert b.current.ends_on == date(2026, 3, 23) and b.versions.count() == 2
    mine.refresh_from_db()
    assert mine.versions.count() == 1  # typed in here: noted, not changed
    assert any("Panodil" in d for d in second.differences)
    assert second.reconciled_by == nurse


def test_reconcile_twice_finds_nothing_new(frozen, nurse, citizen_vest, card):
    card += [card_line("a")]
    fmk.reconcile(citizen_vest, by=nurse)
    assert fmk.reconcile(citizen_vest, by=nurse).differences == []


def test_nurse_reconciles_from_the_list_and_it_shows_when_and_by_whom(frozen, login, nurse, citizen_vest):
    client = login(nurse)
    assert client.post(reverse("medication:reconcile", args=[citizen_vest.pk])).status_code == 302
    assert FmkReconciliation.objects.filter(citizen=citizen_vest, reconciled_by=nurse).exists()
    body = client.get(reverse("medication:list", args=[citizen_vest.pk])).content.decode()
    assert "Senest afstemt med FMK" in body and "23. marts 2026" in body


def test_home_carer_cannot_reconcile(frozen, login, ssh_vest, citizen_vest):
    assert login(ssh_vest).post(reverse("medication:reconcile", args=[citizen_vest.pk])).status_code == 403
    assert not FmkReconciliation.objects.exists()
