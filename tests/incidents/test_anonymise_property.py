"""Property: whatever names, addresses, CPR and phone spellings are written into a month's reports, none
of them reaches the DPSD export (CSV, and the PDF read back with pypdf)."""

import re
from datetime import date, datetime
from io import BytesIO

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from pypdf import PdfReader

from incidents import dpsd, services
from incidents.models import MonthDiscussion
from tests.factories import CitizenFactory, make_staff

from .factories import IncidentFactory, approve

pytestmark = pytest.mark.django_db
MONTH = date(2025, 4, 1)
LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"

name = st.text(alphabet=LETTERS, min_size=4, max_size=9).map(str.capitalize)


@st.composite
def cpr_spelling(draw):
    d, m = f"{draw(st.integers(1, 28)):02}", f"{draw(st.integers(1, 12)):02}"
    y, x = f"{draw(st.integers(0, 99)):02}", f"{draw(st.integers(0, 9999)):04}"
    pattern = draw(
        st.sampled_from(
            [
                "{d}{m}{y}-{x}",
                "{d}{m}{y}{x}",
                "{d}.{m}.{y}-{x}",
                "{d} {m} {y} {x}",
                "{d}{m} {y} {x}",
                "{d}{m}{y} {x}",
                "{d}-{m}-{y}-{x}",
                "{d}/{m}/19{y}-{x}",
                "{d}.{m}.{y} {x}",
            ]
        )
    )
    return pattern.format(d=d, m=m, y=y, x=x)


@st.composite
def phone_spelling(draw):
    digits = f"{draw(st.integers(20000000, 99999999))}"
    pairs = " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    return draw(
        st.sampled_from([digits, pairs, f"{digits[:4]} {digits[4:]}", f"+45 {pairs}", f"+45{digits}"])
    )


@st.composite
def address(draw):
    suffix = draw(st.sampled_from(["vej", "gade", "stræde", "allé", " Allé", "plads", "vænget", "parken"]))
    floor = draw(st.sampled_from(["", ", 1. tv", ", st. th.", ", 3. mf", "B"]))
    street = f"{draw(name)}{suffix} {draw(st.integers(1, 250))}{floor}"
    return street, f"{draw(st.integers(1000, 9990))} {draw(name)}"


def _export(org, groups, handler, people, cpr, addr, phone, raw_approval):
    """Write the secrets into a month's case texts and leader's note; build and export the report."""
    first, last, relative, staff_first, staff_last = people
    citizen = CitizenFactory(first_name=first, last_name=last, address=addr[0], units=[org.vest1])
    citizen.relatives.create(name=f"{relative} {last}", relation="Datter")
    staff = make_staff(f"{staff_first}.{staff_last}".lower(), units=[org.vest1])
    staff.first_name, staff.last_name = staff_first, staff_last
    staff.save()
    text = (
        f"{first} {last.upper()} ({cpr}) faldt hjemme på {addr[0]}, {addr[1]}. Datteren {relative.lower()} "
        f"ringede fra {phone}. {staff_first} {staff_last} ({staff.username}) hjalp op; "
        f"skriv til {first.lower()}.{last.lower()}@example.dk."
    )
    with time_machine.travel(datetime(2025, 4, 12, 10, tzinfo=timezone.get_default_timezone()), tick=False):
        incident = IncidentFactory(
            unit=org.vest1,
            handler_group=groups[0],
            citizen=citizen,
            reported_by=staff,
            description=text,
            immediate_action=f"{staff_first} ringede til {relative} på {phone}",
            prevention=f"Tal med {first} om trappen ved {addr[0]}",
        )
        services.take_case(incident, handler)
        if raw_approval:  # a careless approval: the export is still anonymised
            services.approve_export(incident, handler, **services.export_sources(incident))
        else:
            approve(incident, handler)
        services.close_case(incident, handler, feedback="Tak")
    MonthDiscussion.objects.create(
        unit=org.vest, month=MONTH, actions=f"Drøftet {first} {last} ({cpr}) med {staff_first}", by=staff
    )
    report = dpsd.build_report(MONTH)
    pdf = PdfReader(BytesIO(dpsd.to_pdf(report)))
    pdf_text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    return dpsd.to_csv(report), pdf_text


_baseline = {}


def _words(text):
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


@hsettings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=st.lists(name, min_size=5, max_size=5, unique_by=str.lower),
    cpr=cpr_spelling(),
    addr=address(),
    phone=phone_spelling(),
    raw_approval=st.booleans(),
)
def test_no_generated_name_address_cpr_or_phone_reaches_the_export(
    groups, org, srp_handler, people, cpr, addr, phone, raw_approval
):
    if not _baseline:  # the words every such export has (headings, units, placeholders, our sentence)
        with transaction.atomic():
            dummy = ["Qxqx", "Zyzy", "Wvwv", "Jqjq", "Xkxk"]
            texts = _export(org, groups, srp_handler, dummy, cpr, addr, phone, False)
            _baseline["words"] = _words("\n".join(texts))
            transaction.set_rollback(True)
    street_name = addr[0].split(" ")[0]
    town = addr[1].split(" ", 1)[1]
    assume(not (_words(" ".join([*people, street_name, town])) & _baseline["words"]))

    with transaction.atomic():
        csv_text, pdf_text = _export(org, groups, srp_handler, people, cpr, addr, phone, raw_approval)
        transaction.set_rollback(True)
    for text in (csv_text, pdf_text):
        assert "faldt hjemme" in text  # the report itself is there
        for word in [*people, street_name, town]:
            assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE), word
        for secret in (cpr, re.sub(r"\D", "", cpr), phone, phone.replace(" ", ""), addr[1].split()[0]):
            assert secret not in text, secret
