"""A citizen logs in to Min side on a phone, sees the coming week's visits and who has looked at the
record; a relative with a power of attorney opens the citizen's page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def citizen_login(page, live_server, username):
    page.goto(f"{live_server.url}/min-side/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind på Min side")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("demo")
    page.get_by_role("button", name="Log ind").click()


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def too_wide(page):
    """The elements reaching past the viewport's right edge (what to fix when `fits` fails)."""
    return page.evaluate(
        """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )


def looked_at_with_relative(org, suffix, staff_suffix):
    """Inger Vestesen, looked at by a carer of Vest Team 1, with her login `borger.<suffix>` and her
    relative's `paaroerende.<suffix>` holding a power of attorney for everything."""
    from carecore.roles import Role
    from citizens.models import AccessLog, AccessPart
    from minside.models import PowerOfAttorney, Scope

    from ..factories import CitizenFactory, fake_cpr, make_staff
    from ..minside.conftest import make_account

    citizen = CitizenFactory(units=[org.vest1], first_name="Inger", last_name="Vestesen")
    carer = make_staff(f"ssh.{staff_suffix}", role=Role.SSH, units=[org.vest1])
    AccessLog.objects.create(
        user=carer, username=carer.username, citizen=citizen, part=AccessPart.JOURNAL, unit_name="Vest Team 1"
    )
    make_account(f"borger.{suffix}", citizen.cpr)
    relative_cpr = fake_cpr()
    make_account(f"paaroerende.{suffix}", relative_cpr)
    PowerOfAttorney.objects.create(
        citizen=citizen,
        grantee_cpr=relative_cpr,
        grantee_name="Ane Datter",
        scope=Scope.ALL,
        registered_by=make_staff(f"visitator.{staff_suffix}", role=Role.VISITATOR),
    )
    return citizen


def test_citizen_sees_visits_and_who_looked_and_relative_sees_the_granted_page(live_server, page, org):
    from ..homecare.factories import make_visit

    citizen = looked_at_with_relative(org, "demo", "browser")
    visit = make_visit(citizen)
    tomorrow = visit.starts_at + timedelta(days=1)
    type(visit).objects.filter(pk=visit.pk).update(
        date=timezone.localtime(tomorrow).date(),
        starts_at=tomorrow,
        ends_at=tomorrow + timedelta(minutes=30),
        window_end=tomorrow + timedelta(hours=1),
    )

    page.set_viewport_size({"width": 360, "height": 740})
    citizen_login(page, live_server, "borger.demo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Din pleje")
    visits = page.get_by_role("region", name="Dine besøg den kommende uge")
    expect(visits).to_contain_text("Morgenpleje")
    assert fits(page)

    page.get_by_role("link", name="Hvem har kigget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvem har set dine oplysninger")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Vest Team 1")
    expect(table).to_contain_text("Journal")
    expect(table).to_contain_text("egen adgang")
    expect(table).not_to_contain_text("ssh.browser")
    page.get_by_label("Fra").fill("2030-01-01")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("#id_fra_error")).to_have_text("Startdatoen kan ikke ligge i fremtiden.")
    assert fits(page)

    page.goto(f"{live_server.url}/borgere/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adgang nægtet")

    page.context.clear_cookies()
    citizen_login(page, live_server, "paaroerende.demo")
    page.get_by_role("link", name="Inger Vestesen (fuldmagt)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pleje for Inger Vestesen")
    expect(page.get_by_role("region", name="Dine besøg den kommende uge")).to_contain_text("Morgenpleje")
    assert fits(page)


