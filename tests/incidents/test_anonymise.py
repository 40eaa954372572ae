"""What leaves the municipality: the anonymiser, the case handler's approval, frozen sent reports."""

import pytest
from django.urls import reverse

from incidents import services
from incidents.anonymise import KnownPeople, anonymise, anonymise_segments
from incidents.models import CaseEvent, ExportApproval, Status
from tests.factories import CitizenFactory, make_staff

from .factories import IncidentFactory, approve

NOBODY = KnownPeople()


@pytest.mark.parametrize(
    "cpr",
    [
        "010150-1234",
        "0101501234",
        "01.01.50-1234",
        "01 01 50 1234",
        "0101 50 1234",
        "010150 1234",
        "010150 - 1234",
        "01-01-50-1234",
        "01/01/1950-1234",
        "01.01.50 1234",
    ],
)
def test_cpr_numbers_in_any_common_spelling_are_replaced(cpr):
    out = anonymise(f"Borger ({cpr}) faldt.", NOBODY)
    assert out == "Borger ([CPR]) faldt."


@pytest.mark.parametrize(
    "text, kind",
    [
        ("12345678", "[tlf.]"),
        ("12 34 56 78", "[tlf.]"),
        ("1234 5678", "[tlf.]"),
        ("+45 12 34 56 78", "[tlf.]"),
        ("+4512345678", "[tlf.]"),
        ("0045 12345678", "[tlf.]"),
        ("inger.vestesen@example.dk", "[e-mail]"),
        ("Nørregade 12, 2. tv", "[adresse]"),
        ("Store Kongensgade 5 st. th.", "[adresse]"),
        ("H.C. Andersens Boulevard 3", "[adresse]"),
        ("Dompap Allé 7B", "[adresse]"),
        ("skovvej 3", "[adresse]"),
        ("Solsikken 4, 1. mf", "[adresse]"),
        ("8000 Aarhus C", "[adresse]"),
        ("2300 København S", "[adresse]"),
    ],
)
def test_phones_emails_and_addresses_are_replaced(text, kind):
    assert anonymise(f"Se {text} i dag", NOBODY) == f"Se {kind} i dag"


def test_ordinary_care_text_is_kept():
    text = "Kl. 14.30 fik hun 2 tabletter; BT 120/80. Skulle have 2 personer med, ring 2 gange."
    assert anonymise(text, NOBODY) == text


@pytest.mark.django_db
@pytest.mark.parametrize("index", ["everyone", "in_texts"])
def test_names_of_citizens_relatives_and_staff_and_usernames_are_replaced(org, index):
    citizen = CitizenFactory(first_name="Anne Marie", last_name="Kjærsgaard-Holm", address="Lærkevej 7")
    citizen.relatives.create(name="Bent Ulriksen", relation="Søn")
    staff = make_staff("ssa.lotte", units=[org.vest1])
    staff.first_name, staff.last_name = "Lotte", "Brønnum"
    staff.save()
    text = (
        "ANNE marie kjærsgaard-holm faldt. Sønnen Bent Ulriksen ringede. Lotte Brønnum (ssa.lotte) "
        "hjalp. Ingerslev og Annette er ikke nævnt; Lærkevej blev ryddet."
    )
    people = KnownPeople.everyone() if index == "everyone" else KnownPeople.in_texts([text])
    out = anonymise(text, people)
    assert out == (
        "[navn] [navn] [navn]-[navn] faldt. Sønnen [navn] [navn] ringede. [navn] [navn] ([brugernavn]) "
        "hjalp. Ingerslev og Annette er ikke nævnt; [navn] blev ryddet."
    )


@pytest.mark.django_db
def test_a_case_looks_up_only_its_own_words_in_a_fixed_number_of_queries(org, django_assert_num_queries):
    CitizenFactory.create_batch(30, units=[org.vest1])
    text = "Borger faldt i stuen, fundet af hjemmeplejen kl. 7 og hjulpet op."
    with django_assert_num_queries(4):
        KnownPeople.in_texts([text, "Mere tekst", "og endnu mere"])


def test_segments_say_what_was_replaced():
    people = KnownPeople({"inger"})
    segments = anonymise_segments("Inger: 12345678", people)
    assert [(s.text, s.kind, s.original) for s in segments] == [
        ("[navn]", "name", "Inger"),
        (": ", "", ""),
        ("[tlf.]", "phone", "12345678"),
    ]


