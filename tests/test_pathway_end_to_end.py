"""The citizen's whole pathway across units, through the real endpoints (issue 12): the hospital's
STIN pauses home care → SLHJ resumes it and queues a discharge notice → "Hjem med hjælp" asks the
visitation → the visitator grants services with a private provider → the provider's leader sees the
order → the nightly job has the visits from the day after → the decision letter reads right.

Runs on SQLite and on PostgreSQL (CI runs the suite with DATABASE_URL set); nothing in it needs one."""

import io
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from carecore.models import UnitKind
from carecore.roles import Role
from citizens.models import CitizenStatus
from homecare import services as homecare
from homecare import tasks as homecare_tasks
from homecare.models import PauseReason, Visit, VisitPlan, VisitStatus
from hospital.models import HospitalSender
from rehab.models import DischargeNotice
from visitation.models import Case, CaseStatus, Decision, Service

from .factories import CitizenFactory, UnitFactory, make_staff
from .homecare.factories import VisitPlanFactory

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
MESSAGES = Path(__file__).parent / "hospital" / "messages"
MEDCOM_CPR = "250947-9989"  # MedCom's test person in the published examples (born 1947: Ældreloven)


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=CPH)


@pytest.fixture
def frozen():
    with time_machine.travel(at("2026-02-28T20:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def private(org):
    parent = UnitFactory(code="private-leverandoerer", name="Private leverandører", kind=UnitKind.DIVISION)
    return UnitFactory(
        code="privat-1",
        name="Privat leverandør Omsorgshjælpen",
        kind=UnitKind.AREA,
        parent=parent,
        is_private_provider=True,
    )


def post_message(client, name, token):
    return client.post(
        "/api/medcom/hospitalnotification/",
        data=(MESSAGES / f"{name}.json").read_text(),
        content_type="application/fhir+json",
        headers={"Authorization": f"Bearer {token}"},
    )


def visits_on(citizen, day, **filters):
    return list(Visit.objects.filter(citizen=citizen, date=day, **filters))


def test_hospital_stay_to_granted_home_care_from_the_day_after(client, org, visitator, private, frozen):
    leader_private = make_staff("leder.privat", role=Role.LEADER, leader_of=[private])
    sender = HospitalSender(name="Herlev og Gentofte Hospital", sor_code="265161000016000")
    token = sender.issue_token()
    sender.save()
    elmer = CitizenFactory(cpr=MEDCOM_CPR, units=[org.vest1], first_name="Elmer", last_name="Test")
    VisitPlanFactory(citizen=elmer, team=org.vest1, window_start=time(17, 0), window_end=time(18, 0))
    homecare.generate_visits()
    assert len(visits_on(elmer, date(2026, 3, 2), status=VisitStatus.PLANNED)) == 1

    # 1. STIN: admitted 1 March 12:00 — the evening visit that day and every day after are cancelled.
    frozen.move_to(at("2026-03-01T12:05"))
    assert post_message(client, "STIN_A", token).status_code == 200
    elmer.refresh_from_db()
    assert elmer.status == CitizenStatus.ADMITTED
    for day in (date(2026, 3, 1), date(2026, 3, 4)):
        assert {(v.status, v.pause_reason) for v in visits_on(elmer, day)} == {
            (VisitStatus.CANCELLED, PauseReason.HOSPITAL)
        }

    # 2. SLHJ: discharged home 7 March 09:45 — a discharge notice waits in the Kom Godt Hjem queue.
    frozen.move_to(at("2026-03-07T09:50"))
    assert post_message(client, "SLHJ_H", token).status_code == 200
    elmer.refresh_from_db()
    assert elmer.status == CitizenStatus.ACTIVE
    notice = DischargeNotice.objects.open().get(citizen=elmer)
    assert {v.status for v in visits_on(elmer, date(2026, 3, 8))} == {VisitStatus.PLANNED}

    # 3. "Hjem med hjælp" on the discharge notice opens the visitation case with a request.
    client.force_login(visitator)
    assert client.get(reverse("rehab:discharges")).status_code == 200
    response = client.post(
        reverse("rehab:notice", args=[notice.pk]),
        {"decision": "home_with_help", "note": "Hjem med personlig pleje", "team": org.vest1.pk},
    )
    assert response.status_code == 302 and response["Location"] == reverse("visitation:list")
    case = Case.objects.get(citizen=elmer)
    assert case.status == CaseStatus.NEW and case.requests.get().source == "discharge"
    assert case in client.get(reverse("visitation:list")).context["page"].rows

    # 4. The visitator decides through the view: personal care every day, the citizen chose privat-1.
    care = Service.objects.get(code="personlig-pleje")
    response = client.post(
        reverse("visitation:decide", args=[case.pk]),
        {
            "outcome": "granted",
            "law_frame": "aeldreloven",
            "provider": private.pk,
            "start_on": "2026-03-07",
            "reassess_on": "2026-06-01",
            "reasons": "Elmer kan efter indlæggelsen ikke selv klare bad og påklædning.",
            "services-TOTAL_FORMS": "1",
            "services-INITIAL_FORMS": "0",
            "services-0-service": care.pk,
            "services-0-weekdays": list("0123456"),
            "services-0-minutes": "30",
            "services-0-note": "Bad og påklædning",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision.objects.get(case=case)
    case.refresh_from_db()
    assert (case.status, case.provider) == (CaseStatus.DECIDED, private)

    # 5. The order is with the provider: its leader sees it on /visitation/ and may open the case.
    client.force_login(leader_private)
    assert [c.pk for c in client.get(reverse("visitation:list")).context["page"].rows] == [case.pk]
    assert client.get(reverse("visitation:case", args=[case.pk])).status_code == 200

    # 6. The nightly job: the provider's visits begin the day after the decision, none twice.
    frozen.move_to(at("2026-03-08T01:30"))
    homecare_tasks.generate_visits()
    homecare_tasks.generate_visits()
    plan = VisitPlan.objects.get(decision_ref=decision.ref)
    assert (plan.team, plan.starts_on, plan.duration_minutes) == (private, date(2026, 3, 8), 30)
    assert not visits_on(elmer, date(2026, 3, 7), plan=plan)
    assert len(visits_on(elmer, date(2026, 3, 8), plan=plan, status=VisitStatus.PLANNED)) == 1
    assert len(visits_on(elmer, date(2026, 3, 9), plan=plan)) == 1

    # 7. The decision letter, read back: the citizen, the service, the complaint guidance.
    client.force_login(visitator)
    response = client.get(reverse("visitation:decision_pdf", args=[case.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    for expected in [
        "Elmer Test",
        "Personlig pleje",
        "Privat leverandør Omsorgshjælpen",
        "4 uger",
        "Ankestyrelsen",
    ]:
        assert expected in text, expected

    # 8. The record shows the pathway, every module in it.
    entries = client.get(reverse("citizens:timeline", args=[elmer.pk])).context["entries"]
    assert {"hospital", "homecare", "rehab", "visitation"} <= {e.module for e in entries}
