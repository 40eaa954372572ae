"""Demo data for incidents: handler groups and handlers, a year of incidents across areas and types
(falls and medication largest), short forms, monthly staff-group marks, analyses and the DPSD reports.
Idempotent: groups are found by code; the bulk data is written once."""

import importlib
import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from carecore.demo import SEED, DemoSeeder
from carecore.models import Membership, Unit, UnitKind
from carecore.roles import Role
from citizens.models import CitizenUnit

from . import dpsd, services
from .models import (
    HANDLE_PERM,
    Action,
    Analysis,
    CaseEvent,
    DpsdReport,
    ForceGroup,
    HandlerGroup,
    Incident,
    IncidentType,
    IncidentUserObjectPermission,
    Kind,
    MonthDiscussion,
    Severity,
    SeverityChange,
    ShortForm,
    ShortFormType,
    Source,
    Status,
)

# (group code, name, root unit code, number of case handlers) – sizes from domain.md §6.
GROUPS = [
    ("plejehjem", "Plejehjem", "plejehjem", 9),
    ("srp", "Sundhed, Rehab og Pleje", "srp", 12),
    ("velfaerdsraadgivningen", "Velfærdsrådgivningen", "velfaerdsraadgivningen", 2),
    ("private-leverandoerer", "Private leverandører", "private-leverandoerer", 5),
    ("voksenhandicap", "Voksenhandicap", "voksenhandicap", 2),
    ("tandplejen", "Tandplejen", "tandplejen", 2),
    ("sundhedsplejen", "Sundhedsplejen", "sundhedsplejen", 1),
    ("rusmiddelcentret", "Rusmiddelcentret", "rusmiddelcentret", 1),
    # Every place offered on the report forms routes somewhere (issue 11): these two had no handlers.
    ("socialpsykiatrien", "Socialpsykiatrien", "socialpsykiatrien", 1),
    ("stab-udvikling", "Stab & Udvikling", "stab-udvikling", 1),
]
FORCE_GROUP = ("magtanvendelse", "Magtanvendelse (Stab & Udvikling)", "stab-udvikling", 2)

TYPE_WEIGHTS = {
    "medicinering": 34,
    "fald": 30,
    "behandling-pleje": 10,
    "kommunikation-dokumentation": 8,
    "sektorovergange": 6,
    "infektion": 4,
    "medicinsk-udstyr": 3,
    "selvskade": 1,
    "andet": 4,
}
TEXTS = {
    "medicinering": [
        "Aftenmedicin ikke givet; dosisæske fundet urørt næste morgen.",
        "Forkert dosis af smertestillende givet efter ændring i medicinlisten.",
        "Medicin givet til forkert tidspunkt pga. forsinket besøg.",
    ],
    "fald": [
        "Borger faldet i badeværelset om natten, fundet på gulvet ved morgenbesøg.",
        "Fald ved forflytning fra seng til kørestol.",
        "Borger gled på tæppe i stuen; rollator stod i køkkenet.",
    ],
    "behandling-pleje": [
        "Tryksår opdaget på hæl; ikke observeret ved tidligere besøg.",
        "Kompressionsstrømper ikke taget på i tre dage.",
    ],
    "kommunikation-dokumentation": [
        "Besked om ændret medicin fra egen læge ikke videregivet til aftenvagt.",
        "Observation ikke dokumenteret i journalen.",
    ],
    "sektorovergange": [
        "Udskrevet fra sygehus uden opdateret medicinliste.",
        "Hjælpemidler ikke leveret ved udskrivelse.",
    ],
    "infektion": ["Urinvejsinfektion opdaget sent; feber i to dage."],
    "medicinsk-udstyr": ["Lift virkede ikke; forflytning med to personer i stedet."],
    "selvskade": ["Borger fundet med rifter på underarm."],
    "andet": ["Nøgleboks fundet åben efter besøg."],
}
SHORT_TEXTS = [
    "Fald uden skade i stuen",
    "Morgenmedicin glemt, givet kl. 11",
    "Gled ned fra stol, ingen skade",
    "Aftenmedicin ikke givet, opdaget ved natbesøg",
    "Fald på badeværelset, lille hudafskrabning",
]
FEEDBACK = [
    "Tak for din indberetning. Vi har aftalt dobbelttjek af dosisæsker ved aftenbesøg.",
    "Tak. Sagen er gennemgået med teamet, og der er lavet en faldrisikovurdering.",
    "Tak for indberetningen. Hændelsen er drøftet på personalemødet, og rutinen er ændret.",
]


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _severities(rng):
    actual = rng.choices(["none", "mild", "moderate", "severe", "fatal"], weights=[45, 30, 15, 8, 1])[0]
    order = ["none", "mild", "moderate", "severe", "fatal"]
    possible = order[min(4, order.index(actual) + rng.choice([0, 0, 1, 2]))]
    return actual, possible


