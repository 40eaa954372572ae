"""axe-core finds no serious or critical violation on any /min-side/ page, as a citizen and as a relative
with a power of attorney, on a 360-px phone. The pages come from the resolver, so a new one is checked
(or this test fails until it is listed)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .axe import assert_accessible
from .test_minside import citizen_login, looked_at_with_relative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    """The pages' Content-Security-Policy allows no inline script: let the test inject axe-core."""
    return {**browser_context_args, "bypass_csp": True}


# Min side URL names and how each is opened here; a POST-only action is checked through its form page.
OWN = ["minside:home", "minside:access", "minside:ask", "minside:attorneys"]
FOR_RELATIVE = ["minside:home_for", "minside:access_for", "minside:ask_for"]
# The MitID start and return are redirects to and from the identity provider, not pages: the button that
# starts them is on the login page.
THROUGH_ITS_FORM = {
    "minside:attorney_revoke": "minside:attorneys",
    "minside:login": None,
    "minside:oidc_login": "minside:login",
    "minside:oidc_callback": "minside:login",
}


def test_every_min_side_page_is_listed_here():
    from ..minside.test_security import all_urls

    names = {name for name, _pattern in all_urls() if name.startswith("minside:")}
    assert names == set(OWN) | set(FOR_RELATIVE) | set(THROUGH_ITS_FORM)


def test_min_side_pages_pass_axe_for_citizen_and_relative(live_server, page, org):
    from ..homecare.factories import VisitPlanFactory, make_visit

    citizen = looked_at_with_relative(org, "axe", "axe")
    VisitPlanFactory(citizen=citizen, title="Aftenhjælp")
    make_visit(citizen)
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{live_server.url}{reverse('minside:login')}")
    assert_accessible(page)
    page.get_by_role("button", name="Log ind").click()  # the login form with its errors
    expect(page.locator(".error").first).to_be_visible()
    assert_accessible(page)

    citizen_login(page, live_server, "borger.axe")
    expect(page.get_by_role("heading", level=1)).to_have_text("Din pleje")
    for name in OWN:
        page.goto(f"{live_server.url}{reverse(name)}")
        assert_accessible(page)
    # The forms with their errors shown next to the fields.
    page.goto(f"{live_server.url}{reverse('minside:attorneys')}")
    page.get_by_role("button", name="Giv fuldmagten").click()
    expect(page.locator("#id_grantee_name_error")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}{reverse('minside:ask')}")
    page.locator("main form button[type=submit]").click()
    assert_accessible(page)

    page.context.clear_cookies()
    citizen_login(page, live_server, "paaroerende.axe")
    for name in FOR_RELATIVE:
        page.goto(f"{live_server.url}{reverse(name, args=[citizen.pk])}")
        assert_accessible(page)


def test_the_check_fails_on_a_serious_violation(page):
    from .axe import violations

    page.set_content(
        '<html lang="da"><head><title>x</title></head><body><main><input type="text"></main></body></html>'
    )
    assert "label" in [rule for rule, _targets, _help in violations(page)]
