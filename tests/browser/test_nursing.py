"""A nurse's day on a phone: her home visits and her appointment at the nursing clinic in Min dag; she
starts and finishes a visit."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK"}


def test_nurse_works_through_her_day_on_a_phone(live_server, page, demo_users):
    from homecare import demo
    from homecare.models import Visit, VisitStatus

    assert demo.seed_nurse_day() == len(demo.NURSE_PLANS)
    nurse = demo_users.objects.get(username="sygeplejerske")
    visits = list(Visit.objects.filter(assigned_to=nurse).select_related("clinic").order_by("starts_at"))
    at_clinic = next(v for v in visits if v.clinic_id)
    home = next(v for v in visits if not v.clinic_id)

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "sygeplejerske")
    page.fill("input[name=password]", "demo")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/min-dag/")  # field roles land on Min dag
    page.goto(f"{live_server.url}/min-dag/")
    expect(page.locator("ol.visits > li")).to_have_count(len(visits))
    clinic_card = page.locator(f"#visit-{at_clinic.pk}")
    expect(clinic_card).to_contain_text("Sygeplejeklinik: Sygeplejeklinikken, Sundhedshuset")
    expect(clinic_card).to_contain_text("Sårpleje i klinikken")

    card = page.locator(f"#visit-{home.pk}")
    card.get_by_role("button", name="Start besøg").click()
    card = page.locator(f"#visit-{home.pk}")
    expect(card.get_by_role("button", name="Afslut besøg")).to_be_visible()
    for _index, line, _done in home.task_list:  # every task ticked: Min dag refuses unresolved tasks
        page.locator(f"#visit-{home.pk}").get_by_role("button", name=line, exact=True).click()
        expect(
            page.locator(f"#visit-{home.pk}").get_by_role("button", name=line, exact=True)
        ).to_have_attribute("aria-pressed", "true")
    card = page.locator(f"#visit-{home.pk}")
    card.get_by_role("button", name="Afslut besøg").click()
    expect(page.locator(f"#visit-{home.pk}")).to_contain_text("Leveret")
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="/tmp/nursing-min-dag.png", full_page=False)
    home.refresh_from_db()
    assert home.status == VisitStatus.DELIVERED and home.finished_by == nurse
