"""carecore.versioning: the version column, the conditional claim and the form mixin (issue 11, part 3)."""

import threading

import pytest
from django import forms
from django.db import IntegrityError, connection, connections, transaction

from carecore.versioning import EditConflict, VersionedFormMixin, claim
from citizens import services
from citizens.models import Citizen
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


class NameForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Citizen
        fields = ["first_name", "status"]


def test_every_save_of_an_existing_row_raises_the_version_in_the_database(org):
    citizen = CitizenFactory()
    assert citizen.version == 1
    citizen.city = "Vejle"
    citizen.save()
    assert citizen.version == 2
    citizen.save(update_fields=["city"])
    assert citizen.version == 3 == Citizen.objects.get(pk=citizen.pk).version


def test_claim_refuses_an_old_version_with_the_row_as_saved(org):
    citizen = CitizenFactory(city="Horsens")
    stale = Citizen.objects.get(pk=citizen.pk)
    citizen.city = "Vejle"
    citizen.save()
    with pytest.raises(EditConflict) as caught, transaction.atomic():
        claim(stale, 1)
    assert caught.value.current.city == "Vejle" and caught.value.current.version == 2
    with transaction.atomic():
        claim(stale, 2)  # the current version passes


def test_form_carries_the_version_and_shows_both_versions_on_conflict(org):
    citizen = CitizenFactory(first_name="Anna")
    form = NameForm(instance=citizen)
    assert form.initial["version"] == 1 and form.fields["version"].widget.is_hidden

    citizen.first_name = "Berit"
    citizen.status = "moved"
    citizen.save()
    bound = NameForm(
        {"first_name": "Carla", "status": "active", "version": "1"}, instance=Citizen.objects.get()
    )
    assert bound.is_valid()
    bound.show_conflict(Citizen.objects.get())

    assert bound.conflict_rows == [
        {"label": "Fornavn(e)", "theirs": "Berit", "yours": "Carla"},
        {"label": "Status", "theirs": "Fraflyttet", "yours": "Aktiv"},
    ]
    assert bound.data["version"] == 2 and bound["first_name"].value() == "Carla"
    assert "Borgeren er ændret af en anden" in str(bound.non_field_errors())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_simultaneous_saves_wins(org, visitator):
    citizen = CitizenFactory(address="Gammel Vej 1")
    start = threading.Barrier(2)
    outcome = {}

    def save(address):
        try:
            mine = Citizen.objects.get(pk=citizen.pk)
            mine.address = address
            start.wait(timeout=10)
            services.update_citizen(mine, version=1, by=visitator)
            outcome[address] = "saved"
        except EditConflict:
            outcome[address] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(a,)) for a in ("Vej A 1", "Vej B 2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcome.values()) == ["conflict", "saved"]
    winner = next(a for a, result in outcome.items() if result == "saved")
    saved = Citizen.objects.get(pk=citizen.pk)
    assert (saved.address, saved.version) == (winner, 2)
    assert saved.history.count() == 2


@pytest.mark.parametrize("tampered", ["abc", "-1", str(2**40), "1.5"])
def test_a_tampered_version_is_a_form_error_not_a_crash(org, tampered):
    citizen = CitizenFactory(first_name="Anna")
    form = NameForm({"first_name": "Carla", "status": "active", "version": tampered}, instance=citizen)
    assert not form.is_valid() and "version" in form.errors


def test_a_failed_save_leaves_the_loaded_version_in_place(org):
    citizen = CitizenFactory()
    other = CitizenFactory()
    citizen.cpr = other.cpr  # unique: the UPDATE fails
    with pytest.raises(IntegrityError), transaction.atomic():
        citizen.save()
    assert citizen.version == 1