def test_public_report_gives_a_receipt_code_to_follow_it_with(live_server, page, org):
    from incidents.models import Incident

    from ..incidents.factories import handler_group

    handler_group("srp", org.top)
    yesterday = timezone.localtime() - timedelta(days=1)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/uth/borger/")
    page.get_by_label("Hvornår skete det").fill(yesterday.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Hvor (hvilket tilbud)").select_option(label="Hjemmeplejen")
    page.get_by_label("Hvad skete der").fill("Min mor fik ikke sin medicin om aftenen.")
    page.get_by_label("Hvad blev konsekvensen").select_option(index=1)
    page.get_by_label("Hvad kunne der være sket").select_option(index=2)
    page.get_by_role("button", name="Send").click()
    code = Incident.objects.get().receipt_code
    expect(page.locator(".receipt-code")).to_have_text(code)
    assert fits(page)

    page.get_by_role("link", name="Følg din indberetning").click()
    page.get_by_label("Din kvitteringskode").fill(code.lower())
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("main")).to_contain_text("Vi har modtaget din indberetning")
    assert fits(page)


def test_citizen_asks_about_a_look_the_data_protection_contact_answers_and_a_granted_relative_logs_in(
    live_server, page, org
):
    from carecore.roles import Role
    from citizens.models import AccessLog, AccessPart
    from minside.models import AccessQuestion

    from ..factories import CitizenFactory, make_staff
    from ..minside.conftest import make_account
    from .test_foundation import log_in

    citizen = CitizenFactory(units=[org.vest1], first_name="Inger", last_name="Vestesen")
    carer = make_staff("ssh.spurgt", role=Role.SSH, units=[org.vest1])
    AccessLog.objects.create(
        user=carer, username=carer.username, citizen=citizen, part=AccessPart.JOURNAL, unit_name="Vest Team 1"
    )
    make_account("borger.spoerger", citizen.cpr)
    make_account("datter.ny", "010190-1234")
    make_staff("dpo.browser", role=Role.DPO, units=[org.staff_unit])
    page.set_viewport_size({"width": 360, "height": 740})

    citizen_login(page, live_server, "borger.spoerger")
    page.get_by_role("link", name="Hvem har kigget").click()
    page.get_by_role("link", name="Spørg om dette").first.click()
    page.get_by_label("Dit spørgsmål").fill("Hvorfor læste Vest Team 1 min journal?")
    page.get_by_role("button", name="Send spørgsmål").click()
    receipt = AccessQuestion.objects.get().receipt
    expect(page.locator("main")).to_contain_text(f"Dit kvitteringsnummer er {receipt}")
    expect(page.locator("main")).to_contain_text("Vi har ikke svaret endnu")
    assert fits(page), too_wide(page)

    # The citizen gives her daughter a power of attorney for care only.
    page.get_by_role("link", name="Fuldmagter").click()
    page.get_by_label("Din pårørendes navn").fill("Ane Datter")
    page.get_by_label("Din pårørendes CPR-nummer").fill("010190-1234")
    page.get_by_label("Hvad må din pårørende se?").select_option("pleje")
    page.get_by_role("button", name="Giv fuldmagten").click()
    expect(page.locator("main")).to_contain_text("Din pårørende kan nu se din side")
    assert fits(page)

    page.context.clear_cookies()
    log_in(page, live_server, "dpo.browser")
    page.goto(f"{live_server.url}/databeskyttelse/spoergsmaal/")
    page.get_by_role("link", name=receipt).click()
    expect(page.locator("main")).to_contain_text("Hvorfor læste Vest Team 1 min journal?")
    page.get_by_label("Svar til borgeren").fill("Din hjemmehjælper læste journalen før besøget.")
    page.get_by_role("button", name="Send svaret").click()
    expect(page.locator("main")).to_contain_text("Der er ingen åbne spørgsmål")

    page.context.clear_cookies()
    citizen_login(page, live_server, "borger.spoerger")
    page.get_by_role("link", name="Hvem har kigget").click()
    expect(page.locator("main")).to_contain_text("Din hjemmehjælper læste journalen før besøget.")

    page.context.clear_cookies()
    citizen_login(page, live_server, "datter.ny")
    page.get_by_role("link", name="Inger Vestesen (fuldmagt)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pleje for Inger Vestesen")
    page.goto(f"{live_server.url}/min-side/fuldmagt/{citizen.pk}/adgange/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adgang nægtet")
    assert fits(page)