def ensure_groups(seeder):
    """Handler groups per reporting area with generated case handlers; `uth.plejehjem` joins Plejehjem."""
    User = get_user_model()
    groups = {}
    for code, name, root, size in GROUPS + [FORCE_GROUP]:
        group, _created = HandlerGroup.objects.get_or_create(
            code=code,
            defaults={"name": name, "root_unit": seeder.units[root], "handles_force": code == FORCE_GROUP[0]},
        )
        members = []
        if code == "plejehjem" and User.objects.filter(username="uth.plejehjem").exists():
            members.append(User.objects.get(username="uth.plejehjem"))
        for n in range(1, size + 1 - len(members)):
            members.append(
                seeder.user(
                    f"uth.{code}.{n:02d}",
                    seeder.fake.first_name(),
                    seeder.fake.last_name(),
                    Role.UTH_HANDLER,
                    [(root, False)],
                )
            )
        group.members.add(*members)
        groups[code] = group
    return groups


def ensure_types():
    """The default types normally come from the data migration; a flushed test database lacks them."""
    defaults = importlib.import_module("incidents.migrations.0002_default_types")
    for n, (code, name) in enumerate(defaults.INCIDENT_TYPES):
        IncidentType.objects.get_or_create(code=code, defaults={"name": name, "position": n})
    for n, (code, name) in enumerate(defaults.SHORT_FORM_TYPES):
        ShortFormType.objects.get_or_create(code=code, defaults={"name": name, "position": n})


@transaction.atomic
def seed(out=None, now=None, **options):
    now = now or timezone.now()
    seeder = DemoSeeder(out=out)
    seeder.units = {u.code: u for u in Unit.objects.all()}
    if "plejehjem" not in seeder.units:
        return
    ensure_types()
    groups = ensure_groups(seeder)
    if Incident.objects.exists():
        seeder.say("Incidents: already there\n")
        return
    rng = random.Random(SEED)
    today = timezone.localdate(now)
    incidents, plans = seed_incidents(rng, now, seeder.units, groups)
    analyses = seed_case_history(rng, now, incidents, plans)
    shorts = seed_short_forms(rng, today, seeder.units)
    months = seed_month_discussions(rng, today)
    seed_dpsd_reports(months, now)
    seeder.say(
        f"Incidents: {len(incidents)} reports, {len(shorts)} short forms, {len(analyses)} analyses, "
        f"{len(months)} DPSD reports\n"
    )


def min_side(citizen, *, today, out=None):
    """Min side's demo citizen (citizens.portal.seed_demo) sent a report on the public form while logged
    in: linked to them, with a receipt code, routed like any public report."""
    if Incident.objects.filter(citizen=citizen, source=Source.PUBLIC).exists():
        return None
    unit = (
        citizen.units.filter(kind__in=[UnitKind.AREA, UnitKind.TEAM, UnitKind.UNIT]).order_by("pk").first()
        or Unit.objects.filter(code="hjemmeplejen").first()
    )
    if unit is None or HandlerGroup.objects.for_unit(unit, Kind.UTH) is None:
        return None
    occurred = datetime.combine(
        today - timedelta(days=12), time(18, 30), tzinfo=timezone.get_current_timezone()
    )
    incident = services.report_incident(
        data={
            "citizen": citizen,
            "occurred_at": occurred,
            "unit": unit,
            "description": "Aftenbesøget kom ikke, og jeg fik ikke min medicin før næste morgen.",
            "reported_actual": Severity.MILD,
            "reported_possible": Severity.MODERATE,
            "prevention": "Ring til mig, hvis besøget bliver aflyst.",
        },
        source=Source.PUBLIC,
    )
    if out:
        out.write(f"Incidents: a public report linked to Min side's demo citizen ({incident.receipt_code})\n")
    return incident


