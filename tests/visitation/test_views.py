"""The case list and the case: roles, scope, bad input in Danish, the letter, fixed query counts."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from citizens.models import AccessLog
from visitation.models import Case, CaseAssessment, Decision, Service

from ..factories import CitizenFactory
from .test_services import grant, request_help

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(elderly):
    return request_help(elderly).case


def decision_post(provider, **changes):
    if "provider_id" in changes:
        changes["provider"] = changes.pop("provider_id")
    data = {
        "outcome": "granted",
        "law_frame": "aeldreloven",
        "provider": provider.pk,
        "start_on": "2026-03-02",
        "reassess_on": "2026-06-01",
        "reasons": "Borgeren kan ikke selv klare bad efter indlæggelsen.",
        "services-TOTAL_FORMS": "4",
        "services-INITIAL_FORMS": "0",
        "services-0-service": "",
        "services-0-minutes": "",
        "services-0-note": "",
    }
    data["services-0-service"] = Service.objects.get(code="personlig-pleje").pk
    data["services-0-weekdays"] = ["0", "3"]
    data["services-0-minutes"] = "30"
    return {**data, **changes}


@pytest.mark.parametrize("name", ["visitation:list", "visitation:case", "visitation:decision_pdf"])
def test_anonymous_is_sent_to_login(client, case, name):
    url = reverse(name) if name == "visitation:list" else reverse(name, args=[case.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("user", ["ssh_vest", "nurse", "sysadmin"])
def test_other_roles_are_refused(login, request, case, user):
    client = login(request.getfixturevalue(user))
    assert client.get(reverse("visitation:list")).status_code == 403
    assert client.get(reverse("visitation:case", args=[case.pk])).status_code == 403


def test_visitator_sees_the_list_and_the_case_and_every_look_is_logged(
    login, visitator, case, elderly, frozen
):
    client = login(visitator)
    body = client.get(reverse("visitation:list")).content.decode()
    assert "Inger Vestesen" in body and "Ny anmodning" in body
    body = client.get(reverse("visitation:case", args=[case.pk])).content.decode()
    assert "Ældreloven gælder" in body and "Hjælp til bad" in body
    assert list(AccessLog.objects.filter(citizen=elderly).values_list("part", flat=True).order_by("id")) == [
        "visitation:liste",
        "visitation:sag",
    ]


def test_visitator_cannot_open_a_case_outside_scope(login, visitator, org, frozen):
    from carecore.models import UnitKind

    from ..factories import UnitFactory

    elsewhere = UnitFactory(code="plejehjem-x", name="Plejehjem X", kind=UnitKind.AREA)
    outsider = CitizenFactory(units=[elsewhere])
    case = request_help(outsider, reference="typed:x").case
    client = login(visitator)
    assert client.get(reverse("visitation:case", args=[case.pk])).status_code == 403
    assert AccessLog.objects.filter(citizen=outsider, outcome="refused").exists()
    assert "Østesen" not in client.get(reverse("visitation:list")).content.decode()


def test_leader_sees_only_orders_for_own_units(
    login, visitator, case, private, private_leader, leader_vest, catalogue, frozen
):
    assert case.pk not in [
        c.pk for c in login(private_leader).get(reverse("visitation:list")).context["page"].rows
    ]
    assert login(private_leader).get(reverse("visitation:case", args=[case.pk])).status_code == 403
    grant(case, visitator, private, catalogue)
    client = login(private_leader)
    body = client.get(reverse("visitation:list")).content.decode()
    assert "Bestillinger" in body and "Inger Vestesen" in body
    body = client.get(reverse("visitation:case", args=[case.pk])).content.decode()
    assert "Personlig pleje" in body and 'action="/visitation/' not in body
    assert (
        client.post(reverse("visitation:decide", args=[case.pk]), decision_post(private)).status_code == 403
    )
    other = login(leader_vest)
    assert other.get(reverse("visitation:case", args=[case.pk])).status_code == 403


def test_assessment_form_good_and_bad_input(login, visitator, case, frozen):
    client = login(visitator)
    url = reverse("visitation:assess", args=[case.pk])
    bad = client.post(url, {"assessed_on": "2026-03-02", "rehab_potential": "no", "rehab_reason": ""})
    assert bad.status_code == 400
    assert (
        'id="id_rehab_reason_error"' in bad.content.decode()
        and "Dette felt er påkrævet" in bad.content.decode()
    )
    future = client.post(url, {"assessed_on": "2026-04-02", "rehab_potential": "no", "rehab_reason": "x"})
    assert future.status_code == 400 and "fremtiden" in future.content.decode()
    assert not CaseAssessment.objects.exists()
    good = client.post(
        url,
        {
            "assessed_on": "2026-03-02",
            "home_visit_on": "2026-03-01",
            "rehab_potential": "no",
            "rehab_reason": "Stabil",
        },
    )
    assert good.status_code == 302 and CaseAssessment.objects.get().home_visit_on.isoformat() == "2026-03-01"


@pytest.mark.parametrize(
    "changes,error_id,text",
    [
        ({"provider_id": ""}, "id_provider_error", "Vælg den leverandør"),
        ({"reasons": ""}, "id_reasons_error", "påkrævet"),
        ({"reassess_on": "2026-03-01"}, "id_reassess_on_error", "efter starten"),
        ({"services-0-weekdays": []}, "id_services-0-weekdays_error", "Sæt kryds ved ugedagene"),
        ({"services-0-minutes": "0"}, "id_services-0-minutes_error", "større end eller lig 1"),
        ({"start_on": "2026-02-31"}, "id_start_on_error", "gyldig dato"),
    ],
)
def test_decision_form_bad_input_is_refused_in_danish(
    login, visitator, case, org, changes, error_id, text, frozen
):
    response = login(visitator).post(
        reverse("visitation:decide", args=[case.pk]), decision_post(org.vest1, **changes)
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert f'id="{error_id}"' in body and text in body
    assert not Decision.objects.exists()


def test_grant_without_services_is_refused(login, visitator, case, org, frozen):
    response = login(visitator).post(
        reverse("visitation:decide", args=[case.pk]), decision_post(org.vest1, **{"services-0-service": ""})
    )
    assert response.status_code == 400 and "Bevilg mindst én indsats" in response.content.decode()
    assert not Decision.objects.exists()


def test_decision_and_its_letter(login, visitator, case, org, elderly, frozen):
    client = login(visitator)
    response = client.post(reverse("visitation:decide", args=[case.pk]), decision_post(org.vest1))
    assert response.status_code == 302
    response = client.get(reverse("visitation:decision_pdf", args=[case.pk]))
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in [
        "Inger Vestesen",
        elderly.cpr,
        "Afgørelse om hjælp i hjemmet",
        "Personlig pleje",
        "2 gange om ugen",
        "Kvalitetsstandard",
        "Borgeren kan ikke selv klare bad",
        "Ældreloven, helhedspleje",
        "4 uger",
        "Ankestyrelsen",
        "Vest Team 1",
    ]:
        assert expected in text, expected
    # A new version; the first letter stays readable as it was.
    client.post(
        reverse("visitation:decide", args=[case.pk]), decision_post(org.vest1, reasons="Ændret behov.")
    )
    first = client.get(reverse("visitation:decision_version_pdf", args=[case.pk, 1]))
    assert first.status_code == 200 and bytes(first.content) == bytes(Decision.objects.get(version=1).letter)
    assert "Ændret behov" not in PdfReader(io.BytesIO(first.content)).pages[0].extract_text()
    assert client.get(reverse("visitation:decision_version_pdf", args=[case.pk, 9])).status_code == 404


def test_letter_of_a_case_without_decision_is_404(login, visitator, case):
    assert login(visitator).get(reverse("visitation:decision_pdf", args=[case.pk])).status_code == 404


def test_typed_request_good_and_bad_input(login, visitator, elderly, citizen_oest):
    client = login(visitator)
    bad = client.post(reverse("visitation:list"), {"cpr": "12345", "source": "citizen", "text": "Hjælp"})
    assert bad.status_code == 400 and 'id="id_cpr_error"' in bad.content.decode()
    assert "DDMMÅÅ-LLLL" in bad.content.decode()
    assert not Case.objects.exists()
    good = client.post(
        reverse("visitation:list"), {"cpr": elderly.cpr, "source": "relative", "text": "Datteren ringede"}
    )
    case = Case.objects.get()
    assert good["Location"] == reverse("visitation:case", args=[case.pk])


def count_queries(client, url):
    client.get(url)  # warm-up: the session refresh of this minute happens here
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_cases(org, visitator, provider, catalogue, n, granted):
    for i in range(n):
        citizen = CitizenFactory(units=[org.vest1])
        case = request_help(citizen, reference=f"typed:{citizen.pk}").case
        if i < granted:
            grant(case, visitator, provider, catalogue)


def test_case_list_query_count_is_fixed(
    login, visitator, private, private_leader, org, catalogue, django_assert_num_queries, frozen
):
    add_cases(org, visitator, private, catalogue, 3, granted=1)
    small = count_queries(login(visitator), reverse("visitation:list"))
    small_leader = count_queries(login(private_leader), reverse("visitation:list"))
    add_cases(org, visitator, private, catalogue, 40, granted=2)
    for user, expected in ((visitator, small), (private_leader, small_leader)):
        client = login(user)
        client.get(reverse("visitation:list"))
        with django_assert_num_queries(expected):
            response = client.get(reverse("visitation:list") + "?status=")
        assert len(response.context["page"].rows) == (43 if user == visitator else 3)
    assert small <= 10


def test_order_stays_with_the_provider_while_a_new_request_is_assessed(
    login, visitator, case, elderly, private, private_leader, catalogue, frozen
):
    grant(case, visitator, private, catalogue)
    request_help(elderly, reference="typed:again", text="Har brug for mere hjælp")
    client = login(private_leader)
    assert [c.pk for c in client.get(reverse("visitation:list")).context["page"].rows] == [case.pk]
    assert client.get(reverse("visitation:case", args=[case.pk])).status_code == 200


@pytest.mark.parametrize("name", ["visitation:assess", "visitation:decide"])
def test_only_the_visitator_may_assess_or_decide(client, login, ssh_vest, leader_vest, case, org, name):
    url = reverse(name, args=[case.pk])
    anonymous = client.post(url, decision_post(org.vest1))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    for user in (ssh_vest, leader_vest):
        assert login(user).post(url, decision_post(org.vest1)).status_code == 403
    assert not Decision.objects.exists() and not CaseAssessment.objects.exists()
