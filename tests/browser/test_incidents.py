"""A worker reports an incident on a phone; the handler takes it, corrects the severity and closes it
with feedback; the worker sees the feedback on their own list."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
SLOW = 15_000  # ms; CI machines under load


def log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit].primary")
    expect(page).not_to_have_url(re.compile(r"/login/"))


def test_report_handle_and_feedback_on_phone(live_server, browser, demo_users):
    from incidents import demo
    from incidents.models import Draft, Incident

    demo.seed()
    base = live_server.url

    worker = browser.new_context(viewport=PHONE, locale="da-DK")
    page = worker.new_page()
    log_in(page, base, "ssh.vest")
    page.get_by_role("link", name="Rapportér UTH").click()
    expect(page.get_by_role("heading", name="Rapportér en utilsigtet hændelse")).to_be_visible(timeout=SLOW)
    page.get_by_label("Hvad skete der").fill(
        "Borger faldt ved forflytning fra seng til stol. Datter ringet op på 12 34 56 78."
    )
    page.get_by_label("Konsekvens nu").select_option("mild")
    # The half-written report is kept on the server (htmx autosave after a short pause).
    with page.expect_response(re.compile(r"/uth/indberet/kladde/$")):
        page.get_by_label("Hvad kunne der være sket").select_option("moderate")
    expect(page.locator("#draft-status")).to_contain_text("Kladde gemt", timeout=SLOW)
    assert Draft.objects.filter(user__username="ssh.vest").exists()
    page.get_by_role("button", name="Send indberetning").click()
    expect(page.get_by_text("er sendt til sagsbehandlerne")).to_be_visible(timeout=SLOW)
    incident = Incident.objects.filter(reported_by__username="ssh.vest").latest("pk")
    assert incident.handler_group.code == "srp"

    handler = browser.new_context(viewport=PHONE, locale="da-DK")
    hpage = handler.new_page()
    log_in(hpage, base, "uth.srp.01")
    hpage.goto(f"{base}/uth/")
    hpage.get_by_role("link", name=incident.number, exact=True).click()
    hpage.get_by_role("button", name="Tag sagen").click()
    expect(hpage.get_by_text("Du har taget sagen.")).to_be_visible(timeout=SLOW)
    hpage.locator("#id_severity-actual").select_option("moderate")
    hpage.locator("#id_severity-possible").select_option("severe")
    hpage.locator("#id_severity-reason").fill("Borgeren fik en flænge, der skulle sys.")
    hpage.get_by_role("button", name="Gem alvorlighed").click()
    expect(hpage.locator("#severity-now")).to_contain_text("Moderat / Alvorlig", timeout=SLOW)
    expect(hpage.get_by_role("cell", name="Borgeren fik en flænge, der skulle sys.").first).to_be_visible(
        timeout=SLOW
    )
    expect(hpage.locator("#export mark.replaced").first).to_be_visible(timeout=SLOW)
    hpage.get_by_role("button", name="Godkend den anonymiserede tekst").click()
    expect(hpage.get_by_text("Godkendt af")).to_be_visible(timeout=SLOW)
    hpage.locator("#id_close-feedback").fill("Tak. Vi har indført faldrisikovurdering ved forflytning.")
    hpage.get_by_role("button", name="Afslut sagen").click()
    expect(hpage.locator(".status-closed").first).to_have_text("Afsluttet", timeout=SLOW)

    page.goto(f"{base}/uth/mine/")
    expect(page.get_by_text("Tak. Vi har indført faldrisikovurdering ved forflytning.")).to_be_visible(
        timeout=SLOW
    )
    worker.close()
    handler.close()
