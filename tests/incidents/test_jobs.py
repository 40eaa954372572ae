from datetime import date, datetime
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from carecore.models import Notification
from incidents import dpsd, services, tasks
from incidents.models import Action, DpsdReport, DpsdRun, MonthDiscussion, ShortForm, ShortFormType, Status

from .factories import IncidentFactory, approve

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


def at(*args):
    return datetime(*args, tzinfo=TZ)


def test_untouched_case_reminds_group_once(groups, org, srp_handler, srp_handler2):
    with time_machine.travel(at(2025, 3, 1, 9), tick=False):
        incident = IncidentFactory(unit=org.vest1, handler_group=groups[0])
    with time_machine.travel(at(2025, 3, 5, 9), tick=False):
        assert tasks.send_reminders() == 0
    with time_machine.travel(at(2025, 3, 7, 9), tick=False):
        assert tasks.send_reminders() == 2
        tasks.send_reminders()
    assert Notification.objects.filter(key__startswith=f"uth-untouched:{incident.pk}").count() == 2
    with time_machine.travel(at(2025, 3, 8, 9), tick=False):
        services.take_case(incident, srp_handler)
    with time_machine.travel(at(2025, 3, 14, 9), tick=False):
        tasks.send_reminders()
    # After being handled and going stale again, only the assignee is reminded.
    assert (
        Notification.objects.filter(key__startswith=f"uth-untouched:{incident.pk}", user=srp_handler).count()
        == 2
    )
    assert (
        Notification.objects.filter(key__startswith=f"uth-untouched:{incident.pk}", user=srp_handler2).count()
        == 1
    )


def test_overdue_action_reminds_assignee_once(groups, org, srp_handler):
    with time_machine.travel(at(2025, 3, 1, 9), tick=False):
        incident = IncidentFactory(unit=org.vest1, handler_group=groups[0])
        services.take_case(incident, srp_handler)
        action = services.add_action(
            incident, srp_handler, what="Ny instruks", responsible="TL", due=date(2025, 3, 3)
        )
    with time_machine.travel(at(2025, 3, 3, 12), tick=False):
        tasks.send_reminders()
        assert not Notification.objects.filter(key=f"uth-action-overdue:{action.pk}").exists()
    with time_machine.travel(at(2025, 3, 4, 7), tick=False):
        tasks.send_reminders()
        tasks.send_reminders()
    assert Notification.objects.filter(key=f"uth-action-overdue:{action.pk}").count() == 1
    services.complete_action(Action.objects.get(pk=action.pk), srp_handler)
    with time_machine.travel(at(2025, 3, 20, 7), tick=False):
        before = Notification.objects.filter(key__startswith="uth-action-overdue").count()
        tasks.send_reminders()
    assert Notification.objects.filter(key__startswith="uth-action-overdue").count() == before


def _month_data(org, groups, ssh_vest, srp_handler, citizen_vest, nh):
    fall = ShortFormType.objects.get(code="fald")
    med = ShortFormType.objects.get(code="medicinadministration")
    rows = [
        (org.vest1, fall, "none"),
        (org.vest1, fall, "none"),
        (org.vest2, fall, "mild"),
        (org.oest1, med, "none"),
        (nh[1], fall, "mild"),
    ]
    for unit, kind, severity in rows:
        ShortForm.objects.create(
            occurred_on=date(2025, 4, 10),
            unit=unit,
            type=kind,
            severity=severity,
            description="Fald",
            reported_by=ssh_vest,
        )
    ShortForm.objects.create(
        occurred_on=date(2025, 5, 1),
        unit=org.vest1,
        type=fall,
        severity="none",
        description="Next month",
        reported_by=ssh_vest,
    )
    MonthDiscussion.objects.create(
        unit=org.vest, month=date(2025, 4, 1), actions="Ekstra tjek af rollatorer", by=ssh_vest
    )
    with time_machine.travel(at(2025, 4, 12, 10), tick=False):
        incident = IncidentFactory(
            unit=org.vest1,
            handler_group=groups[0],
            citizen=citizen_vest,
            reported_by=ssh_vest,
            description=f"{citizen_vest.first_name} {citizen_vest.last_name} ({citizen_vest.cpr}) faldt. "
            f"Fundet af {ssh_vest.first_name}.",
        )
        services.take_case(incident, srp_handler)
        approve(incident, srp_handler)
        services.close_case(incident, srp_handler, feedback="Tak")
        open_one = IncidentFactory(unit=org.vest1, handler_group=groups[0])
    return incident, open_one


