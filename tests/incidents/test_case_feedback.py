"""Case actions say what happened; severity assessed vs changed; closing a severe case with open actions;
handover list by area; per-case DPSD export; the DPSD PDF holds every CSV column; dashboard breakdowns."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from incidents import dpsd, forms, services
from incidents.models import Action, Analysis, CaseEvent, SeverityChange, Status

from ..factories import UnitFactory
from .factories import IncidentFactory, approve, handler, handler_group

pytestmark = pytest.mark.django_db


def pdf_text(data):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(data))).pages)


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def taken_case(groups, org, handler_user, **extra):
    incident = IncidentFactory(unit=org.vest1, handler_group=groups[0], **extra)
    services.take_case(incident, handler_user)
    return incident


def test_unchanged_severity_is_an_assessment_not_a_change(login, groups, org, srp_handler):
    incident = taken_case(groups, org, srp_handler)
    url = reverse("incidents:case_action", args=[incident.pk, "severity"])
    response = login(srp_handler).post(
        url,
        {"severity-actual": "mild", "severity-possible": "moderate", "severity-reason": "Set efter samtale"},
    )
    assert said(response)[-1] == "Alvorligheden er bekræftet uændret."
    assert not SeverityChange.objects.filter(incident=incident).exists()
    event = incident.events.get(what=CaseEvent.What.SEVERITY)
    assert event.text == "Bekræftet uændret: Set efter samtale"
    assert not incident.events.filter(what=CaseEvent.What.CLASSIFIED).exists()
    response = login(srp_handler).post(
        url, {"severity-actual": "moderate", "severity-possible": "moderate", "severity-reason": "Indlagt"}
    )
    assert said(response)[-1] == "Alvorligheden er ændret."
    assert list(SeverityChange.objects.filter(incident=incident).values_list("field", "to_value")) == [
        ("actual", "moderate")
    ]


def test_each_case_action_says_what_happened(login, groups, org, srp_handler, srp_handler2, ssh_vest):
    incident = taken_case(groups, org, srp_handler, reported_by=ssh_vest)
    client = login(srp_handler)
    due = timezone.localdate() + timedelta(days=7)
    response = client.post(
        reverse("incidents:case_action", args=[incident.pk, "action"]),
        {"action-what": "Ny instruks", "action-responsible": "Teamleder", "action-due": due.isoformat()},
    )
    assert said(response)[-1] == f"Handlingen er tilføjet med frist {due:%d.%m.%Y}."
    response = client.post(
        reverse("incidents:case_action", args=[incident.pk, "classify"]), {"classify-type": incident.type_id}
    )
    assert said(response)[-1] == f"Sagen er klassificeret som {incident.type.name}."
    client.post(
        reverse("incidents:case_action", args=[incident.pk, "approve"]),
        {"approve-what_happened": "Borger faldet i stuen."},
    )
    response = client.post(
        reverse("incidents:case_action", args=[incident.pk, "close"]),
        {"close-feedback": "Tak for indberetningen"},
    )
    assert said(response)[-1] == "Sagen er lukket, og indberetteren har fået besked."


def test_handover_message_names_the_new_handler(login, groups, org, srp_handler, srp_handler2):
    incident = taken_case(groups, org, srp_handler)
    response = login(srp_handler).post(
        reverse("incidents:case_action", args=[incident.pk, "handover"]),
        {"handover-to_user": srp_handler2.pk, "handover-reason": "Ferie"},
    )
    name = srp_handler2.get_full_name() or srp_handler2.username
    assert said(response)[-1] == f"Sagen er overdraget til {name}, som har fået besked."


def test_closing_a_severe_case_with_open_actions_needs_a_reason(login, groups, org, srp_handler):
    incident = taken_case(groups, org, srp_handler, reported_actual="severe")
    Analysis.objects.create(
        incident=incident,
        timeline="t",
        causes="c",
        actions="a",
        learning_points="l",
        completed=True,
        updated_by=srp_handler,
    )
    Action.objects.create(
        incident=incident,
        what="Ny rutine",
        responsible="Leder",
        due=date(2026, 12, 1),
        created_by=srp_handler,
    )
    approve(incident, srp_handler)
    client = login(srp_handler)
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Advarsel: sagen er alvorlig, og 1 handling er ikke udført endnu." in page
    url = reverse("incidents:case_action", args=[incident.pk, "close"])
    response = client.post(url, {"close-feedback": "Tak"})
    assert response.status_code == 400
    assert "Sagen er alvorlig og har 1 handling, der ikke er udført." in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == Status.IN_PROGRESS
    response = client.post(
        url, {"close-feedback": "Tak", "close-open_actions_reason": "Følges op i MED-udvalget"}
    )
    assert response.status_code == 302
    assert incident.events.get(what=CaseEvent.What.CLOSED).text == "Følges op i MED-udvalget"


def test_handover_list_shows_the_case_area_first(groups, org, nh_handler, srp_handler):
    other = handler("uth.aaa", org.top)
    handler_group("aaa-omraade", UnitFactory(code="aaa", name="Aaa"), other)
    incident = IncidentFactory(unit=org.vest1, handler_group=groups[0])
    form = forms.HandOverForm(incident=incident)
    users = list(form.fields["to_user"].queryset)
    assert {u.pk for u in users[:2]} == set(groups[0].members.values_list("pk", flat=True))
    assert users.index(other) < users.index(nh_handler)  # then the others, by area ("Aaa" before "Plejehjem")
    labels = [label for _value, label in form.fields["to_user"].choices][1:]
    assert labels[0].endswith("(Srp)")


def closed_case(groups, org, srp_handler):
    incident = taken_case(
        groups, org, srp_handler, immediate_action="Lagt i seng", description="Faldt ved sengen"
    )
    approve(incident, srp_handler)
    services.close_case(incident, srp_handler, feedback="Tak")
    incident.refresh_from_db()
    return incident


def test_monthly_pdf_holds_every_csv_column_of_every_case(login, groups, org, srp_handler, risk_manager):
    incident = closed_case(groups, org, srp_handler)
    report = dpsd.build_report(timezone.localdate(incident.closed_at), by=risk_manager)
    text = pdf_text(dpsd.to_pdf(report))
    rows = list(csv.reader(io.StringIO(dpsd.to_csv(report).lstrip("\ufeff")), delimiter=";"))
    header = rows.index(dpsd.CSV_FIELDS)
    cases = rows[header + 1 :]
    assert cases
    for row in cases:
        for value in row:
            assert " ".join(value.split()) in " ".join(text.split()), value


def test_a_closed_case_is_exported_on_its_own(
    login, groups, org, srp_handler, srp_handler2, nh_handler, ssh_vest
):
    incident = closed_case(groups, org, srp_handler)
    client = login(srp_handler)
    response = client.get(reverse("incidents:dpsd_case", args=[incident.pk, "csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == dpsd.CSV_FIELDS and rows[1][0] == incident.number and "Lagt i seng" in rows[1]
    pdf = client.get(reverse("incidents:dpsd_case", args=[incident.pk, "pdf"])).content
    assert incident.number in pdf_text(pdf) and "Lagt i seng" in pdf_text(pdf)
    assert client.get(reverse("incidents:dpsd_case", args=[incident.pk, "xls"])).status_code == 404
    assert (
        login(srp_handler2).get(reverse("incidents:dpsd_case", args=[incident.pk, "csv"])).status_code == 403
    )
    assert login(nh_handler).get(reverse("incidents:dpsd_case", args=[incident.pk, "csv"])).status_code == 403
    assert login(ssh_vest).get(reverse("incidents:dpsd_case", args=[incident.pk, "csv"])).status_code == 403


def test_an_open_case_is_not_exported_alone(login, groups, org, srp_handler):
    incident = taken_case(groups, org, srp_handler)
    assert (
        login(srp_handler).get(reverse("incidents:dpsd_case", args=[incident.pk, "csv"])).status_code == 404
    )


def test_anonymous_cannot_export_a_case(client, groups, org):
    incident = IncidentFactory(unit=org.vest1, handler_group=groups[0])
    response = client.get(reverse("incidents:dpsd_case", args=[incident.pk, "csv"]))
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_dashboard_breaks_down_per_handler_and_area(login, groups, org, srp_handler, risk_manager):
    closed_case(groups, org, srp_handler)
    taken_case(groups, org, srp_handler)
    body = login(risk_manager).get(reverse("incidents:overview")).content.decode()
    assert "Pr. sagsbehandler (seneste 12 måneder)" in body and "Pr. område (seneste 12 måneder)" in body
    name = srp_handler.get_full_name() or srp_handler.username
    assert f"<tr><td>{name}</td><td>1</td><td>1</td><td>0" in body
    assert "<tr><td>Srp</td><td>1</td><td>1</td>" in body