# --- The case handler's approval ---------------------------------------------------------------
@pytest.fixture
def case(groups, org, citizen_vest, ssh_vest, srp_handler):
    incident = IncidentFactory(
        unit=org.vest1,
        handler_group=groups[0],
        citizen=citizen_vest,
        reported_by=ssh_vest,
        description="Inger Vestesen (010150-1234) faldt på Nørregade 12, 2. tv.",
    )
    services.take_case(incident, srp_handler)
    return incident


@pytest.mark.django_db
def test_case_page_shows_the_anonymised_text_with_what_was_replaced(login, case, srp_handler):
    body = login(srp_handler).get(reverse("incidents:detail", args=[case.pk])).content.decode()
    assert '<mark class="replaced" title="Inger">[navn]</mark>' in body
    assert '<mark class="replaced" title="010150-1234">[CPR]</mark>' in body
    assert "[navn] [navn] ([CPR]) faldt på [adresse]</textarea>" in body
    assert "Endnu ikke godkendt." in body


@pytest.mark.django_db
def test_closing_needs_the_handlers_approval_of_the_text_as_it_is_now(login, case, srp_handler):
    client = login(srp_handler)
    close = reverse("incidents:case_action", args=[case.pk, "close"])
    response = client.post(close, {"close-feedback": "Tak"})
    assert response.status_code == 400 and "Godkend den anonymiserede tekst" in response.content.decode()
    client.post(
        reverse("incidents:case_action", args=[case.pk, "approve"]),
        {"approve-what_happened": "En borger faldt udendørs.", "approve-causes": ""},
    )
    approval = ExportApproval.objects.get(incident=case)
    assert approval.by == srp_handler and approval.at
    assert approval.texts["what_happened"] == "En borger faldt udendørs."
    assert CaseEvent.objects.filter(incident=case, what="approved", by=srp_handler).exists()
    # The causes change after the approval: the text must be approved again.
    services.classify(case, srp_handler, type=case.type, causes="Glat fortov", analysis_wanted=False)
    assert client.post(close, {"close-feedback": "Tak"}).status_code == 400
    approve(case, srp_handler)
    client.post(close, {"close-feedback": "Tak"})
    case.refresh_from_db()
    assert case.status == Status.CLOSED


@pytest.mark.django_db
def test_approved_text_with_a_cpr_number_is_refused_in_danish(login, case, srp_handler):
    response = login(srp_handler).post(
        reverse("incidents:case_action", args=[case.pk, "approve"]),
        {"approve-what_happened": "Borger 0101 50 1234 faldt."},
    )
    assert response.status_code == 400
    assert "Fjern CPR-nummeret, telefonnummeret eller e-mailadressen." in response.content.decode()
    assert not ExportApproval.objects.exists()


@pytest.mark.django_db
def test_the_report_uses_the_approved_text(case, srp_handler):
    from datetime import date

    from django.utils import timezone

    from incidents import dpsd

    services.approve_export(case, srp_handler, what_happened="En borger faldt udendørs (redigeret).")
    services.close_case(case, srp_handler, feedback="Tak")
    month = timezone.localdate().replace(day=1)
    row = dpsd.build_report(date(month.year, month.month, 1)).data["incidents"][0]
    assert row["what_happened"] == "En borger faldt udendørs (redigeret)."


# --- Frozen sent reports ----------------------------------------------------------------------
@pytest.mark.django_db
def test_a_sent_report_is_frozen_and_a_rebuild_makes_a_new_version(login, org, ssh_vest, risk_manager):
    from datetime import date

    from incidents import dpsd
    from incidents.models import DpsdReport, MonthDiscussion

    month = date(2025, 4, 1)
    MonthDiscussion.objects.create(unit=org.vest, month=month, actions="Tjek rollatorer", by=ssh_vest)
    first = dpsd.build_report(month)
    client = login(risk_manager)
    sent_csv = client.get(reverse("incidents:dpsd_file", args=[first.pk, "csv"])).content
    client.post(reverse("incidents:dpsd_sent", args=[first.pk]))
    MonthDiscussion.objects.filter(unit=org.vest).update(actions="Ændret efter afsendelse")
    second = dpsd.build_report(month)
    assert second.pk != first.pk and second.version == 2 and second.sent_at is None
    first.refresh_from_db()
    assert first.sent_by == risk_manager and "Tjek rollatorer" in str(first.data)
    assert "Ændret efter afsendelse" in str(second.data)
    assert client.get(reverse("incidents:dpsd_file", args=[first.pk, "csv"])).content == sent_csv
    # Rebuilding the new draft replaces it; the sent one stays.
    assert dpsd.build_report(month).pk == second.pk
    assert DpsdReport.objects.filter(month=month).count() == 2
    assert "version 2" in client.get(reverse("incidents:dpsd")).content.decode()
