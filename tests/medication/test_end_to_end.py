"""Home nursing and medicine from order to samlerapportering, through the real views and services
(issue 13): a nurse records the doctor's order, the medicine list and the §138 plan, and delegates
medicine administration to a named SSA → the leader's assignment to a carer without the delegation is
refused with the reason, to the SSA it goes → the SSA starts the visit, gives one dose and records the
other as not given → the dose not given is in the month's samlerapportering: the nursing overview and
the leader's month page before the discussion, and the DPSD report once the month has ended.

Runs on SQLite and on PostgreSQL (CI runs the suite with DATABASE_URL set); nothing in it needs one."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from carecore.roles import Role
from homecare.delegation import record_order
from homecare.models import Visit, VisitPlan, VisitStatus
from incidents import dpsd
from medication.models import Administration, MedicineLine

from ..factories import make_staff

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
TYPE = "Medicinadministration (inkl. medicin ikke givet)"


def at(hour, minute=0, day=date(2026, 3, 23)):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CPH)


def medicine(drug):
    return {
        "drug": drug,
        "form_strength": "tablet 500 mg",
        "dose": "1",
        "dose_unit": "tablet",
        "times": "08:00",
        "indication": "Type 2-diabetes",
        "prescriber": "Egen læge Anna Holm",
        "starts_on": "2026-03-23",
        "ends_on": "",
        "how_given": "dose_dispensed",
        "note": "",
    }


def test_order_plan_delegation_assignment_visit_medicine_samlerapportering(
    frozen, client, org, nurse, leader_vest, ssh_vest, citizen_vest
):
    ssa = make_staff("ssa.vest", role=Role.SSA, units=[org.vest1])

    # The nurse: the doctor's order, the medicine list, the §138 plan and the delegation.
    order = record_order(
        citizen_vest,
        by=nurse,
        what="Metformin og Furosemid morgen",
        why="Type 2-diabetes, væske i kroppen",
        ordered_by="Egen læge Anna Holm",
        valid_from=date(2026, 3, 23),
        observation="Blodsukker en gang om ugen",
    )
    client.force_login(nurse)
    for drug in ("Metformin", "Furosemid"):
        response = client.post(reverse("medication:add", args=[citizen_vest.pk]), medicine(drug))
        assert response.status_code == 302
    response = client.post(
        reverse("homecare:citizen_plans", args=[citizen_vest.pk]),
        {
            "team": org.vest1.pk,
            "service_type": "nursing",
            "title": "Medicin",
            "tasks": "Giv medicin efter medicinlisten",
            "delegated_task": "medicine",
            "recurrence": "daily",
            "interval_weeks": 1,
            "window_start": "07:45",
            "window_end": "08:30",
            "duration_minutes": 15,
            "starts_on": "2026-03-23",
            "ends_on": "",
        },
    )
    assert response.status_code == 302
    plan = VisitPlan.objects.get(citizen=citizen_vest, delegated_task="medicine")
    visit = Visit.objects.get(plan=plan, date=date(2026, 3, 23))
    response = client.post(
        reverse("homecare:delegations"),
        {
            "team": org.vest1.pk,
            "carer": ssa.pk,
            "task": "medicine",
            "level": "ssa",
            "instruction": f"Giv medicin efter listen ({order.what}); ring ved tvivl",
            "valid_from": "2026-03-01",
            "valid_until": "2026-06-01",
        },
    )
    assert response.status_code == 302

    # The leader: the carer without a delegation is refused with the reason; the SSA gets the visit.
    client.force_login(leader_vest)
    response = client.post(
        reverse("homecare:visit_assign", args=[visit.pk]), {"carer": ssh_vest.pk}, follow=True
    )
    assert "ingen gyldig delegering" in response.content.decode()
    visit.refresh_from_db()
    assert visit.assigned_to is None
    client.post(reverse("homecare:visit_assign", args=[visit.pk]), {"carer": ssa.pk})
    visit.refresh_from_db()
    assert visit.assigned_to == ssa

    # The SSA on the visit: Metformin given, Furosemid not given (the citizen refused).
    frozen.move_to(at(7, 50))
    client.force_login(ssa)
    assert (
        reverse("medication:visit", args=[visit.pk])
        in client.get(reverse("homecare:my_day")).content.decode()
    )
    client.post(reverse("homecare:visit_start", args=[visit.pk]))
    page = client.get(reverse("medication:visit", args=[visit.pk]))
    assert [d["version"].drug for d in page.context["doses"]] == ["Furosemid", "Metformin"]
    lines = dict(MedicineLine.objects.filter(citizen=citizen_vest).values_list("current__drug", "pk"))
    url = reverse("medication:visit", args=[visit.pk])
    assert (
        client.post(url, {"line": lines["Metformin"], "due": "08:00", "outcome": "given"}).status_code == 302
    )
    response = client.post(
        url,
        {"line": lines["Furosemid"], "due": "08:00", "outcome": "not_given", "reason": "refused"},
        follow=True,
    )
    assert "Tælles automatisk med i månedens samlerapportering" in response.content.decode()
    frozen.move_to(at(8, 10))
    for index, _line, _done in visit.task_list:  # the visit's own tasks ticked: nothing left unresolved
        client.post(reverse("homecare:visit_tick", args=[visit.pk, index]))
    client.post(reverse("homecare:visit_finish", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DELIVERED
    assert dict(Administration.objects.values_list("line__current__drug", "outcome")) == {
        "Metformin": "given",
        "Furosemid": "not_given",
    }

    # The leader before the monthly discussion: counted, no tally by hand.
    client.force_login(leader_vest)
    overview = dict(client.get(reverse("medication:overview")).context["rows"])
    assert overview["Hjemmeplejen Vest"][date(2026, 3, 1)] == 1
    (table,) = client.get(reverse("incidents:month_discussion")).context["counted"]
    row = next(r for r in table["rows"] if r["type"] == TYPE)
    assert row["cells"][-1] == {"written": 0, "automatic": 1, "total": 1}

    # After the month: the DPSD report counts it.
    with time_machine.travel(at(3, day=date(2026, 4, 2)), tick=False):
        report = dpsd.build_report(date(2026, 3, 1))
    counts = {c["type"]: c for unit in report.data["units"] for c in unit["counts"]}
    assert counts[TYPE]["none"] == 1 and counts[TYPE]["automatic"] == 1
