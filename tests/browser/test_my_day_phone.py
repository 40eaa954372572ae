"""Min dag on a 360-px phone: a carer lands on it after login; finishing with an unticked task is refused,
"not done" needs a reason, and every confirmation shows on the same card while the next card stays out of
reach of the thumb."""

from datetime import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK", "viewport": {"width": 360, "height": 740}}


def test_carer_cannot_misread_min_dag_on_a_phone(live_server, page, demo_users):
    from citizens.models import Citizen
    from homecare.models import Visit

    from ..homecare.factories import tonights_visit

    carer = demo_users.objects.get(username="ssh.vest")
    first_citizen, next_citizen = Citizen.objects.filter(serving__unit__code="vest-team-1")[:2]
    visit = tonights_visit(
        first_citizen, carer, title="Morgenbesøg", tasks="Hjælp til bad\nKaffe\nRede seng", start=time(23, 0)
    )
    following = tonights_visit(
        next_citizen, carer, title="Næste besøg", tasks="Støttestrømper", start=time(23, 30)
    )

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "ssh.vest")
    page.fill("input[name=password]", "demo")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/min-dag/")  # a field role lands on Min dag

    card = page.locator(f"#visit-{visit.pk}")
    next_start = page.locator(f"#visit-{following.pk}").get_by_role("button", name="Start besøg")
    status = page.locator(f"#visit-{visit.pk}-status")

    card.get_by_role("button", name="Start besøg").click()
    expect(status).to_contain_text("Besøget er startet.")
    expect(status).to_contain_text(first_citizen.full_name)
    expect(status).to_be_in_viewport()
    expect(next_start).not_to_be_in_viewport()

    card.get_by_role("button", name="Hjælp til bad").click()
    expect(card.get_by_role("button", name="Hjælp til bad")).to_have_attribute("aria-pressed", "true")
    card.get_by_role("button", name="Afslut besøg").click()
    expect(status).to_contain_text("»ikke udført« med en begrundelse: Kaffe, Rede seng.")
    expect(status).to_be_in_viewport()
    assert Visit.objects.get(pk=visit.pk).status == "started"

    card.get_by_text("»Kaffe« ikke udført").click()
    card.get_by_role("button", name="Markér som ikke udført").first.click()
    expect(card).to_contain_text("Skriv, hvorfor opgaven ikke blev udført.")
    card.get_by_label("Hvorfor blev opgaven ikke udført?").first.fill("Ville ikke have kaffe")
    card.get_by_role("button", name="Markér som ikke udført").first.click()
    expect(status).to_contain_text("Opgaven er markeret som ikke udført.")
    expect(card).to_contain_text("Ikke udført: Ville ikke have kaffe")
    card.get_by_text("»Rede seng« ikke udført").click()
    card.get_by_label("Hvorfor blev opgaven ikke udført?").fill("Sengen var redt")
    card.get_by_role("button", name="Markér som ikke udført").click()
    # the status already says this from "Kaffe": wait for this task's own reason before finishing
    expect(card).to_contain_text("Ikke udført: Sengen var redt")
    expect(status).to_contain_text("Opgaven er markeret som ikke udført.")

    card.get_by_role("button", name="Afslut besøg").click()
    expect(status).to_contain_text("Besøget er leveret.")
    expect(status).to_contain_text(first_citizen.full_name)
    expect(status).to_be_in_viewport()
    expect(next_start).not_to_be_in_viewport()
    expect(page.locator("#myday-live")).to_contain_text("Besøget er leveret.")
    page.screenshot(path="/tmp/min-dag-phone.png", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    done = Visit.objects.get(pk=visit.pk)
    assert done.status == "delivered"
    assert done.tasks_not_done == {"1": "Ville ikke have kaffe", "2": "Sengen var redt"}
    assert Visit.objects.get(pk=following.pk).status == "planned"
