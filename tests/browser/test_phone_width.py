"""No page scrolls sideways on a 360-px phone: every page of every role (the page registry's walk) is
loaded at 360 × 740 and the document may not be wider than the viewport. Wide data tables scroll inside
their own labelled box instead."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from ..carecore.page_walk import walk

pytestmark = pytest.mark.browser

WIDTH = 360


def session_cookie(user, live_server):
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def test_no_page_of_any_role_is_wider_than_a_phone(live_server, browser, org, citizen_vest):
    by_role = {}
    for role, user, name, url in walk(org, citizen_vest):
        by_role.setdefault(role, (user, []))[1].append((name, url))
    too_wide = []
    for role, (user, pages) in by_role.items():
        context = browser.new_context(locale="da-DK", viewport={"width": WIDTH, "height": 740})
        context.add_cookies([session_cookie(user, live_server)])
        page = context.new_page()
        for name, url in pages:
            try:
                response = page.goto(f"{live_server.url}{url}")
            except PlaywrightError:  # a POST-only action (an empty 405) or a download (PDF, CSV): no page
                answer = page.request.get(f"{live_server.url}{url}")
                html = answer.headers.get("content-type", "").startswith("text/html")
                assert answer.status == 405 or (answer.status == 200 and not html), f"{url}: {answer.status}"
                page.close()  # left on Chromium's error page: the next page starts in a new tab
                page = context.new_page()
                continue
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            assert response.status == 200, f"{role} {url}: {response.status}"
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                too_wide.append(f"{role} {name} {url}: {width} px")
        context.close()
    assert not too_wide, "\n".join(too_wide)
