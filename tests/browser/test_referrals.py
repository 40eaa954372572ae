"""A home carer refers a citizen from the record to the rehabilitation unit on a phone; the therapist
accepts it and can then open the citizen's record."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")


def test_carer_refers_from_the_record_and_therapist_accepts(live_server, page, demo_users):
    from citizens.models import Citizen
    from referrals.demo import ensure_receivers
    from referrals.models import Referral

    ensure_receivers()
    citizen = (
        Citizen.objects.filter(serving__unit__code="vest-team-1")
        .exclude(serving__unit__code="rehabiliteringsenheden")
        .order_by("id")
        .first()
    )

    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, "ssh.vest")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Henvis til anden enhed").click()
    page.get_by_label("Henvis til").select_option(
        label="Rehabiliteringsenheden – rehabiliteringsforløb efter Serviceloven §83a"
    )
    page.get_by_role("button", name="Send henvisning").click()
    expect(page.locator("#id_reason_error")).to_have_text("Skriv begrundelsen for henvisningen.")
    page.get_by_label("Begrundelse for henvisningen").fill("Går usikkert; vil gerne selv handle igen.")
    page.get_by_role("button", name="Send henvisning").click()
    expect(page.locator(".referral-status")).to_contain_text("Sendt")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits 360 px
    referral = Referral.objects.get()

    page.context.clear_cookies()
    login(page, live_server, "terapeut")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adgang nægtet")
    page.goto(f"{live_server.url}/henvisninger/")
    page.locator(f"tr[data-referral='{referral.pk}'] a").click()
    expect(page.locator("dl.facts")).to_contain_text(citizen.cpr)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Accepter henvisningen").click()
    expect(page.locator(".referral-status")).to_contain_text("Accepteret")
    page.get_by_role("link", name="Åbn journalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(citizen.full_name)