def _report_units(units):
    """Where staff report from: the teams and units (not the home-care umbrella unit)."""
    return [
        u for u in units.values() if u.kind in (UnitKind.TEAM, UnitKind.UNIT) and u.code != "hjemmeplejen"
    ]


def _staff_by_unit():
    staff_by_unit = {}
    for unit_id, user_id in Membership.objects.values_list("unit_id", "user_id"):
        staff_by_unit.setdefault(unit_id, []).append(user_id)
    return staff_by_unit


def _fallback_reporters():
    return list(
        get_user_model()
        .objects.filter(username__in=["ssh.vest", "ssh.oest", "ssa.midt", "sygeplejerske"])
        .values_list("pk", flat=True)
    )


def seed_incidents(rng, now, units, groups):
    """A year of UTH reports across areas and types (falls and medication largest), and use of force."""
    router = dpsd.Router()
    types = {t.code: t for t in IncidentType.objects.all()}
    report_units = _report_units(units)
    other_areas = [
        units[c]
        for c in (
            "sygeplejen",
            "akutteamet",
            "rac",
            "privat-1",
            "privat-2",
            "privat-3",
            "voksenhandicap",
            "tandplejen",
            "sundhedsplejen",
            "rusmiddelcentret",
            "velfaerdsraadgivningen",
        )
        if c in units
    ]
    staff_by_unit = _staff_by_unit()
    fallback = _fallback_reporters()
    citizens_by_unit = {}
    for unit_id, citizen_id in CitizenUnit.objects.values_list("unit_id", "citizen_id"):
        citizens_by_unit.setdefault(unit_id, []).append(citizen_id)
    members = {g.pk: list(g.members.values_list("pk", flat=True)) for g in groups.values()}
    incidents, plans = [], []
    for _i in range(720):
        unit = rng.choice(report_units) if rng.random() < 0.85 else rng.choice(other_areas)
        type_code = _weighted(rng, TYPE_WEIGHTS)
        actual, possible = _severities(rng)
        occurred = now - timedelta(days=rng.uniform(0, 365), hours=rng.randint(0, 23))
        created = occurred + timedelta(hours=rng.uniform(0.2, 20))
        if created > now:
            created = now
        group = router.group_of(unit.pk)
        handlers = members.get(group.pk) if group else None
        age = (now - created).days
        status = (
            Status.CLOSED
            if age > 30 or (age > 7 and rng.random() < 0.6)
            else rng.choice([Status.RECEIVED, Status.IN_PROGRESS, Status.IN_PROGRESS])
        )
        if status == Status.CLOSED and rng.random() < 0.05:
            status = Status.REJECTED
        assigned = rng.choice(handlers) if handlers and status != Status.RECEIVED else None
        closed_at = (
            created + timedelta(days=rng.uniform(1, 40))
            if status in (Status.CLOSED, Status.REJECTED)
            else None
        )
        if closed_at and closed_at > now:
            closed_at = now
        reporter = rng.choice(staff_by_unit.get(unit.pk) or fallback)
        cit = citizens_by_unit.get(unit.pk)
        verified = status != Status.RECEIVED and rng.random() < 0.7
        final_actual = actual
        if verified and rng.random() < 0.25:
            order = ["none", "mild", "moderate", "severe", "fatal"]
            final_actual = order[max(0, min(4, order.index(actual) + rng.choice([-1, 1])))]
        inc = Incident(
            kind=Kind.UTH,
            unit=unit,
            type=types.get(type_code),
            occurred_at=occurred,
            created_at=created,
            touched_at=closed_at or created + timedelta(days=rng.uniform(0, 8)),
            description=rng.choice(TEXTS[type_code]),
            immediate_action=rng.choice(["", "Læge kontaktet.", "Borger observeret i døgnet."]),
            prevention=rng.choice(["", "Dobbelttjek ved aftenbesøg.", "Faldalarm og bedre belysning."]),
            reported_actual=actual,
            reported_possible=possible,
            actual_severity=final_actual,
            possible_severity=max(
                possible, final_actual, key=["none", "mild", "moderate", "severe", "fatal"].index
            ),
            severity_verified=verified,
            reported_by_id=reporter,
            handler_group=group,
            assigned_to_id=assigned,
            citizen_id=rng.choice(cit) if cit and rng.random() < 0.6 else None,
            status=status,
            closed_at=closed_at,
            reject_reason="duplicate" if status == Status.REJECTED else "",
            feedback=rng.choice(FEEDBACK) if status in (Status.CLOSED, Status.REJECTED) else "",
            feedback_at=closed_at,
            causes="Travlhed og manglende overlevering." if status == Status.CLOSED else "",
        )
        if inc.touched_at > now:
            inc.touched_at = now
        incidents.append(inc)
        plans.append((verified, actual, final_actual, possible))
    for _m in range(60):
        unit = rng.choice(report_units)
        occurred = now - timedelta(days=rng.uniform(6, 365))  # reported, handled and closed by now
        incidents.append(
            Incident(
                kind=Kind.FORCE,
                unit=unit,
                occurred_at=occurred,
                created_at=occurred + timedelta(hours=2),
                touched_at=occurred + timedelta(days=3),
                description="Borger modsatte sig personlig hygiejne.",
                reported_actual="none",
                reported_possible="none",
                actual_severity="none",
                possible_severity="none",
                reported_by_id=rng.choice(staff_by_unit.get(unit.pk) or fallback),
                handler_group=groups["magtanvendelse"],
                status=Status.CLOSED,
                closed_at=occurred + timedelta(days=5),
                feedback="Gennemgået og godkendt.",
                feedback_at=occurred + timedelta(days=5),
                force_group=rng.choice(list(ForceGroup)),
                **dict(
                    zip(
                        ("force_paragraph", "force_measure"),
                        rng.choice([("126a", "hygiene"), ("125", "alarm"), ("127", "keeping_back")]),
                        strict=True,
                    )
                ),
                force_reason="Afværge nærliggende risiko for væsentlig personskade.",
                force_minutes=rng.randint(2, 30),
                force_performed_by="To medarbejdere fra teamet",
                force_assessment="Nødvendig og proportional.",
            )
        )
        plans.append((False, "none", "none", "none"))
    Incident.objects.bulk_create(incidents, batch_size=500)
    return incidents, plans


