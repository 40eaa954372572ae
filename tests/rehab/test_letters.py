"""Stay decision letters: made from the stay as it is now, every version kept, reasons, legal basis,
complaint guidance and contact in the PDF, acute stays too. Read back with pypdf."""

import pytest
import time_machine
from django.urls import reverse

from carecore.models import AppendOnlyError, OutboxMessage
from rehab import services, tasks
from rehab.models import DecisionLetter, Stay

from .conftest import at
from .test_pathways import pdf_text

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 09:00 +01:00"


def run_letter_jobs():
    """What the worker does with the outbox: each letter job, twice (a redelivery adds nothing)."""
    for message in OutboxMessage.objects.filter(task_name="rehab.make_stay_letter").order_by("pk"):
        tasks.make_stay_letter(*message.args)
        tasks.make_stay_letter(*message.args)


def texts(stay):
    return [pdf_text(letter.pdf) for letter in DecisionLetter.objects.filter(stay=stay).order_by("version")]


@time_machine.travel(NOW, tick=False)
def test_extension_sends_a_new_version_with_the_new_end_and_keeps_the_first(
    login, visitator, citizen_vest, bed, training
):
    stay = services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-03 10:00"), by=visitator
    )
    tasks.make_stay_letter(stay.pk, visitator.pk)
    response = login(visitator).post(
        reverse("rehab:stay_change_end", args=[stay.pk]),
        {"new_end": "2026-03-20T10:00", "reason": "Venter på hjælpemidler"},
    )
    assert response.status_code == 302
    run_letter_jobs()
    first, second = texts(stay)
    assert "17. marts 2026" in first and "20. marts 2026" not in first
    assert "20. marts 2026" in second and "version 2" in second
    assert "Venter på hjælpemidler" in second
    for text in (first, second):
        assert "Begrundelse" in text and "Serviceloven § 84, stk. 2" in text
        assert "Ankestyrelsen" in text and "Kontakt" in text
    assert DecisionLetter.objects.get(stay=stay, version=1).pdf  # the first version is still there
    letter = DecisionLetter.objects.get(stay=stay, version=1)
    letter.version = 5
    with pytest.raises(AppendOnlyError):
        letter.save()


@time_machine.travel(NOW, tick=False)
def test_move_and_early_end_letters_show_the_current_bed_and_end(
    login, visitator, citizen_vest, bed, bed2, training
):
    stay = services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-01 10:00"), by=visitator
    )
    client = login(visitator)
    client.post(
        reverse("rehab:stay_move", args=[stay.pk]),
        {"to_bed": bed2.pk, "at": "2026-03-02T08:00", "reason": "Enestue"},
    )
    moved = Stay.objects.get(bed=bed2)
    client.post(
        reverse("rehab:stay_end", args=[moved.pk]),
        {"kind": "early", "at": "2026-03-02T09:00", "reason": "Indlagt på sygehus"},
    )
    run_letter_jobs()
    after_move, after_end = texts(moved)
    assert "T02" in after_move and "1. marts 2026 10:00" in after_move  # the stay's first start
    assert (
        "Afsluttet" in after_end and "2. marts 2026 09:00" in after_end and "Indlagt på sygehus" in after_end
    )
    assert "version 2" in after_end  # the versions count over the whole stay, across the move
    body = client.get(reverse("rehab:stay", args=[moved.pk])).content.decode()
    assert "Version 1" in body and "Version 2" in body and "Afsluttet før tid" in body


@time_machine.travel(NOW, tick=False)
def test_acute_stay_gets_a_letter_with_the_health_act_complaint_route(
    login, akut_nurse, citizen_vest, acute_bed, acute_type
):
    response = login(akut_nurse).post(
        reverse("rehab:assign"),
        {
            "bed": acute_bed.pk,
            "citizen": citizen_vest.cpr,
            "stay_type": acute_type.pk,
            "starts_at": "2026-03-02T10:00",
        },
    )
    assert response.status_code == 302
    run_letter_jobs()
    (text,) = texts(Stay.objects.get())
    assert "Sundhedsloven § 138" in text and "Styrelsen for Patientklager" in text and "Akut ophold" in text


@time_machine.travel(NOW, tick=False)
def test_earlier_version_is_opened_and_a_foreign_or_bad_version_is_refused(
    login, visitator, ssh_vest, citizen_vest, citizen_oest, bed, bed2, training
):
    stay = services.assign_bed(
        bed=bed, citizen=citizen_vest, stay_type=training, starts_at=at("2026-03-03 10:00"), by=visitator
    )
    other = services.assign_bed(
        bed=bed2, citizen=citizen_oest, stay_type=training, starts_at=at("2026-03-03 10:00"), by=visitator
    )
    tasks.make_stay_letter(stay.pk, visitator.pk)
    tasks.make_stay_letter(other.pk, visitator.pk)
    client = login(visitator)
    url = reverse("rehab:stay_letter", args=[stay.pk])
    own = stay.letters.get()
    assert client.get(f"{url}?udgave={own.pk}")["Content-Type"] == "application/pdf"
    assert client.get(f"{url}?udgave={other.letters.get().pk}").status_code == 404
    assert client.get(f"{url}?udgave=abc").status_code == 404
    assert client.get(f"{url}?udgave={'9' * 30}").status_code == 404
    assert login(ssh_vest).get(f"{url}?udgave={own.pk}").status_code == 403
