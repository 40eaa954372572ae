"""The coordinator registers a trainee with a placement; the supervisor sees the expectation meeting
due and writes the minutes."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK"}


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_be_visible()


def test_coordinator_places_trainee_and_supervisor_writes_minutes(live_server, page, demo_users):
    today = timezone.localdate()
    log_in(page, live_server, "elevkoordinator")
    page.goto(f"{live_server.url}/elever/ny/")
    page.fill("#id_first_name", "Nanna")
    page.fill("#id_last_name", "Bech")
    page.fill("#id_cpr", "120398-1234")
    page.select_option("#id_programme", "ssh")
    page.fill("#id_intake", f"{today:%Y-%m}")
    page.fill("#id_start_date", f"{today:%Y-%m-%d}")
    page.fill("#id_expected_end", f"{today + timedelta(days=420):%Y-%m-%d}")
    page.select_option("#id_pay_basis", "adult")
    page.click("button.primary")
    expect(page.locator("h1")).to_have_text("Nanna Bech")

    page.get_by_role("link", name="Tilføj praktik", exact=True).click()
    page.select_option("#id_unit", label="Vest Team 2")
    page.select_option("#id_supervisor", label="Lars Elevvejleder")
    page.fill("#id_starts_on", f"{today:%Y-%m-%d}")
    page.fill("#id_ends_on", f"{today + timedelta(days=90):%Y-%m-%d}")
    page.click("button.primary")
    expect(page.locator(".messages")).to_contain_text("de tre samtaler er planlagt")
    expect(page.locator(".meetings")).to_contain_text("Forventningssamtale")

    log_in(page, live_server, "elevvejleder")
    page.goto(f"{live_server.url}/elever/vejleder/")
    due = page.locator("section", has=page.locator("h2", has_text="Skal holdes nu"))
    expect(due).to_contain_text("Forventningssamtale · Nanna Bech")
    due.locator("a", has_text="Forventningssamtale").click()
    page.fill("#id_attendees", "Nanna Bech, Lars Elevvejleder")
    page.fill("#id_goals_discussed", "Praktikmål for personlig pleje og dokumentation.")
    page.fill("#id_agreements", "Nanna følger Lars de første to uger.")
    page.get_by_role("button", name="Gem referat").click()
    expect(page.locator(".messages")).to_contain_text("Referatet er gemt.")
    expect(page.locator(".state")).to_contain_text("Afholdt")