def seed_case_history(rng, now, incidents, plans):
    """What handling left behind: case events, verified severities, actions, analyses, handler rights."""
    fallback = _fallback_reporters()
    changes, events, actions, analyses, perms = [], [], [], [], []
    perm = Permission.objects.get(codename=HANDLE_PERM, content_type__app_label="incidents")
    today = timezone.localdate(now)
    for inc, (verified, actual, final_actual, possible) in zip(incidents, plans, strict=True):
        events.append(
            CaseEvent(incident=inc, what=CaseEvent.What.REPORTED, by_id=inc.reported_by_id, at=inc.created_at)
        )
        if inc.assigned_to_id:
            events.append(
                CaseEvent(
                    incident=inc,
                    what=CaseEvent.What.TAKEN,
                    by_id=inc.assigned_to_id,
                    at=min(inc.created_at + timedelta(hours=6), now),
                )
            )
            perms.append(
                IncidentUserObjectPermission(user_id=inc.assigned_to_id, permission=perm, content_object=inc)
            )
        if verified and inc.assigned_to_id:
            at = min(inc.created_at + timedelta(days=1), now)
            changes.append(
                SeverityChange(
                    incident=inc,
                    field="actual",
                    from_value=actual,
                    to_value=final_actual,
                    reason="Vurderet efter samtale med teamet.",
                    by_id=inc.assigned_to_id,
                    at=at,
                )
            )
            changes.append(
                SeverityChange(
                    incident=inc,
                    field="possible",
                    from_value=possible,
                    to_value=inc.possible_severity,
                    reason="Vurderet efter samtale med teamet.",
                    by_id=inc.assigned_to_id,
                    at=at,
                )
            )
        if inc.status in (Status.CLOSED, Status.REJECTED) and inc.kind == Kind.UTH:
            what = CaseEvent.What.CLOSED if inc.status == Status.CLOSED else CaseEvent.What.REJECTED
            events.append(CaseEvent(incident=inc, what=what, by_id=inc.assigned_to_id, at=inc.closed_at))
        if inc.kind == Kind.UTH and inc.assigned_to_id and rng.random() < 0.3:
            due = timezone.localdate(inc.created_at) + timedelta(days=rng.randint(7, 45))
            done = (
                inc.created_at + timedelta(days=rng.randint(3, 30))
                if due < today and rng.random() < 0.8
                else None
            )
            actions.append(
                Action(
                    incident=inc,
                    what=rng.choice(
                        [
                            "Opdatér instruks for dosisæsker",
                            "Faldrisikovurdering af borgeren",
                            "Undervisning i medicinhåndtering",
                        ]
                    ),
                    responsible="Teamleder",
                    due=due,
                    done_at=done and min(done, now),
                    created_by_id=inc.assigned_to_id,
                    created_at=inc.created_at,
                )
            )
        if (
            inc.kind == Kind.UTH
            and inc.status == Status.CLOSED
            and inc.actual_severity in ("severe", "fatal")
        ):
            analyses.append(
                Analysis(
                    incident=inc,
                    timeline="Kl. 07.30 morgenbesøg ...\nKl. 08.15 læge kontaktet.",
                    causes="Manglende overlevering mellem vagter.",
                    contributing_factors="Ny medarbejder, travl vagt.",
                    actions="Fast overleveringsskema indføres.",
                    learning_points="Overlevering skal være skriftlig.",
                    completed=True,
                    updated_by_id=inc.assigned_to_id or fallback[0],
                    updated_at=inc.closed_at,
                )
            )
    SeverityChange.objects.bulk_create(changes, batch_size=1000)
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    Action.objects.bulk_create(actions, batch_size=1000)
    Analysis.objects.bulk_create(analyses, batch_size=500)
    IncidentUserObjectPermission.objects.bulk_create(perms, batch_size=1000)
    return analyses


