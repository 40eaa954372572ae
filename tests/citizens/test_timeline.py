"""The citizen's pathway across units (citizens.timeline): every module's entries, newest first, each
linking to its page, only those the viewer's role may open and in the viewer's scope."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carecore.roles import Role
from citizens import timeline
from citizens.models import AccessLog
from homecare.models import VisitPlan
from hospital.models import HospitalMessage, HospitalSender, MessageStatus
from rehab.models import Stay
from visitation import services as visitation
from visitation.models import LawFrame, Outcome, Service

from ..factories import make_staff
from ..homecare.factories import make_absence
from ..rehab.factories import NoticeFactory, PathwayFactory, StayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-02 10:00 +01:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def therapist(org):
    return make_staff("terapeut", role=Role.THERAPIST, units=[org.vest1])


def hospital_message(citizen, n=0, event="STIN"):
    sender = HospitalSender.objects.get_or_create(name="Herlev Hospital", defaults={"token_hash": "1" * 64})[
        0
    ]
    now = timezone.now() - timedelta(days=5)
    return HospitalMessage.objects.create(
        message_id=f"m-{citizen.pk}-{n}",
        header_id=f"h-{n}",
        sender=sender,
        event=event,
        episode=f"ep-{n}",
        ward="Hemmelig afdeling",
        cpr=citizen.cpr,
        occurred_at=now,
        period_start=now,
        citizen=citizen,
        status=MessageStatus.PROCESSED,
        payload={},
    )


def pathway_of(citizen, visitator, therapist, org, n=1):
    """n of each kind of entry: hospital messages, absences, notices, stays, pathways, requests and
    decisions with their visit plans."""
    for i in range(n):
        hospital_message(citizen, i)
        make_absence(citizen, reference=f"medcom:ep-{citizen.pk}-{i}")
        NoticeFactory(citizen=citizen, ward=f"Medicinsk afd. M{i}")
        start = timezone.now() - timedelta(days=100 - 3 * Stay.objects.count())  # one bed, no overlap
        StayFactory(
            citizen=citizen,
            starts_at=start,
            ends_at=start + timedelta(days=2),
            discharged_at=start + timedelta(days=2),
        )
        PathwayFactory(citizen=citizen, therapist=therapist)
        case = visitation.receive_request(
            citizen=citizen,
            source="typed",
            reference=f"typed:{citizen.pk}:{i}",
            text="Hjælp til bad",
            by=visitator,
        ).case
        visitation.decide(
            case,
            by=visitator,
            outcome=Outcome.GRANTED,
            law_frame=LawFrame.ELDERLY_ACT,
            reasons="Kan ikke selv klare bad.",
            start_on=timezone.localdate(),
            provider=org.vest1,
            reassess_on=timezone.localdate() + timedelta(days=90),
            lines=[
                {
                    "service": Service.objects.get(code="personlig-pleje"),
                    "weekdays": ["0", "2"],
                    "minutes": 30,
                    "note": "",
                }
            ],
        )


def test_every_module_contributes_entries_with_links_for_the_visitator(
    login, visitator, therapist, citizen_vest, org
):
    pathway_of(citizen_vest, visitator, therapist, org)
    response = login(visitator).get(reverse("citizens:timeline", args=[citizen_vest.pk]))
    assert response.status_code == 200
    entries = response.context["entries"]
    assert {e.module for e in entries} == {"visitation", "hospital", "rehab", "homecare"}
    assert [e.sort_key for e in entries] == sorted((e.sort_key for e in entries), reverse=True)
    kinds = {str(e.kind) for e in entries}
    assert {
        "Anmodning om hjælp",
        "Afgørelse",
        "Besked fra sygehuset",
        "Udskrivningsvarsel",
        "Ophold begyndt",
        "Ophold afsluttet",
        "Rehabiliteringsforløb",
        "Bevilget indsats",
        "Besøg aflyst",
    } <= kinds
    case_pk = citizen_vest.visitation_case.pk
    stay = Stay.objects.get(citizen=citizen_vest)
    for url in [
        reverse("visitation:case", args=[case_pk]),
        reverse("visitation:decision_version_pdf", args=[case_pk, 1]),
        reverse("rehab:stay", args=[stay.pk]),
        reverse("homecare:plan_edit", args=[VisitPlan.objects.get(citizen=citizen_vest).pk]),
        reverse("homecare:citizen_plans", args=[citizen_vest.pk]),
    ]:
        assert f'href="{url}"' in response.content.decode()
    hospital = next(e for e in entries if e.module == "hospital")
    assert hospital.url is None and "Hemmelig afdeling" not in response.content.decode()
    assert "Forløb" in response.content.decode()  # the tab, in Danish
    log = AccessLog.objects.filter(citizen=citizen_vest, part="forloeb").get()
    assert log.outcome == "shown"


def test_a_role_that_may_not_open_a_page_gets_no_entry_for_it(
    login, ssh_vest, visitator, therapist, citizen_vest, org
):
    pathway_of(citizen_vest, visitator, therapist, org)
    stay = Stay.objects.get(citizen=citizen_vest)
    response = login(ssh_vest).get(reverse("citizens:timeline", args=[citizen_vest.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("rehab:stay", args=[stay.pk]) not in html
    assert {e.module for e in response.context["entries"]} == {"hospital"}
    assert "Ophold begyndt" not in html and "Anmodning om hjælp" not in html


def test_a_therapist_sees_stays_and_pathways_but_not_the_visitation_case(
    login, therapist, visitator, citizen_vest, org
):
    pathway_of(citizen_vest, visitator, therapist, org)
    entries = login(therapist).get(reverse("citizens:timeline", args=[citizen_vest.pk])).context["entries"]
    assert {e.module for e in entries} == {"hospital", "rehab"}
    assert "/visitation/" not in "".join(e.url or "" for e in entries)


def test_a_leader_sees_only_the_cases_ordered_from_their_units(
    login, visitator, therapist, citizen_vest, org
):
    pathway_of(citizen_vest, visitator, therapist, org)
    leader_oest = make_staff("leder.oest", role=Role.LEADER, leader_of=[org.oest])
    citizen_vest.units.add(org.oest1)  # the Øst leader sees the citizen, but the order is with Vest
    entries = timeline.timeline(leader_oest, citizen_vest)
    assert "visitation" not in {e.module for e in entries}
    leader_vest = make_staff("leder.vest", role=Role.LEADER, leader_of=[org.vest])
    assert "visitation" in {e.module for e in timeline.timeline(leader_vest, citizen_vest)}


def test_user_of_another_unit_is_refused_and_the_refusal_logged(login, ssh_oest, citizen_vest):
    response = login(ssh_oest).get(reverse("citizens:timeline", args=[citizen_vest.pk]))
    assert response.status_code == 403
    row = AccessLog.objects.get()
    assert (row.citizen, row.outcome, row.part) == (citizen_vest, "refused", "forloeb")


def test_anonymous_is_sent_to_login(client, citizen_vest):
    response = client.get(reverse("citizens:timeline", args=[citizen_vest.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_empty_pathway_says_so_in_danish(login, visitator, citizen_vest):
    response = login(visitator).get(reverse("citizens:timeline", args=[citizen_vest.pk]))
    assert "Intet registreret endnu." in response.content.decode()


def test_timeline_query_count_is_fixed(
    login, visitator, therapist, citizen_vest, org, django_assert_num_queries
):
    client = login(visitator)
    url = reverse("citizens:timeline", args=[citizen_vest.pk])
    pathway_of(citizen_vest, visitator, therapist, org, n=1)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert len(client.get(url).context["entries"]) >= 9
    small = len(ctx.captured_queries)  # now: the next request clears the connection's query log
    from ..factories import CitizenFactory

    other = CitizenFactory(units=[org.vest1])
    pathway_of(other, visitator, therapist, org, n=6)
    url = reverse("citizens:timeline", args=[other.pk])
    client.get(url)
    with django_assert_num_queries(small):
        assert len(client.get(url).context["entries"]) >= 54
    assert small <= 18


def test_the_record_links_to_the_pathway(login, ssh_vest, citizen_vest):
    html = login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk])).content.decode()
    assert reverse("citizens:timeline", args=[citizen_vest.pk]) in html


def test_providers_are_found_over_installed_apps():
    assert {label for label, _ in timeline.providers()} >= {
        "visitation",
        "hospital",
        "rehab",
        "homecare",
        "referrals",
    }


def test_a_visit_plan_of_a_team_out_of_scope_is_left_out(leader_vest, citizen_vest, org):
    from ..homecare.factories import VisitPlanFactory

    ours = VisitPlanFactory(citizen=citizen_vest, team=org.vest1, title="Morgenpleje")
    VisitPlanFactory(citizen=citizen_vest, team=org.oest1, title="Aftenpleje Øst")
    plans = [e for e in timeline.timeline(leader_vest, citizen_vest) if e.module == "homecare"]
    assert [(e.title, e.url) for e in plans] == [
        ("Morgenpleje (Vest Team 1)", reverse("homecare:plan_edit", args=[ours.pk]))
    ]
