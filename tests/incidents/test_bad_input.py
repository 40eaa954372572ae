"""Bad input on the incident forms is a message or is cleaned, never a 500 (issue 11, part 6)."""

import pytest
from django.test import Client
from django.urls import reverse

from incidents.models import Draft

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_the_autosaved_draft_is_dropped(ssh_vest, org, groups):
    """PostgreSQL refuses NUL in text and JSON: the autosave keeps the text without it."""
    client = Client(raise_request_exception=False)
    client.force_login(ssh_vest)
    response = client.post(
        reverse("incidents:report_draft"),
        {"description": "Halvt\x00 skrevet", "prevention": "\x00", "unit": org.vest1.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert Draft.objects.get(user=ssh_vest).data == {
        "description": "Halvt skrevet",
        "prevention": "",
        "unit": str(org.vest1.pk),
    }
    assert "Halvt skrevet" in client.get(reverse("incidents:report")).content.decode()