def seed_short_forms(rng, today, units):
    short_types = list(ShortFormType.objects.filter(active=True))
    short_weights = [
        40 if t.code == "fald" else 40 if t.code == "medicinadministration" else 10 for t in short_types
    ]
    report_units = _report_units(units)
    staff_by_unit = _staff_by_unit()
    short_units = [u for u in report_units if staff_by_unit.get(u.pk)]
    shorts = []
    for _s in range(1500):
        unit = rng.choice(short_units)
        shorts.append(
            ShortForm(
                occurred_on=today - timedelta(days=rng.randint(0, 365)),
                unit=unit,
                type=rng.choices(short_types, weights=short_weights)[0],
                severity=rng.choice(["none", "none", "mild"]),
                description=rng.choice(SHORT_TEXTS),
                reported_by_id=rng.choice(staff_by_unit[unit.pk]),
            )
        )
    ShortForm.objects.bulk_create(shorts, batch_size=1000)
    return shorts


def seed_month_discussions(rng, today):
    """Team leaders' monthly marks of the staff-group discussion, for the twelve months behind."""
    months = [dpsd.previous_month(today)]
    for _k in range(11):
        months.append(dpsd.previous_month(months[-1]))
    leaders = Membership.objects.filter(is_leader=True, unit__kind=UnitKind.TEAM).values_list(
        "unit_id", "user_id"
    )
    marks = [
        MonthDiscussion(
            unit_id=unit_id,
            month=m,
            by_id=user_id,
            actions=rng.choice(
                [
                    "Faldforebyggelse gennemgået; ekstra tjek af rollatorer.",
                    "Dobbelttjek af dosisæsker ved aftenbesøg fortsætter.",
                ]
            ),
            at=timezone.make_aware(datetime.combine(dpsd.month_bounds(m)[2], time(14))),
        )
        for unit_id, user_id in leaders
        for m in months
        if rng.random() < 0.85
    ]
    MonthDiscussion.objects.bulk_create(marks, ignore_conflicts=True)
    return months


def seed_dpsd_reports(months, now):
    User = get_user_model()
    for m in reversed(months):
        dpsd.build_report(m)
    DpsdReport.objects.exclude(month=months[0]).update(
        sent_at=now, sent_by=User.objects.filter(username="risikomanager").first()
    )
