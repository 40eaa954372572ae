"""Giving medicine on a 360-px phone: from the medicine visit in Min dag to its due doses, one given and
one not given with a reason, then the pre-filled incident report offered for the dose not given."""

from datetime import time
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK"}


def test_home_carer_gives_medicine_on_a_phone(live_server, page, demo_users):
    from citizens.models import Citizen
    from homecare import services as homecare_services
    from homecare.models import Visit, VisitPlan
    from medication import services
    from medication.models import Administration

    from ..incidents.factories import incident_type

    medicinering = incident_type(
        "medicinering"
    )  # a flushed transactional database lost the data migration's rows
    carer = demo_users.objects.get(username="ssh.vest")
    nurse = demo_users.objects.get(username="sygeplejerske")
    citizen = Citizen.objects.filter(serving__unit__code="vest-team-1").first()
    plan = VisitPlan.objects.create(
        citizen=citizen,
        team=citizen.units.get(code="vest-team-1"),
        service_type="nursing",
        title="Medicin",
        tasks="Giv medicin efter medicinlisten",
        recurrence="daily",
        window_start=time(23, 0),
        window_end=time(23, 30),
        duration_minutes=15,
        starts_on=timezone.localdate(),
        created_by=nurse,
    )
    midnight = timezone.make_aware(timezone.datetime.combine(timezone.localdate(), time(0, 0)))
    homecare_services.generate_visits(now=midnight, plans=[plan], days=1)
    visit = Visit.objects.get(plan=plan)
    Visit.objects.filter(pk=visit.pk).update(assigned_to=carer, delegated_task="medicine")
    for drug in ("Pinex", "Simvastatin"):
        services.add_line(
            citizen,
            by=nurse,
            data={
                "drug": drug,
                "form_strength": "tablet 500 mg",
                "dose": Decimal("1"),
                "dose_unit": "tablet",
                "times": ["23:15"],
                "indication": "Smerter",
                "prescriber": "Egen læge",
                "starts_on": timezone.localdate(),
                "ends_on": None,
                "how_given": "dose_dispensed",
            },
        )

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "ssh.vest")
    page.fill("input[name=password]", "demo")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/min-dag/")
    page.locator(f"#visit-{visit.pk}").get_by_role("link", name="Medicin på dette besøg").click()
    expect(page.locator("main")).to_contain_text("Pinex")
    page.get_by_role("button", name="Givet: Pinex").click()
    expect(page.locator("main")).to_contain_text("Registreret.")

    simvastatin = page.locator("li.card", has_text="Simvastatin")
    simvastatin.get_by_text("Ikke givet", exact=True).click()
    simvastatin.get_by_label("Årsag til ikke givet").select_option("refused")
    simvastatin.get_by_role("button", name="Registrér som ikke givet").click()
    expect(page.locator("li.card", has_text="Simvastatin")).to_contain_text("Borgeren afslog")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="/tmp/medication-givning.png", full_page=True)

    outcomes = dict(Administration.objects.values_list("line__current__drug", "outcome"))
    assert outcomes == {"Pinex": "given", "Simvastatin": "not_given"}

    simvastatin = page.locator("li.card", has_text="Simvastatin")
    expect(simvastatin).to_contain_text("Tælles automatisk med i månedens samlerapportering")
    simvastatin.get_by_role(
        "link", name="Skade eller risiko ud over det? Indrapportér en utilsigtet hændelse"
    ).click()
    expect(page.get_by_label("Hvad skete der")).to_have_value(
        "Simvastatin tablet 500 mg kl. 23:15 blev ikke givet (Borgeren afslog)."
    )
    expect(page.get_by_label("Type")).to_have_value(str(medicinering.pk))
    assert citizen.cpr not in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
