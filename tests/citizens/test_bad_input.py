"""Bad input on the citizen record's forms is a message, never a 500 (issue 11, part 6)."""

import pytest
from django.test import Client
from django.urls import reverse

from citizens.models import Assessment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["__tampered__", "", "FUNCTION", "x" * 10_000])
def test_a_tampered_kind_on_the_assessment_form_is_a_form_error(nurse, citizen_vest, kind):
    client = Client(raise_request_exception=False)
    client.force_login(nurse)
    response = client.post(
        reverse("citizens:assessments", args=[citizen_vest.pk]),
        {"kind": kind, "sp-code": "skin", "sp-status": "current", "sp-note": "Ondt i knæet"},
    )
    assert response.status_code == 200
    assert "Formularen kunne ikke læses. Genindlæs siden og prøv igen." in response.content.decode()
    assert not Assessment.objects.exists()
