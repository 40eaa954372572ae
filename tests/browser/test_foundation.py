"""The main journey of the foundation in a real browser: log in, search, open the record, see the log."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("demo")
    page.get_by_role("button", name="Log ind").click()


def test_worker_searches_opens_record_and_leader_sees_access_log(live_server, page, demo_users):
    from citizens.models import Citizen

    worker = demo_users.objects.get(username="ssh.vest")
    citizen = Citizen.objects.visible_to(worker).order_by("last_name").first()

    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server, "ssh.vest")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min dag")  # a field role lands on Min dag

    page.goto(f"{live_server.url}/borgere/")
    page.get_by_label("Søg på navn, CPR-nummer eller adresse").fill(citizen.last_name)
    # htmx replaces the result table as the user types.
    expect(page.locator("#results")).to_contain_text(citizen.cpr[:6] + "-xxxx")
    page.locator("#results").get_by_role("link", name=re.compile(citizen.last_name)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(citizen.full_name)
    expect(page.locator(".cpr")).to_have_text(citizen.cpr)
    # The journal section loads with htmx; write an entry from the record.
    page.get_by_label("Tekst").fill("Borgeren var glad i dag.")
    page.get_by_role("button", name="Gem notat").click()
    expect(page.locator("#journal")).to_contain_text("Borgeren var glad i dag.")

    page.get_by_role("button", name=re.compile("Log ud")).click()
    log_in(page, live_server, "leder.vest")
    page.goto(f"{live_server.url}/adgangslog/")
    page.get_by_label("Medarbejder").fill(worker.get_full_name() or worker.username)  # by name, not username
    page.get_by_role("button", name="Filtrer").click()
    row = page.locator("#results tbody tr").first
    expect(row).to_contain_text(worker.get_full_name() or worker.username)
    expect(row).to_contain_text(citizen.full_name)


def test_worker_is_refused_a_citizen_of_another_area(live_server, page, demo_users):
    from citizens.models import Citizen

    other = Citizen.objects.filter(serving__unit__code="oest-team-1").first()
    log_in(page, live_server, "ssh.vest")
    page.goto(f"{live_server.url}/borgere/{other.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adgang nægtet")
