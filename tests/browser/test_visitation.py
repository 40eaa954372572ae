"""The visitator opens a case from the list and makes a decision on a 1366 px screen; the letter is
stored and the provider's visit plans follow."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK"}


def login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")


def test_visitator_opens_a_case_and_decides(live_server, page, demo_users):
    from django.utils import timezone

    from citizens.models import Citizen
    from homecare.models import VisitPlan
    from visitation import services
    from visitation.models import Decision

    citizen = Citizen.objects.filter(serving__unit__code="vest-team-1").order_by("id").first()
    case = services.receive_request(
        citizen=citizen,
        source="discharge",
        reference="browser:1",
        text="Hjem med hjælp til bad",
        proposed=[{"service": "Personlig pleje", "note": ""}],
    ).case
    reassess = timezone.localdate() + timedelta(days=90)

    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, live_server, "visitator")
    page.goto(f"{live_server.url}/visitation/")
    page.locator(f"tr[data-case='{case.pk}'] a").click()
    expect(page.get_by_role("heading", name=f"Visitationssag: {citizen.full_name}")).to_be_visible()
    expect(page.locator("#requests")).to_contain_text("Hjem med hjælp til bad")
    page.check("#id_outcome_0")
    page.select_option("#id_provider", label="Vest Team 1")
    page.fill("#id_reassess_on", reassess.isoformat())
    page.fill("#id_reasons", "Borgeren kan ikke selv klare bad efter udskrivelsen.")
    # The proposed service is already on the first line, with its standard time.
    expect(page.locator("#id_services-0-service option:checked")).to_have_text("Personlig pleje")
    expect(page.locator("#id_services-0-minutes")).to_have_value("30")
    for day in ("0", "2", "4"):
        page.check(f"#id_services-0-weekdays_{day}")
    page.click("form.decision-form button.primary")
    expect(page.locator(".messages")).to_contain_text("Afgørelsen (version 1) er truffet")
    expect(page.locator(".case-status")).to_have_text("Afgjort")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    decision = Decision.objects.get(case=case)
    assert bytes(decision.letter).startswith(b"%PDF")
    assert VisitPlan.objects.filter(decision_ref=decision.ref, team__code="vest-team-1").exists()
