"""Every page, rendered in Danish, has Danish dates ("25. nov.", never "25. Nov" or "Sept"), right plurals
("1 måned", never "1 måneder") and one way of writing a CPR number."""

import re

import pytest
from django.core.management import call_command

from .page_walk import walk

pytestmark = pytest.mark.django_db

# In a date: "25. Nov", "Nov 2026", "25 November", "Sept. 3". August and Jan are Danish first names too:
# "1 August Holm" (a count, then a name) is no date.
_MONTH = (
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July"
    r"|August|September|October|November|December)"
)
ENGLISH_MONTHS = re.compile(
    rf"\d\.? ?{_MONTH}\b\.?(?! [A-ZÆØÅ])|\b{_MONTH}\.? \d|\bSept\b"
    r"|\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
# "1 måneder", "1 møder", "1 borgere": a count of one with a plural noun.
ONE_PLURAL = re.compile(r"(?<![\d.,:/-])\b1 ([a-zæøå]+er|[a-zæøå]+ere|dage)\b")
# Danish nouns that end in -er in the singular.
SINGULAR_ER = {
    "borger",
    "medarbejder",
    "leder",
    "vejleder",
    "sygeplejer",
    "plejer",
    "indberetter",
    "terapeut",
}
# A CPR number is written DDMMYY-SSSS, or DDMMYY-xxxx where it is masked.
CPR_LIKE = re.compile(r"\b\d{6}[- ]?[\dXx*]{4}\b|\b[Xx*]{6}-[\dXx*]{4}\b")
CPR_RIGHT = re.compile(r"^\d{6}-(\d{4}|xxxx)$")


@pytest.fixture
def demo(db):
    call_command("seed_demo", citizens=30, stdout=open("/dev/null", "w"))


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def problems(text):
    found = [f"English month or day {m.group(0)!r}" for m in ENGLISH_MONTHS.finditer(text)]
    found += [
        f"plural after one: {m.group(0)!r}"
        for m in ONE_PLURAL.finditer(text)
        if m.group(1).lower() not in SINGULAR_ER
    ]
    found += [
        f"CPR written {m.group(0)!r}" for m in CPR_LIKE.finditer(text) if not CPR_RIGHT.match(m.group(0))
    ]
    return found


def test_the_checks_can_fail():
    assert problems("Mødt 25. Nov 2026, 1 måneder, Sept. 3, 1 møder, 0101801234")
    assert len(problems("25. Nov 2026; 1 måneder; Sept. 3; 1 møder; 010180 1234")) == 5
    assert not problems(
        "25. nov. 2026, 3. sept., 1 måned, 2 måneder, 1 borger, 010180-1234, 010180-xxxx, 1 August Holm"
    )


def test_every_page_of_every_role_is_danish(demo, client, org, citizen_vest):
    found = []
    for role, user, name, url in walk(org, citizen_vest):
        client.force_login(user)
        response = client.get(url)
        if response.status_code == 405:  # a POST-only action, no page to read
            continue
        assert response.status_code == 200, f"{role} {url}: {response.status_code}"
        if not response["Content-Type"].startswith(("text/html", "text/csv")):
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found += [f"{role} {name} {url}: {p}" for p in problems(visible_text(body.decode()))]
    assert not found, "\n".join(sorted(set(found)))


def test_dates_in_forms_are_typed_and_shown_as_dd_mm_yyyy():
    """The date picker shows dd.mm.åååå in a Danish browser and is given ISO; a date typed as
    dd.mm.åååå (no picker) is read too, and a wrong one gets a Danish message."""
    from datetime import date

    from django import forms
    from django.utils import translation

    from carecore.forms import DateInput, SafeDateField

    class DayForm(forms.Form):
        day = SafeDateField(label="Dag", widget=DateInput())

    with translation.override("da"):
        html = str(DayForm(initial={"day": date(2026, 11, 25)})["day"])
        assert 'type="date"' in html and 'value="2026-11-25"' in html
        assert DayForm({"day": "25.11.2026"}).is_valid()
        assert DayForm({"day": "2026-11-25"}).is_valid()
        bad = DayForm({"day": "31.02.2026"})
        assert not bad.is_valid() and bad.errors["day"] == ["Indtast en gyldig dato."]