def test_dpsd_job_counts_exactly_and_is_idempotent(groups, org, nh, ssh_vest, srp_handler, citizen_vest):
    incident, open_one = _month_data(org, groups, ssh_vest, srp_handler, citizen_vest, nh)
    with time_machine.travel(at(2025, 5, 2, 3), tick=False):
        report = DpsdReport.objects.get(pk=tasks.monthly_dpsd_report())
        assert tasks.monthly_dpsd_report() == report.pk
    assert DpsdReport.objects.count() == 1 and report.month == date(2025, 4, 1)
    assert DpsdRun.objects.count() == 2
    report.refresh_from_db()
    units = {u["name"]: u for u in report.data["units"]}
    srp = {c["type"]: (c["none"], c["mild"]) for c in units["Srp"]["counts"]}
    assert srp == {"Fald": (2, 1), "Medicinadministration (inkl. medicin ikke givet)": (1, 0)}
    assert {c["type"]: (c["none"], c["mild"]) for c in units["Plejehjem"]["counts"]} == {"Fald": (0, 1)}
    assert units["Srp"]["title"].startswith("SR – Srp")
    assert units["Srp"]["actions"] == [{"unit": "Hjemmeplejen Vest", "actions": "Ekstra tjek af rollatorer"}]
    assert [i["number"] for i in report.data["incidents"]] == [incident.number]


def test_dpsd_csv_and_pdf_carry_no_cpr_or_names(
    login, groups, org, nh, ssh_vest, srp_handler, citizen_vest, risk_manager
):
    _month_data(org, groups, ssh_vest, srp_handler, citizen_vest, nh)
    report = dpsd.build_report(date(2025, 4, 1), by=risk_manager)
    client = login(risk_manager)
    csv_text = client.get(reverse("incidents:dpsd_file", args=[report.pk, "csv"])).content.decode()
    pdf = client.get(reverse("incidents:dpsd_file", args=[report.pk, "pdf"])).content
    pdf_text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    for text in (csv_text, pdf_text):
        assert "faldt" in text
        assert citizen_vest.cpr not in text and citizen_vest.cpr.replace("-", "") not in text
        assert citizen_vest.last_name not in text and citizen_vest.first_name not in text
        assert ssh_vest.first_name not in text
    assert "[CPR]" in csv_text


def test_dpsd_page_sent_mark_and_rebuild(login, risk_manager, srp_handler):
    client = login(risk_manager)
    from incidents.forms import finished_months

    month = finished_months()[0]
    client.post(reverse("incidents:dpsd_build"), {"month": month.isoformat()})
    client.post(reverse("incidents:dpsd_build"), {"month": month.isoformat()})
    report = DpsdReport.objects.get()
    assert report.builds == 2 and report.runs.filter(by=risk_manager).count() == 2
    client.post(reverse("incidents:dpsd_sent", args=[report.pk]))
    report.refresh_from_db()
    assert report.sent_at and report.sent_by == risk_manager
    client.post(reverse("incidents:dpsd_build"), {"month": "2999-01-01"})
    assert DpsdReport.objects.count() == 1
    assert client.get(reverse("incidents:dpsd")).status_code == 200
    assert login(srp_handler).get(reverse("incidents:dpsd_file", args=[report.pk, "csv"])).status_code == 403


def test_closed_month_excludes_open_and_rejected(groups, org, ssh_vest, srp_handler):
    with time_machine.travel(at(2025, 6, 10, 10), tick=False):
        rejected = IncidentFactory(unit=org.vest1, handler_group=groups[0])
        services.reject_case(rejected, srp_handler, reason="test", comment="Test")
    report = dpsd.build_report(date(2025, 6, 1))
    assert report.data["incidents"] == []
    assert rejected.__class__.objects.get(pk=rejected.pk).status == Status.REJECTED
