"""The visitator assigns a bed on the bed board and sees it occupied; the same bed and period again
is refused with a message and the waiting-list offer."""

import re

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


def test_visitator_assigns_a_bed_and_a_second_assignment_is_refused(live_server, page, demo_users):
    from datetime import timedelta

    from django.utils import timezone

    from citizens.models import Citizen
    from rehab.models import Stay

    day = timezone.localdate() + timedelta(days=2)
    start, end = f"{day:%Y-%m-%d}T10:00", f"{day + timedelta(days=7):%Y-%m-%d}T10:00"
    inside, inside_end = (
        f"{day + timedelta(days=1):%Y-%m-%d}T10:00",
        f"{day + timedelta(days=5):%Y-%m-%d}T10:00",
    )

    first, second = Citizen.objects.filter(serving__unit__code="vest-team-1").order_by("id")[:2]
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "visitator")
    page.goto(f"{live_server.url}/rehab/senge/")
    row = page.locator("table.board tr[data-bed='T03']")
    row.locator("td.free a").first.click()
    page.fill("#id_citizen", first.cpr)
    page.select_option("#id_stay_type", label="Aflastning")
    page.fill("#id_starts_at", start)
    page.fill("#id_ends_at", end)
    page.click("button.primary")
    expect(page.locator(".messages")).to_contain_text("Seng T03 er tildelt")
    expect(page.locator("table.board tr[data-bed='T03'] td.stay").first).to_be_visible()
    assert Stay.objects.filter(bed__label="T03").count() == 1

    page.goto(f"{live_server.url}/rehab/senge/tildel/")
    page.select_option("#id_bed", label="T03")
    page.fill("#id_citizen", second.cpr)
    page.select_option("#id_stay_type", label="Aflastning")
    page.fill("#id_starts_at", inside)
    page.fill("#id_ends_at", inside_end)
    page.click("button.primary")
    expect(page.locator("#id_bed_error")).to_contain_text(re.compile("Sengen er allerede optaget"))
    expect(page.get_by_role("heading", name="Sæt borgeren på ventelisten?")).to_be_visible()
    assert Stay.objects.filter(bed__label="T03").count() == 1


def test_bed_board_lists_beds_as_cards_on_a_phone(live_server, page, demo_users):
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, "visitator")
    page.goto(f"{live_server.url}/rehab/senge/")
    expect(page.locator(".bed-card")).to_have_count(19)
    expect(page.locator("table.board")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
