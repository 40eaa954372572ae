"""SFT: the preventive consultant's month (make the list, record an acceptance, book the visit) on a
phone, and the therapist's one-tap attendance on a tablet (768 px)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")


@pytest.fixture
def one_resident():
    from prevention.register import LocalCprRegister, Resident

    today = timezone.localdate()
    born = date(today.year - 75, today.month, 1)
    LocalCprRegister.people = [
        Resident(
            cpr=f"{born:%d%m%y}-1234",
            first_name="Else",
            last_name="Hansen",
            birth_date=born,
            address="Bygaden 1",
        )
    ]
    yield
    LocalCprRegister.people = None


def test_consultant_makes_the_month_and_books_a_visit(live_server, page, demo_users, one_resident):
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, "forebyggelse")
    page.goto(f"{live_server.url}/sundhedsfremme/forebyggende-besoeg/")
    page.get_by_role("button", name="Dan månedens invitationsliste").click()
    page.get_by_role("link", name="Else Hansen").click()
    page.get_by_role("button", name="Registrér svaret").click()
    expect(page.locator("#id_status_error")).to_have_text("Vælg svaret.")
    page.get_by_label("Takket ja").check()
    page.get_by_role("button", name="Registrér svaret").click()
    when = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    page.get_by_label("Tidspunkt for besøget").fill(when)
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Forebyggende hjemmebesøg: Else Hansen")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits 360 px


def test_therapist_records_attendance_with_one_tap_on_a_tablet(live_server, page, demo_users):
    from django.contrib.auth import get_user_model

    from citizens.models import Citizen
    from prevention import services
    from prevention.models import Course, Session

    trainer = get_user_model().objects.get(username="traener")
    course = Course.objects.create(
        title="KOL-skole",
        kind="119",
        place="house",
        starts_on=timezone.localdate(),
        capacity=8,
        instructor=trainer,
    )
    session = Session.objects.create(course=course, starts_at=timezone.now() - timedelta(minutes=5))
    citizen = Citizen.objects.order_by("id").first()
    enrolment = services.enrol(course, citizen, source="doctor", by=trainer)

    page.set_viewport_size({"width": 768, "height": 1024})
    login(page, live_server, "traener")
    page.goto(f"{live_server.url}/sundhedsfremme/hold/moede/{session.pk}/")
    row = page.locator(f"li[data-enrolment='{enrolment.pk}']")
    row.get_by_role("button", name="Mødt").click()
    expect(page.locator(f"li[data-enrolment='{enrolment.pk}'] button[aria-pressed=true]")).to_have_text(
        "Mødt"
    )
    assert session.attendance.get().present
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
