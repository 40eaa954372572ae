"""The OpenID Connect logins in a real browser, against the local provider in a second process: a citizen
goes from Min side to "MitID" and back to her own page; a home carer logs in with the municipality's login."""

import pytest
from playwright.sync_api import expect

from ..factories import CitizenFactory
from ..oidc_idp.harness import CITIZEN_CPR, PASSWORD, STAFF_GROUPS, config_for, running_idp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser_idp(live_server, tmp_path_factory):
    """A provider whose clients send the browser back to the live server."""
    with running_idp(tmp_path_factory.mktemp("browser-idp"), config=config_for(live_server.url)) as idp:
        yield idp


@pytest.fixture
def idp(settings, browser_idp):
    settings.OIDC_PROVIDERS = browser_idp.providers()
    settings.OIDC_STAFF_GROUPS = STAFF_GROUPS
    return browser_idp


def log_in_at_the_provider(page, username):
    expect(page.get_by_role("heading", level=1)).to_have_text("Test-login")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def test_citizen_logs_in_with_mitid_and_lands_on_her_page(live_server, page, idp, org):
    CitizenFactory(cpr=CITIZEN_CPR, first_name="Inger", last_name="Vestesen", units=[org.vest1])
    page.goto(f"{live_server.url}/min-side/")
    page.get_by_role("link", name="Log ind med MitID").click()
    log_in_at_the_provider(page, "borger")
    expect(page).to_have_url(f"{live_server.url}/min-side/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Din pleje")
    expect(page.get_by_role("main")).to_contain_text("Vestesen")


def test_unknown_citizen_is_told_in_danish(live_server, page, idp, org):
    page.goto(f"{live_server.url}/min-side/log-ind/")
    page.get_by_role("link", name="Log ind med MitID").click()
    log_in_at_the_provider(page, "ukendt")
    expect(page).to_have_url(f"{live_server.url}/min-side/log-ind/")
    expect(page.get_by_role("main")).to_contain_text("Vi kan ikke finde dig blandt kommunens borgere.")


def test_home_carer_logs_in_with_the_municipalitys_login(live_server, page, idp, org):
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    log_in_at_the_provider(page, "ssh")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()
