from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from citizens.models import AccessLog
from incidents.models import Draft, Incident, MonthDiscussion, ShortForm, Status

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db


def good_report(unit, **extra):
    when = timezone.localtime() - timedelta(hours=1)
    return {
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        "unit": unit.pk,
        "type": "",
        "description": "Fald i stuen",
        "reported_actual": "mild",
        "reported_possible": "moderate",
        "citizen": "",
        "immediate_action": "",
        "prevention": "",
        **extra,
    }


@pytest.mark.parametrize(
    "name",
    [
        "incidents:report",
        "incidents:mine",
        "incidents:short_form",
        "incidents:force_report",
        "incidents:list",
        "incidents:overview",
        "incidents:dpsd",
        "incidents:month_discussion",
    ],
)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_any_employee_can_report_and_it_is_routed(login, groups, ssh_vest, org, citizen_vest):
    client = login(ssh_vest)
    assert client.get(reverse("incidents:report")).status_code == 200
    response = client.post(reverse("incidents:report"), good_report(org.vest1, citizen=citizen_vest.cpr))
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.reported_by == ssh_vest and incident.handler_group == groups[0]
    assert incident.citizen == citizen_vest


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("occurred_at", "2999-01-01T10:00", "Tidspunktet kan ikke ligge i fremtiden."),
        ("description", "x" * 4001, "Denne værdi må højst have 4000 tegn (den har 4001)."),
        ("reported_actual", "catastrophic", "Vælg en alvorlighed fra listen."),
    ],
)
def test_bad_report_shows_danish_message_and_saves_nothing(
    login, groups, ssh_vest, org, field, value, message
):
    response = login(ssh_vest).post(reverse("incidents:report"), good_report(org.vest1, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Incident.objects.exists()


def test_unit_outside_reach_and_foreign_citizen_are_refused(login, groups, ssh_vest, org, citizen_oest):
    client = login(ssh_vest)
    body = client.post(reverse("incidents:report"), good_report(org.oest1)).content.decode()
    assert "Vælg en enhed, du arbejder i." in body
    body = client.post(
        reverse("incidents:report"), good_report(org.vest1, citizen=citizen_oest.cpr)
    ).content.decode()
    assert "Ingen borger, du arbejder med, har dette CPR-nummer." in body
    body = client.post(
        reverse("incidents:report"), good_report(org.vest1, citizen="311399-1234")
    ).content.decode()
    assert "CPR-nummeret starter ikke med en rigtig dato." in body
    assert not Incident.objects.exists()


def test_draft_autosave_and_restore(login, ssh_vest, org, groups):
    client = login(ssh_vest)
    response = client.post(
        reverse("incidents:report_draft"),
        {"description": "Halvt skrevet", "unit": org.vest1.pk, "status": "closed"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert Draft.objects.get(user=ssh_vest).data == {
        "description": "Halvt skrevet",
        "unit": str(org.vest1.pk),
    }
    assert "Halvt skrevet" in client.get(reverse("incidents:report")).content.decode()
    client.post(reverse("incidents:report"), good_report(org.vest1))
    assert not Draft.objects.exists()


def test_mine_shows_own_reports_and_feedback_only(login, groups, ssh_vest, ssh_oest, org):
    IncidentFactory(
        unit=org.vest1,
        reported_by=ssh_vest,
        handler_group=groups[0],
        status=Status.CLOSED,
        closed_at=timezone.now(),
        feedback="Rutinen er ændret",
        feedback_at=timezone.now(),
    )
    IncidentFactory(unit=org.oest1, reported_by=ssh_oest, description="Andens hændelse")
    body = login(ssh_vest).get(reverse("incidents:mine")).content.decode()
    assert "Rutinen er ændret" in body and "Andens hændelse" not in body


def test_handler_list_is_scoped_and_leader_is_sent_to_overview(
    login, groups, org, nh, srp_handler, nh_handler, leader_vest, ssh_vest
):
    IncidentFactory(unit=org.vest1, handler_group=groups[0], description="srp-sag")
    mine = IncidentFactory(unit=nh[1], handler_group=groups[1])
    body = login(nh_handler).get(reverse("incidents:list")).content.decode()
    assert mine.number in body and "UTH-" + str(mine.pk - 1) not in body
    assert login(leader_vest).get(reverse("incidents:list")).url == reverse("incidents:overview")
    assert login(ssh_vest).get(reverse("incidents:list")).status_code == 403


def test_detail_allowed_for_group_refused_for_others_and_logged(
    login, groups, org, srp_handler, nh_handler, ssh_vest, citizen_vest
):
    incident = IncidentFactory(
        unit=org.vest1, handler_group=groups[0], citizen=citizen_vest, reported_by=ssh_vest
    )
    url = reverse("incidents:detail", args=[incident.pk])
    assert login(srp_handler).get(url).status_code == 200
    assert AccessLog.objects.filter(citizen=citizen_vest, part="uth", outcome="shown").exists()
    assert login(nh_handler).get(url).status_code == 403
    assert AccessLog.objects.filter(citizen=citizen_vest, outcome="refused").exists()
    assert login(ssh_vest).get(url).status_code == 403
    assert login(srp_handler).get(reverse("incidents:detail", args=[99999])).status_code == 404


def test_case_flow_through_views(login, groups, org, srp_handler, srp_handler2, ssh_vest):
    incident = IncidentFactory(unit=org.vest1, handler_group=groups[0], reported_by=ssh_vest)
    client = login(srp_handler)
    # Changing severity needs the case assigned.
    url = reverse("incidents:case_action", args=[incident.pk, "severity"])
    assert (
        client.post(
            url, {"severity-actual": "moderate", "severity-possible": "severe", "severity-reason": "x"}
        ).status_code
        == 403
    )
    client.post(reverse("incidents:take", args=[incident.pk]))
    response = client.post(
        url, {"severity-actual": "moderate", "severity-possible": "severe", "severity-reason": ""}
    )
    assert response.status_code == 400 and "Dette felt er påkrævet." in response.content.decode()
    client.post(
        url,
        {"severity-actual": "moderate", "severity-possible": "severe", "severity-reason": "Efter samtale"},
    )
    client.post(
        reverse("incidents:case_action", args=[incident.pk, "action"]),
        {
            "action-what": "Ny instruks",
            "action-responsible": "Teamleder",
            "action-due": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    client.post(
        reverse("incidents:case_action", args=[incident.pk, "approve"]),
        {"approve-what_happened": "Borger faldet i stuen."},
    )
    client.post(
        reverse("incidents:case_action", args=[incident.pk, "close"]),
        {"close-feedback": "Tak, rutinen er ændret"},
    )
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED and incident.actual_severity == "moderate"
    assert incident.actions.count() == 1
    # The other handler of the group cannot change a case assigned to someone else.
    response = login(srp_handler2).post(
        reverse("incidents:case_action", args=[incident.pk, "classify"]), {"classify-type": 1}
    )
    assert response.status_code == 403
    assert "Tak, rutinen er ændret" in login(ssh_vest).get(reverse("incidents:mine")).content.decode()


def test_reject_through_view_with_reason(login, groups, org, srp_handler):
    incident = IncidentFactory(unit=org.vest1, handler_group=groups[0])
    client = login(srp_handler)
    url = reverse("incidents:case_action", args=[incident.pk, "reject"])
    response = client.post(url, {"reject-reason": "bogus", "reject-comment": "x"})
    assert response.status_code == 400
    client.post(url, {"reject-reason": "duplicate", "reject-comment": "Samme som UTH-1"})
    incident.refresh_from_db()
    assert incident.status == Status.REJECTED and incident.reject_reason == "duplicate"


def test_analysis_page_and_pdf(login, groups, org, srp_handler):
    from io import BytesIO

    from pypdf import PdfReader

    incident = IncidentFactory(unit=org.vest1, handler_group=groups[0], reported_actual="severe")
    client = login(srp_handler)
    client.post(reverse("incidents:take", args=[incident.pk]))
    client.post(
        reverse("incidents:analysis", args=[incident.pk]),
        {
            "timeline": "Kl. 7 fundet på gulvet",
            "causes": "Glat gulv",
            "contributing_factors": "",
            "actions": "Skridsikre måtter",
            "learning_points": "Tjek gulve",
            "completed": "on",
        },
    )
    response = client.get(reverse("incidents:analysis_pdf", args=[incident.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Skridsikre måtter" in text and "Hændelsesanalyse" in text


def test_list_query_count_is_constant(login, groups, org, risk_manager, django_assert_num_queries):
    client = login(risk_manager)
    IncidentFactory.create_batch(10, unit=org.vest1, handler_group=groups[0])
    client.get(reverse("incidents:list"))
    with django_assert_num_queries(3) as ctx:  # the session row included
        client.get(reverse("incidents:list"))
    IncidentFactory.create_batch(190, unit=org.vest1, handler_group=groups[0])
    with django_assert_num_queries(len(ctx.captured_queries)):
        client.get(reverse("incidents:list"))


def test_overview_query_count_is_constant(login, groups, org, leader_vest, django_assert_num_queries):
    client = login(leader_vest)
    IncidentFactory.create_batch(10, unit=org.vest1, handler_group=groups[0])
    client.get(reverse("incidents:overview"))
    with django_assert_num_queries(8) as ctx:  # the session row and the two breakdowns included
        response = client.get(reverse("incidents:overview"))
    assert response.status_code == 200
    IncidentFactory.create_batch(190, unit=org.vest1, handler_group=groups[0])
    with django_assert_num_queries(len(ctx.captured_queries)):
        client.get(reverse("incidents:overview"))


def test_leader_overview_shows_only_own_area(login, groups, org, leader_vest, risk_manager):
    IncidentFactory(unit=org.vest1, handler_group=groups[0])
    IncidentFactory(unit=org.oest1, handler_group=groups[0])
    IncidentFactory(unit=org.oest1, handler_group=groups[0])
    leader = login(leader_vest).get(reverse("incidents:overview")).context["f"]
    assert sum(r["total"] for r in leader["trend"]) == 1
    rm = login(risk_manager).get(reverse("incidents:overview")).context["f"]
    assert sum(r["total"] for r in rm["trend"]) == 3


def test_overview_refused_for_care_staff(login, ssh_vest, srp_handler):
    assert login(ssh_vest).get(reverse("incidents:overview")).status_code == 403
    assert login(srp_handler).get(reverse("incidents:dpsd")).status_code == 403


def test_short_form_good_and_bad(login, ssh_vest, org):
    client = login(ssh_vest)
    from incidents.models import ShortFormType

    fall = ShortFormType.objects.get(code="fald")
    data = {
        "occurred_on": timezone.localdate().isoformat(),
        "unit": org.vest1.pk,
        "type": fall.pk,
        "severity": "none",
        "description": "Fald uden skade",
    }
    assert client.post(reverse("incidents:short_form"), data).status_code == 302
    for field, value, message in [
        ("severity", "severe", "Vælg en alvorlighed fra listen."),
        ("description", "Borger 010150-1234 faldt", "Skriv ikke et CPR-nummer"),
        ("occurred_on", "2999-01-01", "Datoen kan ikke ligge i fremtiden."),
    ]:
        body = client.post(reverse("incidents:short_form"), {**data, field: value}).content.decode()
        assert message in body
    assert ShortForm.objects.count() == 1


def test_month_discussion_by_leader_once_per_month(login, leader_vest, ssh_vest, org):
    from incidents.forms import finished_months

    month = finished_months()[0]
    client = login(leader_vest)
    data = {"unit": org.vest.pk, "month": month.isoformat(), "actions": "Faldforebyggelse"}
    assert client.post(reverse("incidents:month_discussion"), data).status_code == 302
    body = client.post(reverse("incidents:month_discussion"), data).content.decode()
    assert "allerede" in body
    this_month = timezone.localdate().replace(day=1).isoformat()
    body = client.post(reverse("incidents:month_discussion"), {**data, "month": this_month}).content.decode()
    assert "Vælg en måned, der er slut." in body
    assert MonthDiscussion.objects.count() == 1
    assert login(ssh_vest).get(reverse("incidents:month_discussion")).status_code == 403


def test_force_report_and_monthly_list(login, groups, ssh_vest, org, citizen_vest, risk_manager):
    client = login(ssh_vest)
    response = client.post(
        reverse("incidents:force_report"),
        {
            "citizen": citizen_vest.cpr,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "unit": org.vest1.pk,
            "force_group": "senior",
            "force_paragraph": "126",
            "force_measure": "holding",
            "force_reason": "Fare",
            "force_minutes": 5,
            "force_performed_by": "To kolleger",
            "description": "Modsatte sig bad",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get(kind="force")
    assert incident.handler_group == groups[2]
    body = login(risk_manager).get(reverse("incidents:force_list")).content.decode()
    assert incident.number in body and "Fastholdelse" in body and "§ 126: fastholdelse eller føring" in body
    assert ">holding<" not in body


@pytest.mark.parametrize(
    "paragraph, measure, field_message",
    [
        ("", "holding", "Vælg den paragraf, foranstaltningen blev brugt efter."),
        ("126", "", "Vælg typen af foranstaltning."),
        ("§126 fri tekst", "holding", "Marker en gyldig valgmulighed."),
        ("126", "Fastholdelse", "Marker en gyldig valgmulighed."),
    ],
)
def test_force_report_takes_paragraph_and_measure_only_from_the_lists(
    login, groups, ssh_vest, org, citizen_vest, paragraph, measure, field_message
):
    response = login(ssh_vest).post(
        reverse("incidents:force_report"),
        {
            "citizen": citizen_vest.cpr,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "unit": org.vest1.pk,
            "force_group": "senior",
            "force_paragraph": paragraph,
            "force_measure": measure,
            "force_reason": "Fare",
            "force_minutes": 5,
            "force_performed_by": "To kolleger",
            "description": "Modsatte sig bad",
        },
    )
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not Incident.objects.filter(kind="force").exists()


def test_free_text_measures_of_old_reports_move_to_the_lists(groups, org, ssh_vest, citizen_vest):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("incidents.migrations.0009_force_paragraph_and_measure_lists")
    old = {
        "Fastholdelse ved personlig pleje": ("hygiene", "126a", False),
        "Alarm- og pejlesystem": ("alarm", "125", False),
        "Tilbageholdelse i boligen": ("keeping_back", "127", False),
        "Kram i gangen": ("other", "", True),
    }
    ids = {
        text: IncidentFactory(
            unit=org.vest1, handler_group=groups[2], kind="force", force_measure=text, force_reason="Fare"
        ).pk
        for text in old
    }
    migration.to_lists(apps, None)
    for text, (measure, paragraph, kept_in_reason) in old.items():
        incident = Incident.objects.get(pk=ids[text])
        assert (incident.force_measure, incident.force_paragraph) == (measure, paragraph)
        assert (text in incident.force_reason) == kept_in_reason


def test_script_in_report_is_shown_inert(login, groups, org, ssh_vest, risk_manager):
    IncidentFactory(
        unit=org.vest1, handler_group=groups[0], description="<script>alert(1)</script>", reported_by=ssh_vest
    )
    incident = Incident.objects.get()
    body = login(risk_manager).get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_report_form_lists_no_citizens(login, ssh_vest, org, citizen_vest, citizen_oest):
    """The citizen is given by CPR number; no list of citizens (of any scope) is sent to the browser."""
    body = login(ssh_vest).get(reverse("incidents:report")).content.decode()
    assert citizen_vest.last_name not in body and citizen_oest.last_name not in body
