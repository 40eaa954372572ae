"""The medicine list on the citizen's record: who may read and change it, the forms' rules, and its
history (a change is a new version, nothing deleted)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from carecore.models import AppendOnlyError
from carecore.roles import Role
from citizens.models import AccessLog
from medication.models import MedicineLine, MedicineLineVersion

from ..factories import make_staff
from .factories import line_data, make_line

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "drug": "Furosemid",
        "form_strength": "tablet 40 mg",
        "dose": "1",
        "dose_unit": "tablet",
        "times": "8, 18.00",
        "indication": "Væske i kroppen",
        "prescriber": "Egen læge Peter Krog",
        "starts_on": "2026-03-20",
        "ends_on": "",
        "how_given": "poured",
        "note": "",
    }
    data.update(overrides)
    return data


def test_medicine_list_is_at_the_fixed_address(citizen_vest):
    assert reverse("medication:list", args=[citizen_vest.pk]) == f"/borgere/{citizen_vest.pk}/medicin/"


def test_nurse_reads_the_list_and_the_look_is_logged(frozen, login, nurse, citizen_vest):
    make_line(citizen_vest, nurse)
    body = login(nurse).get(reverse("medication:list", args=[citizen_vest.pk])).content.decode()
    assert "Metformin" in body and "08:00, 18:00" in body and "Tilføj medicin" in body
    assert AccessLog.objects.filter(citizen=citizen_vest, part="medicin", outcome="shown").exists()


def test_home_carer_serving_the_citizen_reads_but_cannot_change(frozen, login, ssh_vest, nurse, citizen_vest):
    line = make_line(citizen_vest, nurse)
    client = login(ssh_vest)
    body = client.get(reverse("medication:list", args=[citizen_vest.pk])).content.decode()
    assert "Metformin" in body and "Tilføj medicin" not in body
    assert client.get(reverse("medication:add", args=[citizen_vest.pk])).status_code == 403
    assert client.post(reverse("medication:change", args=[line.pk]), form_data()).status_code == 403
    assert line.versions.count() == 1


def test_home_carer_of_another_area_is_refused_and_logged(frozen, login, ssh_oest, citizen_vest):
    assert login(ssh_oest).get(reverse("medication:list", args=[citizen_vest.pk])).status_code == 403
    assert AccessLog.objects.filter(
        citizen=citizen_vest, user=ssh_oest, outcome="refused", part="medicin"
    ).exists()


def test_therapist_is_refused_and_logged(frozen, login, org, citizen_vest):
    therapist = make_staff("terapeut", role=Role.THERAPIST, units=[org.vest1])
    assert login(therapist).get(reverse("medication:list", args=[citizen_vest.pk])).status_code == 403
    assert AccessLog.objects.filter(citizen=citizen_vest, user=therapist, outcome="refused").exists()


def test_anonymous_is_sent_to_login(client, citizen_vest):
    for url in [
        reverse("medication:list", args=[citizen_vest.pk]),
        reverse("medication:add", args=[citizen_vest.pk]),
        reverse("medication:overview"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_nurse_adds_a_medicine(frozen, login, nurse, citizen_vest):
    response = login(nurse).post(reverse("medication:add", args=[citizen_vest.pk]), form_data())
    assert response.status_code == 302
    (line,) = MedicineLine.objects.filter(citizen=citizen_vest)
    assert line.current.times == ["08:00", "18:00"] and line.current.recorded_by == nurse
    assert line.current.how_given == "poured"


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("dose", "0", "Dosis skal være mere end 0."),
        ("dose", "-2", "Dosis skal være mere end 0."),
        ("dose", "40", "er ikke en mulig dosis"),
        ("times", "25:00", "ligger uden for døgnet"),
        ("times", "8:75", "ligger uden for døgnet"),
        ("times", "morgen", "er ikke et tidspunkt"),
        ("ends_on", "2026-03-01", "Slutdatoen ligger før startdatoen."),
        ("drug", "", "Dette felt er påkrævet."),
    ],
)
def test_bad_input_is_refused_in_danish_next_to_the_field(
    frozen, login, nurse, citizen_vest, field, value, message
):
    response = login(nurse).post(
        reverse("medication:add", args=[citizen_vest.pk]), form_data(**{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not MedicineLine.objects.exists() and not MedicineLineVersion.objects.exists()


def test_a_change_is_a_new_version_and_the_old_one_stays(frozen, login, nurse, citizen_vest):
    line = make_line(citizen_vest, nurse)
    response = login(nurse).post(
        reverse("medication:change", args=[line.pk]), form_data(drug="Metformin", dose="2", note="Øget dosis")
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert [v.dose for v in line.versions.order_by("number")] == [Decimal("1"), Decimal("2")]
    assert line.current.number == 2 and line.current.note == "Øget dosis"


def test_a_bad_change_saves_nothing(frozen, login, nurse, citizen_vest):
    line = make_line(citizen_vest, nurse)
    response = login(nurse).post(
        reverse("medication:change", args=[line.pk]), form_data(ends_on="2026-01-01")
    )
    assert response.status_code == 200 and "Slutdatoen ligger før startdatoen." in response.content.decode()
    assert line.versions.count() == 1


def test_ending_a_line_moves_it_to_ended_and_keeps_it(frozen, login, nurse, citizen_vest):
    line = make_line(citizen_vest, nurse, starts_on=date(2026, 3, 1))
    client = login(nurse)
    client.post(
        reverse("medication:change", args=[line.pk]), form_data(starts_on="2026-03-01", ends_on="2026-03-22")
    )
    body = client.get(reverse("medication:list", args=[citizen_vest.pk])).content.decode()
    assert "Afsluttet medicin" in body
    assert line.versions.count() == 2


def test_versions_are_append_only(frozen, nurse, citizen_vest):
    line = make_line(citizen_vest, nurse)
    version = line.current
    version.dose = Decimal("5")
    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        version.delete()
    with pytest.raises(AppendOnlyError):
        MedicineLineVersion.objects.filter(pk=version.pk).update(dose=3)


def test_line_history_page_shows_every_version(frozen, login, nurse, ssh_vest, citizen_vest):
    from medication import services

    line = make_line(citizen_vest, nurse)
    services.change_line(line, by=nurse, data={"dose": Decimal("2")}, note="Øget")
    body = login(ssh_vest).get(reverse("medication:line", args=[line.pk])).content.decode()
    assert "Version 1" in body and "Version 2" in body and "Øget" in body


@pytest.mark.parametrize("n", [5, 50])
def test_list_query_count_is_constant(frozen, login, nurse, org, citizen_vest, django_assert_num_queries, n):
    """The list, its FMK reconciliation and its pourings with their checks: a fixed number of queries
    for 5 and for 50 lines."""
    from medication import services

    lines = [make_line(citizen_vest, nurse, drug=f"Middel {i}", how_given="poured") for i in range(n)]
    checker = make_staff("sygeplejerske.to", role=Role.NURSE, units=[org.nursing])
    for _i in range(3):
        pouring = services.record_pouring(
            citizen_vest, by=nurse, starts_on=date(2026, 3, 23), ends_on=date(2026, 3, 29), lines=lines
        )
        services.check_pouring(pouring, by=checker)
    client = login(nurse)
    client.get(reverse("medication:list", args=[citizen_vest.pk]))
    with django_assert_num_queries(8):
        assert client.get(reverse("medication:list", args=[citizen_vest.pk])).status_code == 200


def test_service_refuses_what_the_form_refuses(frozen, nurse, citizen_vest):
    from django.core.exceptions import ValidationError

    from medication import services

    with pytest.raises(ValidationError) as exc:
        services.add_line(citizen_vest, by=nurse, data=line_data(dose=Decimal("500"), times="26:00"))
    assert {"dose", "times"} <= set(exc.value.message_dict)
    assert not MedicineLine.objects.exists()
