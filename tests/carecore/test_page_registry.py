"""The page registry: every declared page opens for each of its roles and refuses every other role,
and the navigation, start pages and record links built from it show what they showed before."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from carecore import registry
from carecore.access import citizen_path
from carecore.models import Unit, UnitKind
from carecore.roles import Role
from carecore.startpages import tiles_for
from citizens.models import AccessLog, CitizenUnit, Relative
from homecare.models import StartupMeeting
from incidents import dpsd
from incidents.models import Action, Analysis
from rehab.letters import make_letter
from students.models import InfoMeeting

from ..factories import JournalEntryFactory, UnitFactory, make_staff
from ..homecare.factories import VisitPlanFactory, make_absence, make_visit
from ..hospital.factories import make_unmatched_message
from ..incidents.factories import IncidentFactory, handler_group
from ..rehab.factories import NoticeFactory, PathwayFactory, StayFactory
from ..students.factories import ApplicantFactory, TraineeFactory, place

pytestmark = pytest.mark.django_db

# The start page is open to every signed-in user (declared for the navigation only); Django admin
# checks is_staff itself (declared for the system administrator's start page only).
NOT_GUARDED_BY_THE_REGISTRY = {"home", "admin:index"}

# Allowed, but answering something other than 200 on a plain GET, and why.
NOT_200 = {
    ("incidents:list", Role.LEADER): 302,  # a leader has no cases: sent on to the overview
    ("students:statement", None): 404,  # no final evaluation yet, so no statement to print
    ("visitation:decision_pdf", None): 404,  # no decision yet, so no letter
    ("visitation:decision_version_pdf", None): 404,
    ("incidents:dpsd_case", None): 404,  # the case is not closed yet, so not for DPSD on its own
    ("homecare:acute", Role.LEADER): 403,  # a leader of Vest: the acute team is not under them
    ("homecare:outage_pdf", Role.NURSE): 403,  # a nurse of Sygeplejen is not of the Vest team
    ("homecare:outage_make", None): 405,  # POST only
    # SFT's pages: the therapist and the leader of Vest hold the roles but are not of SFT
    **{
        (name, role): 403
        for name in registry.registry
        if name.startswith("prevention:")
        for role in (Role.THERAPIST, Role.LEADER)
    },
}


def role_users(org):
    """One user per role, each in a unit that suits the role's daily work."""
    akut = UnitFactory(code="akutteamet", name="Akutteamet", kind=UnitKind.AREA, parent=org.top)
    sft = UnitFactory(
        code="sft", name="Sundhedsfremme, Forebyggelse og Træning", kind=UnitKind.AREA, parent=org.top
    )
    units = {
        Role.NURSE: [org.nursing, akut],
        Role.VISITATOR: [org.homecare],
        Role.RISK_MANAGER: [org.staff_unit],
        Role.SYSADMIN: [org.vest1],  # the access log of a citizen it can see
        Role.UTH_HANDLER: [org.top],
        Role.PREVENTION: [sft],
    }
    users = {}
    for role in Role:
        if role == Role.LEADER:
            users[role] = make_staff(f"p.{role}", role=role, leader_of=[org.vest])
        else:
            users[role] = make_staff(f"p.{role}", role=role, units=units.get(role, [org.vest1]))
    handler_group("srp", org.top, users[Role.UTH_HANDLER])
    return users


def sft_serves(citizen):
    """SFT serves the citizen too (after role_users), so its consultant may open the record pages the
    role declares."""
    CitizenUnit.objects.get_or_create(citizen=citizen, unit=Unit.objects.get(code="sft"))
    return citizen


