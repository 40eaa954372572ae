"""`make bench` hooks: the visitation's cases of a generated municipality in bulk, and its pages.

A third of the citizens have a case, most of them decided (a municipal team or, for one in six, a
private provider), the rest new, under assessment, rehabilitation first or refused, some due for
re-assessment. Letters are a stored placeholder: rendering 10,000 PDFs measures WeasyPrint, not us."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from carecore.models import Unit, UnitKind
from citizens.models import CitizenUnit

from .demo import PRIVATE_CODE, PRIVATE_LEADER, _private_leader
from .models import Case, CaseStatus, Decision, GrantedService, LawFrame, Outcome, Request, Service, Source

BATCH = 2000
LETTER = b"%PDF-1.4\n% bench placeholder\n"
STATES = [
    (CaseStatus.NEW, 8),
    (CaseStatus.ASSESSMENT, 8),
    (CaseStatus.REHAB_FIRST, 4),
    (CaseStatus.DECIDED, 75),
    (CaseStatus.REFUSED, 5),
]


def populate(citizen_ids, rng):
    if Request.objects.filter(reference__startswith="bench:").exists():
        return {"cases": 0}
    # Stays ended to home by the rehab hook have already opened a case for a few citizens.
    has_case = set(Case.objects.values_list("citizen_id", flat=True))
    visitator = get_user_model().objects.get(username="visitator")
    private = Unit.objects.get(code=PRIVATE_CODE)
    _private_leader(private)
    team_of = dict(
        CitizenUnit.objects.filter(citizen_id__in=citizen_ids, unit__kind=UnitKind.TEAM).values_list(
            "citizen_id", "unit_id"
        )
    )
    catalogue = list(Service.objects.filter(is_active=True, service_type__gt=""))
    now = timezone.now()
    today = timezone.localdate()
    states, weights = zip(*STATES, strict=True)
    cases = []
    for citizen_id in citizen_ids:
        if citizen_id not in team_of or citizen_id in has_case or rng.random() > 1 / 3:
            continue
        status = rng.choices(states, weights)[0]
        changed = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        provider_id = None
        reassess_on = None
        if status == CaseStatus.DECIDED:
            provider_id = private.pk if rng.random() < 1 / 6 else team_of[citizen_id]
            reassess_on = today + timedelta(days=rng.randrange(-30, 365))
        cases.append(
            Case(
                citizen_id=citizen_id,
                status=status,
                provider_id=provider_id,
                reassess_on=reassess_on,
                opened_at=changed - timedelta(days=rng.randrange(1, 30)),
                changed_at=changed,
            )
        )
    Case.objects.bulk_create(cases, batch_size=BATCH)
    sources = list(Source.values)
    Request.objects.bulk_create(
        [
            Request(
                case=c,
                source=rng.choice(sources),
                reference=f"bench:{c.citizen_id}",
                text="Har brug for hjælp til personlig pleje og rengøring.",
                proposed=[{"service": "Personlig pleje", "note": ""}],
                received_at=c.opened_at,
                updated_at=c.opened_at,
                created_by=visitator,
            )
            for c in cases
        ],
        batch_size=BATCH,
    )
    decided = [c for c in cases if c.status in (CaseStatus.DECIDED, CaseStatus.REFUSED)]
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                case=c,
                version=1,
                outcome=Outcome.GRANTED if c.status == CaseStatus.DECIDED else Outcome.REFUSED,
                law_frame=LawFrame.ELDERLY_ACT,
                legal_basis="Ældreloven",
                reasons="Borgeren kan ikke selv klare personlig pleje.",
                provider_id=c.provider_id,
                start_on=timezone.localdate(c.changed_at),
                reassess_on=c.reassess_on,
                letter=LETTER,
                decided_by=visitator,
                decided_at=c.changed_at,
            )
            for c in decided
        ],
        batch_size=BATCH,
    )
    GrantedService.objects.bulk_create(
        [
            GrantedService(
                decision=d,
                service=service,
                weekdays="".join(sorted(rng.sample("0123456", rng.randint(1, 7)))),
                minutes=service.standard_minutes or 30,
                legal_basis=service.basis_pension_age,
            )
            for d in decisions
            if d.outcome == Outcome.GRANTED
            for service in rng.sample(catalogue, rng.randint(1, 2))
        ],
        batch_size=BATCH,
    )
    # The private provider serves the citizens it has orders for (as services.decide links them).
    CitizenUnit.objects.bulk_create(
        [CitizenUnit(citizen_id=c.citizen_id, unit=private) for c in decided if c.provider_id == private.pk],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return {"cases": len(cases), "decisions": len(decisions)}


def pages():
    case = Case.objects.filter(status=CaseStatus.DECIDED).order_by("pk").values("pk", "citizen_id").first()
    team = Unit.objects.filter(code="vest-team-1").first()
    leader = f"teamleder.{team.code}" if team else "leder.vest"
    rows = [
        ("Visitation, sagsliste", "/visitation/", "visitator"),
        ("Visitation, nye anmodninger", "/visitation/?status=new", "visitator"),
        ("Visitation, ordrer (teamleder)", "/visitation/", leader),
        ("Visitation, ordrer (områdeleder)", "/visitation/", "leder.vest"),
        ("Visitation, ordrer (privat leverandør)", "/visitation/", PRIVATE_LEADER),
    ]
    if case:
        rows += [
            ("Visitationssag", f"/visitation/{case['pk']}/", "visitator"),
            ("Borgerens forløb", f"/borgere/{case['citizen_id']}/forloeb/", "visitator"),
        ]
    return rows
