"""Every URL that takes an id refuses an object out of the user's scope: 403 or 404, nothing of the
object on the page, and a refused look in the access log when the object belongs to a citizen.

The URLs come from the resolver, so a new view with an id cannot be forgotten: it fails here until it
has a case below (and it fails for real if the view does not fetch through get_visible_or_403)."""

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from carecore import registry
from carecore.models import Notification
from carecore.roles import Role
from citizens.models import AccessLog, Relative
from homecare.models import StartupMeeting
from incidents.models import Action, DpsdReport
from rehab.models import StayType, WaitingListEntry
from students.models import InfoMeeting

from ..factories import JournalEntryFactory, make_staff
from ..homecare.factories import VisitPlanFactory, make_absence, make_visit
from ..hospital.factories import make_unmatched_message
from ..incidents.factories import IncidentFactory, handler, handler_group
from ..rehab.factories import NoticeFactory, PathwayFactory, StayFactory
from ..students.factories import ApplicantFactory, TraineeFactory, place

pytestmark = pytest.mark.django_db

ID_CONVERTERS = ("IntConverter",)


def id_urls(patterns=None, namespace=""):
    """(url name, id kwargs) of every URL pattern taking an id, found by walking the resolver."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from id_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            ids = [k for k, c in pattern.pattern.converters.items() if type(c).__name__ in ID_CONVERTERS]
            if ids:
                yield f"{namespace}{pattern.name}", ids


@dataclass
class Case:
    kwargs: dict
    role: Role  # a role the page allows; the user holds it in Vest, the object is in Øst
    citizen: object = None  # the citizen whose refused look must be logged
    secrets: list = field(default_factory=list)  # text of the object that must not be shown
    # The role sees every such object (no unit scope): then the test refuses it by role instead.
    unscoped: bool = False


def _citizen_secrets(citizen):
    return [citizen.first_name, citizen.last_name, citizen.cpr]


def _citizen_case(role, *, kwarg="pk"):
    def build(org, other):
        return Case({kwarg: other.pk}, role, other, _citizen_secrets(other))

    return build


def _on_citizen(role, make, **extra_kwargs):
    def build(org, other):
        obj = make(other)
        kwargs = {"pk": obj.pk, **{k: (v(obj) if callable(v) else v) for k, v in extra_kwargs.items()}}
        return Case(kwargs, role, other, _citizen_secrets(other))

    return build


def _notification(org, other):
    owner = make_staff("leder.oest", role=Role.LEADER, leader_of=[org.oest])
    note = Notification.objects.create(user=owner, key="k", title="Hemmelig besked til Øst")
    return Case({"pk": note.pk}, Role.SSH, None, [note.title])


def _journal_correct(org, other):
    entry = JournalEntryFactory(citizen=other, text="Hemmeligt notat om Østesen")
    return Case(
        {"pk": other.pk, "entry_pk": entry.pk}, Role.SSH, other, [*_citizen_secrets(other), entry.text]
    )


def _relative_edit(org, other):
    relative = Relative.objects.create(citizen=other, name="Hemmelig Pårørende", relation="datter")
    return Case(
        {"pk": other.pk, "relative_pk": relative.pk},
        Role.LEADER,
        other,
        [*_citizen_secrets(other), relative.name],
    )


def _meeting(citizen):
    return StartupMeeting.objects.create(
        citizen=citizen,
        team=citizen.units.first(),
        scheduled_at=timezone.now(),
        booked_by=make_staff("leder.oest", role=Role.LEADER),
    )


def _shift_swap(org, other):
    """A swap proposed in an Øst team: a Vest leader may not decide it."""
    from datetime import date, time

    from homecare import roster

    leader = make_staff("leder.oest", role=Role.LEADER, leader_of=[org.oest])
    me = make_staff("ssh.oest.1", role=Role.SSH, units=[org.oest1])
    colleague = make_staff("ssh.oest.2", role=Role.SSH, units=[org.oest1])
    colleague.first_name = "Hemmeligsen"
    colleague.save(update_fields=["first_name"])
    shift = roster.save_shift(team=org.oest1, kind="day", starts=time(7), ends=time(15))
    mine = roster.assign_shift(shift, me, date(2099, 1, 5), by=leader)
    swap = roster.propose_swap(mine, colleague, by=me)
    return Case({"pk": swap.pk}, Role.LEADER, None, [colleague.first_name])


def _route_proposal(org, other):
    """A route proposal in an Øst team: a Vest leader may not decide it."""
    from homecare.models import RouteProposal

    me = make_staff("ssh.oest.1", role=Role.SSH, units=[org.oest1])
    colleague = make_staff("ssh.oest.2", role=Role.SSH, units=[org.oest1])
    visit = make_visit(other, assigned_to=me)
    proposal = RouteProposal.objects.create(
        team_id=visit.team_id, visit=visit, colleague=colleague, comment="Hemmelig kommentar", proposed_by=me
    )
    return Case({"pk": proposal.pk}, Role.LEADER, None, [proposal.comment])


def _waiting(citizen):
    return WaitingListEntry.objects.create(
        citizen=citizen,
        stay_type=StayType.objects.get(code="genoptraening"),
        created_by=make_staff("visitator.oest", role=Role.VISITATOR),
    )


def _incident_case(with_action=False, **extra):
    def build(org, other):
        group = handler_group("oest", org.oest, handler("uth.oest", org.oest))
        handler_group("vest", org.vest)  # the Vest handler's own group (joined below)
        incident = IncidentFactory(
            unit=org.oest1, citizen=other, handler_group=group, description="Østesen faldt i badet"
        )
        kwargs = {"pk": incident.pk, **extra}
        if with_action:
            action = Action.objects.create(
                incident=incident,
                what="Skridsikker måtte",
                responsible="Øst",
                due=date(2026, 12, 1),
                created_by=incident_reporter(org),
            )
            kwargs["action_pk"] = action.pk
        return Case(kwargs, Role.UTH_HANDLER, other, [*_citizen_secrets(other), incident.description])

    return build


def incident_reporter(org):
    return make_staff("reporter.oest", role=Role.SSH, units=[org.oest1])


def _dpsd(org, other):
    report = DpsdReport.objects.create(month=date(2026, 1, 1), data={"rows": 0})
    return Case({"pk": report.pk, "fmt": "csv"}, Role.RISK_MANAGER, unscoped=True)


def _dpsd_sent(org, other):
    case = _dpsd(org, other)
    del case.kwargs["fmt"]
    return case


def _trainee_case(role, *, meeting=False, unscoped=False):
    def build(org, other):
        trainee = TraineeFactory(first_name="Elevine", last_name="Østelev")
        placement = place(trainee, org.oest1)
        pk = placement.meetings.first().pk if meeting else trainee.pk
        return Case({"pk": pk}, role, None, [trainee.last_name, trainee.cpr], unscoped=unscoped)

    return build


def _info_meeting(org, other):
    meeting = InfoMeeting.objects.create(held_at=timezone.now(), place="Hemmelig sal Øst")
    return Case({"pk": meeting.pk}, Role.TRAINEE_COORDINATOR, None, [meeting.place], unscoped=True)


def _applicant(org, other):
    applicant = ApplicantFactory(last_name="Østansøger")
    return Case({"pk": applicant.pk}, Role.TRAINEE_COORDINATOR, None, [applicant.last_name], unscoped=True)


CITIZEN_PAGES = {
    "citizens:detail": Role.SSH,
    "citizens:edit": Role.LEADER,
    "citizens:journal": Role.SSH,
    "citizens:assessments": Role.SSH,
    "citizens:changes": Role.SSH,
    "citizens:timeline": Role.SSH,
    "citizens:access": Role.LEADER,
    "citizens:relative_add": Role.LEADER,
    "rehab:citizen_stay": Role.SSH,
}


def _unmatched_message(org, other):
    message = make_unmatched_message(patient_name="Hemmelig Patientsen")
    return Case({"pk": message.pk}, Role.VISITATOR, None, [message.patient_name], unscoped=True)


def _referral(citizen):
    """A referral of an Øst citizen from an Øst team to Sygeplejen: neither sent nor received in Vest."""
    from carecore.models import UnitKind
    from referrals.models import Receiver
    from referrals.services import send_referral

    from ..factories import UnitFactory

    team = citizen.units.first()
    nursing = UnitFactory(code="sygeplejen-oest", name="Sygeplejen Øst", kind=UnitKind.AREA)
    Receiver.objects.get_or_create(unit=nursing)
    sender = make_staff("ssh.oest.henviser", role=Role.SSH, units=[team])
    return send_referral(citizen=citizen, from_unit=team, to_unit=nursing, reason="Hemmelig grund", by=sender)


def _medicine_line(citizen):
    from ..medication.factories import make_line

    return make_line(citizen, make_staff("sygeplejerske.oest", role=Role.NURSE))


def _pouring(citizen):
    from medication.services import record_pouring

    from ..medication.factories import make_line

    nurse = make_staff("sygeplejerske.oest", role=Role.NURSE)
    line = make_line(citizen, nurse, how_given="poured")
    return record_pouring(
        citizen, by=nurse, starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 8), lines=[line]
    )


def _power_of_attorney(citizen):
    from minside.models import PowerOfAttorney, Scope

    return PowerOfAttorney.objects.create(
        citizen=citizen,
        grantee_cpr="010190-1234",
        grantee_name="Hemmelig Fuldmagtshaver",
        scope=Scope.ALL,
        registered_by=make_staff("visitator.oest", role=Role.VISITATOR),
    )


def _access_question(org, other):
    """Every data-protection contact answers every question: another role is refused (and logged)."""
    from minside.models import AccessQuestion

    asker = make_staff("borger.oest.konto", role=Role.SSH)
    question = AccessQuestion.objects.create(citizen=other, asked_by=asker, question="Hemmeligt spørgsmål")
    secrets = ["Hemmeligt spørgsmål", *_citizen_secrets(other)]
    return Case({"pk": question.pk}, Role.DPO, other, secrets, unscoped=True)


def _visitation_case(citizen):
    from visitation.models import Case as VisitationCase

    return VisitationCase.objects.create(citizen=citizen)


def _outage_list(org, other):
    """Øst Team 1's outage list: a Vest carer is not of the team."""
    from homecare.models import OutageList

    row = OutageList.objects.create(
        team=org.oest1, first_day=timezone.localdate(), days=3, pdf=b"%PDF-1.7 Hemmelig", visit_count=1
    )
    return Case({"pk": row.pk}, Role.SSH, None, ["Hemmelig"])


