"""No silent overwrites of a trainee's data or status (issue 11, part 3). Placements have no edit form
yet; they are added, not edited."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from students.models import Trainee

from .factories import TraineeFactory

pytestmark = pytest.mark.django_db

CONFLICT = "Eleven er ændret af en anden, mens du redigerede. Din ændring er ikke gemt."


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def trainee_data(trainee, **changes):
    data = {
        "first_name": trainee.first_name,
        "last_name": trainee.last_name,
        "cpr": trainee.cpr,
        "email": trainee.email,
        "phone": trainee.phone,
        "programme": trainee.programme,
        "intake": trainee.intake,
        "start_date": trainee.start_date.isoformat(),
        "expected_end": trainee.expected_end.isoformat(),
        "pay_basis": trainee.pay_basis,
        "contact_person": "",
        "user": "",
        "version": trainee.version,
    }
    data.update(changes)
    return data


def test_second_edit_of_a_trainee_is_refused_with_both_versions(coordinator):
    trainee = TraineeFactory(phone="")
    url = reverse("students:edit", args=[trainee.pk])
    assert f'name="version" value="{trainee.version}"' in as_user(coordinator).get(url).content.decode()

    assert as_user(coordinator).post(url, trainee_data(trainee, phone="11111111")).status_code == 302
    refused = as_user(coordinator).post(url, trainee_data(trainee, phone="22222222", intake="2026-08"))

    assert refused.status_code == 409
    body = refused.content.decode()
    assert (
        CONFLICT in body and "11111111" in body and 'value="22222222"' in body and 'value="2026-08"' in body
    )
    assert f'name="version" value="{trainee.version + 1}"' in body
    saved = Trainee.objects.get(pk=trainee.pk)
    assert (saved.phone, saved.intake) == ("11111111", "2026-02")

    again = as_user(coordinator).post(url, trainee_data(saved, phone="22222222", intake="2026-08"))
    assert again.status_code == 302
    saved.refresh_from_db()
    assert (saved.phone, saved.intake) == ("22222222", "2026-08")


def test_second_status_change_is_refused_with_both_versions(coordinator):
    trainee = TraineeFactory()
    url = reverse("students:status", args=[trainee.pk])
    page = as_user(coordinator).get(reverse("students:detail", args=[trainee.pk])).content.decode()
    assert f'name="version" value="{trainee.version}"' in page

    first = as_user(coordinator).post(
        url, {"status": "dropped_out", "on": "2026-05-01", "version": trainee.version}
    )
    assert first.status_code == 302
    refused = as_user(coordinator).post(
        url, {"status": "graduated", "on": "2026-06-01", "version": trainee.version}
    )

    assert refused.status_code == 409
    body = refused.content.decode()
    assert CONFLICT in body and "Afbrudt" in body
    saved = Trainee.objects.get(pk=trainee.pk)
    assert (saved.status, saved.ended_on) == ("dropped_out", date(2026, 5, 1))
