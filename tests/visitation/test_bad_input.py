"""A NUL byte in the case list's search is ignored, not a 500 (issue 11, part 6): PostgreSQL refuses
NUL in a query parameter."""

import pytest
from django.test import Client
from django.urls import reverse

from .test_services import request_help

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("q", ["Inger\x00", "\x00", "Vest\x00esen"])
def test_a_nul_byte_in_the_search_is_ignored(visitator, elderly, frozen, q):
    request_help(elderly)
    client = Client(raise_request_exception=False)
    client.force_login(visitator)
    response = client.get(reverse("visitation:list"), {"q": q})
    assert response.status_code == 200
    assert "Inger Vestesen" in response.content.decode()