def id_kwargs(page, org, citizen, users):
    """The URL arguments of an object of the page's model that all the page's roles may see."""
    model = page.model
    name = page.name
    if model == "citizens.Citizen":
        kwargs = {page.id_kwarg: citizen.pk}
        if name == "citizens:journal_correct":
            kwargs["entry_pk"] = JournalEntryFactory(citizen=citizen).pk
        if name == "citizens:relative_edit":
            kwargs["relative_pk"] = Relative.objects.create(citizen=citizen, name="Ane", relation="datter").pk
        return kwargs
    if model == "homecare.Visit":
        return {"pk": make_visit(citizen).pk, **({"index": 0} if name.endswith(("tick", "not_done")) else {})}
    if model == "homecare.VisitPlan":
        return {"pk": VisitPlanFactory(citizen=citizen).pk}
    if model == "homecare.StartupMeeting":
        meeting = StartupMeeting.objects.create(
            citizen=citizen,
            team=org.vest1,
            scheduled_at="2026-03-02T10:00+01:00",
            booked_by=users[Role.LEADER],
        )
        return {"pk": meeting.pk}
    if model == "rehab.DischargeNotice":
        return {"pk": NoticeFactory(citizen=citizen).pk}
    if model == "rehab.Stay":
        from rehab.models import Bed, Stay

        # a bed free for the factory's fortnight (the page walk runs on the demo's occupied beds too)
        now = timezone.now()
        busy = Stay.objects.filter(starts_at__lt=now + timedelta(days=15), ends_at__gt=now).values("bed")
        stay = StayFactory(citizen=citizen, bed=Bed.objects.exclude(pk__in=busy).order_by("label").first())
        if name.endswith("_letter"):
            make_letter(stay=stay, by=users[Role.VISITATOR])
        return {"pk": stay.pk}
    if model == "rehab.WaitingListEntry":
        from rehab.models import StayType, WaitingListEntry

        entry = WaitingListEntry.objects.create(
            citizen=citizen,
            stay_type=StayType.objects.get(code="genoptraening"),
            created_by=users[Role.VISITATOR],
        )
        return {"pk": entry.pk}
    if model == "rehab.Pathway":
        pathway = PathwayFactory(citizen=citizen, therapist=users[Role.THERAPIST])
        if name.endswith("_letter"):
            make_letter(pathway=pathway, by=users[Role.THERAPIST])
        return {"pk": pathway.pk}
    if model == "incidents.Incident":
        group = handler_group("srp", org.top)
        incident = IncidentFactory(unit=org.vest1, citizen=citizen, handler_group=group)
        Analysis.objects.create(
            incident=incident,
            timeline="t",
            causes="c",
            actions="a",
            learning_points="l",
            updated_by=users[Role.RISK_MANAGER],
        )
        kwargs = {"pk": incident.pk}
        if name == "incidents:action_done":
            kwargs["action_pk"] = Action.objects.create(
                incident=incident,
                what="x",
                responsible="y",
                due=date(2026, 12, 1),
                created_by=users[Role.RISK_MANAGER],
            ).pk
        if name == "incidents:case_action":
            kwargs["action"] = "close"
        if name == "incidents:dpsd_case":
            kwargs["fmt"] = "csv"
        return kwargs
    if model == "incidents.DpsdReport":
        report = dpsd.build_report(date(2026, 1, 1), by=users[Role.RISK_MANAGER])
        return {"pk": report.pk, **({"fmt": "csv"} if name.endswith("file") else {})}
    if model in ("students.Trainee", "students.Meeting"):
        trainee = TraineeFactory()
        placement = place(trainee, org.vest1, supervisor=users[Role.TRAINEE_SUPERVISOR])
        return {"pk": trainee.pk if model == "students.Trainee" else placement.meetings.first().pk}
    if model == "students.InfoMeeting":
        return {"pk": InfoMeeting.objects.create(held_at="2026-03-02T10:00+01:00", place="Sal 1").pk}
    if model == "students.Applicant":
        return {"pk": ApplicantFactory().pk}
    if model == "homecare.ShiftSwap":
        from datetime import time

        from homecare import roster

        me = make_staff("p.swap.1", role=Role.SSH, units=[org.vest1])
        colleague = make_staff("p.swap.2", role=Role.SSH, units=[org.vest1])
        shift = roster.save_shift(team=org.vest1, kind="day", starts=time(7), ends=time(15))
        mine = roster.assign_shift(shift, me, date(2099, 1, 5), by=users[Role.LEADER])
        return {"pk": roster.propose_swap(mine, colleague, by=me).pk}
    if model == "homecare.OutageList":
        from homecare.models import OutageList

        row = OutageList.objects.create(
            team=org.vest1, first_day=date(2026, 3, 2), days=3, pdf=b"%PDF", visit_count=0
        )
        return {"pk": row.pk}
    if model == "homecare.Absence":
        return {"pk": make_absence(citizen, reference="t:1").pk}
    if model == "hospital.HospitalMessage":
        return {"pk": make_unmatched_message().pk}
    if model == "visitation.Case":
        from visitation.models import Case as VisitationCase

        case = VisitationCase.objects.create(citizen=citizen, provider=org.vest1)
        return {"pk": case.pk, **({"version": 1} if name.endswith("version_pdf") else {})}
    if model == "medication.Pouring":
        from medication.services import record_pouring

        from ..medication.factories import make_line

        line = make_line(citizen, users[Role.NURSE], how_given="poured")
        pouring = record_pouring(
            citizen, by=users[Role.NURSE], starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 8), lines=[line]
        )
        return {"pk": pouring.pk}
    if model == "medication.MedicineLine":
        from ..medication.factories import make_line

        return {"pk": make_line(citizen, users[Role.NURSE]).pk}
    if model == "referrals.Referral":
        from referrals.models import Receiver
        from referrals.services import send_referral

        Receiver.objects.get_or_create(unit=org.nursing)
        sender = make_staff("p.henviser", role=Role.SSH, units=[org.vest1])
        referral = send_referral(
            citizen=citizen, from_unit=org.vest1, to_unit=org.nursing, reason="Sår, der ikke heler", by=sender
        )
        return {"pk": referral.pk}
    if model == "minside.PowerOfAttorney":
        from minside.models import PowerOfAttorney, Scope

        grant = PowerOfAttorney.objects.create(
            citizen=citizen,
            grantee_cpr="010190-1234",
            grantee_name="Ane Datter",
            scope=Scope.ALL,
            registered_by=users[Role.VISITATOR],
        )
        return {"pk": grant.pk}
    if model == "homecare.RouteProposal":
        from homecare.models import RouteProposal

        visit = make_visit(citizen, assigned_to=users[Role.SSH])
        proposal = RouteProposal.objects.create(
            team_id=visit.team_id,
            visit=visit,
            colleague=users[Role.SSA],
            comment="Tandlæge",
            proposed_by=users[Role.SSH],
        )
        return {"pk": proposal.pk}
    if model == "minside.AccessQuestion":
        from minside.models import AccessQuestion

        question = AccessQuestion.objects.create(
            citizen=citizen, asked_by=users[Role.SSH], question="Hvem så min journal?"
        )
        return {"pk": question.pk}
    if model.startswith("prevention."):
        return {"pk": _sft_object(model, citizen, users)}
    raise AssertionError(f"{name}: no object for model {model!r}; add one here")