def _sft_offer(citizen):
    from prevention.models import Offer

    return Offer.objects.create(
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


def _sft_visit(citizen):
    from prevention.models import PreventiveVisit

    consultant = make_staff("forebyggelse.oest", role=Role.PREVENTION)
    return PreventiveVisit.objects.create(
        offer=_sft_offer(citizen), citizen=citizen, consultant=consultant, scheduled_at=timezone.now()
    )


def _sft_plan(citizen):
    from prevention.models import TrainingPlan

    return TrainingPlan.objects.create(
        citizen=citizen,
        specialty="neurologi",
        hospital="H",
        discharged_on=date(2026, 2, 20),
        start_by=date(2026, 2, 27),
        therapist=make_staff("traener.oest", role=Role.THERAPIST),
    )


def _sft_course(*, session=False):
    """SFT's courses are SFT's own: a leader of Vest (not of SFT) is refused."""

    def build(org, other):
        from prevention.models import Course, Session

        course = Course.objects.create(
            title="Hemmeligt hold",
            kind="86",
            place="bus",
            starts_on=date(2026, 3, 2),
            capacity=5,
            instructor=make_staff("traener.oest", role=Role.THERAPIST),
        )
        obj = Session.objects.create(course=course, starts_at=timezone.now()) if session else course
        return Case({"pk": obj.pk}, Role.LEADER, None, [course.title])

    return build


CASES = {
    "notification_read": _notification,
    **{name: _citizen_case(role) for name, role in CITIZEN_PAGES.items()},
    "citizens:journal_correct": _journal_correct,
    "citizens:relative_edit": _relative_edit,
    **{
        f"homecare:{name}": _on_citizen(Role.SSH, make_visit)
        for name in ("visit_start", "visit_finish", "visit_not_delivered", "visit_note", "visit_observation")
    },
    "homecare:visit_tick": _on_citizen(Role.SSH, make_visit, index=0),
    "homecare:visit_task_not_done": _on_citizen(Role.SSH, make_visit, index=0),
    "homecare:visit_key": _on_citizen(Role.SSH, make_visit),
    "homecare:outage_pdf": _outage_list,
    "homecare:visit_assign": _on_citizen(Role.LEADER, make_visit),
    "homecare:visit_unpause": _on_citizen(Role.VISITATOR, make_visit),
    "homecare:absence_lift": _on_citizen(Role.VISITATOR, make_absence),
    "hospital:match": _unmatched_message,
    **{
        f"visitation:{name}": _on_citizen(Role.VISITATOR, _visitation_case)
        for name in ("case", "assess", "decide", "decision_pdf")
    },
    "visitation:decision_version_pdf": _on_citizen(Role.VISITATOR, _visitation_case, version=1),
    **{
        f"referrals:{name}": _on_citizen(
            Role.LEADER if name in ("accept", "decline") else Role.SSH, _referral
        )
        for name in ("detail", "accept", "decline", "cancel")
    },
    "referrals:refer": _citizen_case(Role.SSH, kwarg="citizen_pk"),
    "attorneys:citizen": _citizen_case(Role.LEADER, kwarg="citizen_pk"),
    "attorneys:revoke": _on_citizen(Role.LEADER, lambda c: _power_of_attorney(c)),
    "dpo:answer": _access_question,
    "homecare:triage_set": _citizen_case(Role.NURSE, kwarg="citizen_pk"),
    "medication:list": _citizen_case(Role.SSH, kwarg="citizen_pk"),
    "medication:add": _citizen_case(Role.LEADER, kwarg="citizen_pk"),
    "medication:reconcile": _citizen_case(Role.LEADER, kwarg="citizen_pk"),
    "medication:line": _on_citizen(Role.SSH, _medicine_line),
    "medication:change": _on_citizen(Role.LEADER, _medicine_line),
    "medication:visit": _on_citizen(Role.SSH, make_visit),
    "medication:pour": _citizen_case(Role.NURSE, kwarg="citizen_pk"),
    "medication:pour_check": _on_citizen(Role.NURSE, _pouring),
    "homecare:citizen_plans": _citizen_case(Role.VISITATOR, kwarg="citizen_pk"),
    "homecare:citizen_orders": _citizen_case(Role.NURSE, kwarg="citizen_pk"),
    "homecare:meeting_book": _citizen_case(Role.LEADER, kwarg="citizen_pk"),
    "homecare:plan_edit": _on_citizen(Role.LEADER, lambda c: VisitPlanFactory(citizen=c)),
    "homecare:meeting": _on_citizen(Role.SSH, _meeting),
    "homecare:roster_swap_decide": _shift_swap,
    "homecare:proposal_decide": _route_proposal,
    "rehab:notice": _on_citizen(Role.VISITATOR, lambda c: NoticeFactory(citizen=c)),
    "rehab:apv": _on_citizen(Role.VISITATOR, lambda c: NoticeFactory(citizen=c)),
    "rehab:stay": _on_citizen(Role.NURSE, lambda c: StayFactory(citizen=c)),
    "rehab:stay_change_end": _on_citizen(Role.NURSE, lambda c: StayFactory(citizen=c)),
    "rehab:stay_end": _on_citizen(Role.NURSE, lambda c: StayFactory(citizen=c)),
    "rehab:stay_move": _on_citizen(Role.NURSE, lambda c: StayFactory(citizen=c)),
    "rehab:stay_cancel": _on_citizen(Role.NURSE, lambda c: StayFactory(citizen=c)),
    "rehab:stay_letter": _on_citizen(Role.VISITATOR, lambda c: StayFactory(citizen=c)),
    "rehab:waiting_withdraw": _on_citizen(Role.VISITATOR, _waiting),
    "rehab:pathway": _on_citizen(Role.THERAPIST, lambda c: PathwayFactory(citizen=c)),
    "rehab:pathway_end": _on_citizen(Role.THERAPIST, lambda c: PathwayFactory(citizen=c)),
    "rehab:pathway_letter": _on_citizen(Role.THERAPIST, lambda c: PathwayFactory(citizen=c)),
    **{
        f"incidents:{name}": _incident_case()
        for name in ("detail", "take", "analysis", "analysis_pdf", "case_action")
    },
    "incidents:action_done": _incident_case(with_action=True),
    "incidents:dpsd_case": _incident_case(fmt="csv"),
    "incidents:dpsd_file": _dpsd,
    "incidents:dpsd_sent": _dpsd_sent,
    "students:detail": _trainee_case(Role.LEADER),
    "students:meeting": _trainee_case(Role.LEADER, meeting=True),
    "students:statement": _trainee_case(Role.LEADER, meeting=True),
    **{
        f"students:{name}": _trainee_case(Role.TRAINEE_COORDINATOR, unscoped=True)
        for name in ("edit", "placement_add", "school_add", "status")
    },
    "students:info_meeting": _info_meeting,
    "students:applicant": _applicant,
    "students:applicant_stage": _applicant,
    **{f"prevention:{name}": _on_citizen(Role.LEADER, _sft_offer) for name in ("offer", "answer", "book")},
    "prevention:visit": _on_citizen(Role.LEADER, _sft_visit),
    **{
        f"prevention:{name}": _on_citizen(Role.LEADER, _sft_plan)
        for name in ("plan", "plan_start", "plan_end")
    },
    "prevention:course": _sft_course(),
    "prevention:enrol": _sft_course(),
    "prevention:outcome": _sft_course(),
    "prevention:session": _sft_course(session=True),
    "prevention:attend": _sft_course(session=True),
}

EXTRA_KWARGS = {"incidents:case_action": {"action": "close"}}


# Citizens' own pages (Min side) are not staff pages: no staff role opens them, and the ids in them are
# of citizens a relative holds a power of attorney for. tests/minside/test_security.py walks each with
# another citizen's id as a citizen, and every staff URL as a citizen.
CITIZEN_SESSION_PAGES = {
    "minside:home_for",
    "minside:access_for",
    "minside:ask_for",
    "minside:attorney_revoke",  # the id of a power of attorney the citizen gave: walked likewise
    "visitation:citizen_letter",  # a decision id: walked in tests/minside/test_letters.py
    "rehab:citizen_letter",  # a letter id: likewise
}


def staff_id_urls():
    return [(name, ids) for name, ids in id_urls() if name not in CITIZEN_SESSION_PAGES]


def test_every_url_with_an_id_has_a_case():
    assert {name for name, _ids in id_urls()} == set(CASES) | CITIZEN_SESSION_PAGES


def _vest_user(org, role, username):
    if role == Role.LEADER:
        return make_staff(username, role=role, leader_of=[org.vest])
    user = make_staff(username, role=role, units=[org.vest1])
    if role == Role.UTH_HANDLER:
        handler_group("vest", org.vest, user)
    return user


def _request(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    if response.status_code == 405:  # a POST-only action
        response = client.post(url, {})
    return response


@pytest.mark.parametrize("name", sorted(name for name, _ids in staff_id_urls()))
def test_object_out_of_scope_is_refused_and_not_shown(name, client, org, citizen_oest):
    assert name in CASES, f"{name} takes an id: add a case for it to CASES"
    case = CASES[name](org, citizen_oest)
    kwargs = {**case.kwargs, **EXTRA_KWARGS.get(name, {})}
    page = registry.registry.get(name)
    if page is not None:
        assert str(case.role) in page.allowed_roles, f"{name}: {case.role} is not one of the page's roles"
    if case.unscoped:
        # Every holder of the role sees every such object: a user of another role is refused instead.
        role = Role.LEADER if case.role != Role.LEADER else Role.SSH
        assert str(role) not in page.allowed_roles
    else:
        role = case.role
    client.force_login(_vest_user(org, role, "vest.bruger"))
    before = AccessLog.objects.count()

    response = _request(client, name, kwargs)

    assert response.status_code in (403, 404), f"{name} answered {response.status_code}"
    body = response.content.decode(errors="replace")
    for secret in case.secrets:
        assert secret not in body, f"{name} shows {secret!r}"
    if case.citizen is not None:
        refused = AccessLog.objects.filter(
            citizen=case.citizen, outcome=AccessLog.Outcome.REFUSED, username="vest.bruger"
        )
        assert refused.exists(), f"{name}: no refused look logged"
        assert AccessLog.objects.count() > before
        assert not AccessLog.objects.filter(citizen=case.citizen, outcome=AccessLog.Outcome.SHOWN).exists()
