"""The record's section of the start page, added through carecore.startpages.register_panel."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_care_worker_sees_citizens_of_own_team_on_start_page(login, ssh_vest, citizen_vest, citizen_oest):
    body = login(ssh_vest).get(reverse("home")).content.decode()
    assert "Borgere i dit team" in body
    assert citizen_vest.full_name in body and citizen_oest.full_name not in body
    assert citizen_vest.cpr not in body and citizen_vest.cpr[:6] + "-xxxx" in body


def test_start_page_of_risk_manager_has_no_citizen_section(login, risk_manager, citizen_vest):
    body = login(risk_manager).get(reverse("home")).content.decode()
    assert "Borgere i dit team" not in body and citizen_vest.full_name not in body