def _sft_object(model, citizen, users):
    """An offer, visit, course or session of SFT, the citizen served by SFT."""
    from citizens.models import CitizenUnit
    from prevention.models import Course, Offer, PreventiveVisit, Session

    CitizenUnit.objects.get_or_create(citizen=citizen, unit=UnitFactory(code="sft"))
    if model == "prevention.TrainingPlan":
        from prevention.models import TrainingPlan

        return TrainingPlan.objects.create(
            citizen=citizen,
            specialty="neurologi",
            hospital="H",
            discharged_on=date(2026, 2, 20),
            start_by=date(2026, 2, 27),
            therapist=users[Role.THERAPIST],
        ).pk
    if model in ("prevention.Offer", "prevention.PreventiveVisit"):
        offer = Offer.objects.create(
            cpr=citizen.cpr,
            name=citizen.full_name,
            birth_date=citizen.birth_date,
            address=citizen.address,
            group="75",
            year=2026,
            month=date(2026, 3, 1),
            status="accepted",
            citizen=citizen,
        )
        if model == "prevention.Offer":
            return offer.pk
        return PreventiveVisit.objects.create(
            offer=offer,
            citizen=citizen,
            consultant=users[Role.PREVENTION],
            scheduled_at="2026-03-02T10:00+01:00",
        ).pk
    course = Course.objects.create(
        title="KOL-skole",
        kind="119",
        place="house",
        starts_on=date(2026, 3, 2),
        capacity=8,
        instructor=users[Role.THERAPIST],
    )
    if model == "prevention.Course":
        return course.pk
    return Session.objects.create(course=course, starts_at="2026-03-02T10:00+01:00").pk


