"""Min dag on a phone: start and finish a visit, tick a change, write a note that lands in the journal."""

from datetime import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK"}


def test_home_carer_works_through_a_visit_on_a_phone(live_server, page, demo_users):
    from citizens.models import Citizen, JournalEntry
    from homecare import demo
    from homecare.models import Visit

    from ..homecare.factories import tonights_visit

    demo.seed()
    carer = demo_users.objects.get(username="ssh.vest")
    citizen = Citizen.objects.filter(serving__unit__code="vest-team-1").first()
    visit = tonights_visit(
        citizen, carer, title="Browsertest-besøg", tasks="Hjælp til bad\nKaffe", start=time(23, 0)
    )

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "ssh.vest")
    page.fill("input[name=password]", "demo")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/min-dag/")
    card = page.locator(f"#visit-{visit.pk}")
    expect(card).to_contain_text("Browsertest-besøg")
    expect(card).to_contain_text(citizen.cpr[:6] + "-xxxx")
    card.get_by_role("button", name="Start besøg").click()
    card = page.locator(f"#visit-{visit.pk}")
    expect(card.get_by_role("button", name="Afslut besøg")).to_be_visible()
    card.get_by_role("button", name="Hjælp til bad").click()
    expect(card.get_by_role("button", name="Hjælp til bad")).to_have_attribute("aria-pressed", "true")
    card.get_by_role("button", name="Kaffe").click()
    expect(card.get_by_role("button", name="Kaffe")).to_have_attribute("aria-pressed", "true")
    card.get_by_role("button", name="Afslut besøg").click()
    card = page.locator(f"#visit-{visit.pk}")
    expect(card).to_contain_text("Leveret")

    card.get_by_text("Tidlig opsporing: ændringer").click()
    card.get_by_label("Mere træt end vanligt").check()
    card.get_by_role("button", name="Registrér ændringer").click()
    card = page.locator(f"#visit-{visit.pk}")
    expect(card).to_contain_text("Foreslået triagefarve: Gul")

    card.get_by_text("Skriv et notat i journalen").click()
    card.get_by_label("Notat til journalen").fill("Borger i godt humør efter badet.")
    card.get_by_role("button", name="Gem notat").click()
    expect(page.locator(f"#visit-{visit.pk}")).to_contain_text("Notatet er skrevet i journalen.")
    page.screenshot(path="/tmp/homecare-min-dag.png", full_page=False)

    assert JournalEntry.objects.filter(
        citizen=citizen, author=carer, text="Borger i godt humør efter badet."
    ).exists()
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/journal/")
    expect(page.locator("main")).to_contain_text("Borger i godt humør efter badet.")
    assert Visit.objects.get(pk=visit.pk).status == "delivered"
