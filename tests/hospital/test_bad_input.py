"""A hospital message with a NUL character is refused with 400, not a 500 (issue 11, part 6):
PostgreSQL stores no NUL in text or JSON."""

import json

import pytest

from hospital.models import HospitalMessage

from .conftest import load

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("where", ["ward", "anywhere"])
def test_a_message_with_a_nul_character_gets_400_and_nothing_is_stored(post, elmer, where):
    body = load("STIN_A")
    if where == "anywhere":
        body["extra"] = "nul\x00"
        text = json.dumps(body)
    else:
        text = json.dumps(body).replace("Herlev", "Her\\u0000lev", 1)
        assert "\\u0000" in text
    response = post(text)
    assert response.status_code == 400
    assert "NUL" in response.json()["issue"][0]["diagnostics"]
    assert not HospitalMessage.objects.exists()