@pytest.mark.parametrize("name", sorted(set(registry.registry) - NOT_GUARDED_BY_THE_REGISTRY))
def test_declared_page_opens_for_its_roles_and_refuses_the_others(name, client, org, citizen_vest):
    page = registry.registry[name]
    users = role_users(org)
    sft_serves(citizen_vest)
    kwargs = id_kwargs(page, org, citizen_vest, users) if page.model else {}
    url = reverse(name, kwargs=kwargs)
    citizen_bound = bool(page.model) and citizen_path(apps.get_model(page.model)) is not None
    for role, user in users.items():
        client.force_login(user)
        status = client.get(url).status_code
        if str(role) in page.allowed_roles:
            expected = NOT_200.get((name, role), NOT_200.get((name, None), 200))
            # 405: a POST-only action, past the role check (which comes first) and refusing the GET.
            assert status in (expected, 405), f"{name} answered {status} to its role {role}"
        else:
            assert status == 403, f"{name} answered {status} to {role}, which it does not declare"
            if citizen_bound:
                assert AccessLog.objects.filter(
                    user=user, citizen=citizen_vest, outcome=AccessLog.Outcome.REFUSED, part=page.part
                ).exists(), f"{name}: the refused look of {role} is not logged"


def test_every_tile_and_link_is_for_a_role_the_page_allows():
    for page in registry.registry.values():
        for role in page.tiles:
            assert str(role) in page.allowed_roles, f"{page.name}: tile for {role}"
        if page.nav is not None or page.record_link:
            assert page.label, f"{page.name} is shown without a label"


START_PAGE_TILES = {
    Role.SSH: ["homecare:my_day", "citizens:list", "homecare:roster", "incidents:report"],
    Role.SSA: ["homecare:my_day", "homecare:triage", "citizens:list", "homecare:roster", "incidents:report"],
    Role.NURSE: ["homecare:my_day", "homecare:triage", "citizens:list", "rehab:beds", "incidents:report"],
    Role.THERAPIST: ["rehab:pathways", "referrals:list", "citizens:list", "incidents:report"],
    Role.VISITATOR: ["visitation:list", "rehab:discharges", "rehab:beds", "citizens:list"],
    Role.LEADER: [
        "homecare:overview",
        "visitation:list",
        "rehab:overview",
        "incidents:overview",
        "students:overview",
        "citizens:list",
        "access_log",
        "medication:overview",
    ],
    Role.RISK_MANAGER: ["incidents:list", "incidents:overview", "incidents:dpsd"],
    Role.UTH_HANDLER: ["incidents:list", "incidents:report"],
    Role.TRAINEE_COORDINATOR: [
        "students:list",
        "students:placements",
        "students:recruitment",
        "students:overview",
    ],
    Role.TRAINEE_SUPERVISOR: ["students:list", "students:supervisor"],
    Role.SYSADMIN: ["access_log", "admin:index", "dpo:questions"],
    Role.DPO: ["dpo:questions", "access_log"],
    Role.PREVENTION: ["prevention:start", "prevention:visits", "prevention:courses"],
}


@pytest.mark.parametrize("role", list(Role))
def test_start_page_tiles_per_role_keep_their_order(role):
    assert [name for _label, name, _description in tiles_for(role)] == START_PAGE_TILES[role]


def test_navigation_keeps_its_order():
    from carecore.navigation import _navigation

    assert [name for _label, name, _roles in _navigation()] == [
        "home",
        "citizens:list",
        "homecare:my_day",
        "homecare:triage",
        "homecare:planning",
        "homecare:roster",
        "homecare:outage_lists",
        "homecare:competences",
        "homecare:delegations",
        "visitation:list",
        "referrals:list",
        "rehab:discharges",
        "hospital:unmatched",
        "rehab:beds",
        "rehab:pathways",
        "incidents:list",
        "students:list",
        "access_log",
        "dpo:questions",
    ]


def _url_patterns(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_guarded_view_reads_its_own_page_declaration():
    """The view's role check and what the navigation shows read one declaration, so they cannot drift."""
    views = dict(_url_patterns())
    for name in set(registry.registry) - NOT_GUARDED_BY_THE_REGISTRY:
        assert getattr(views[name], "page_name", None) == name, f"{name}: view lacks @require_page({name!r})"
