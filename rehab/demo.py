"""Demo data for the rehab module: a realistic month on the bed board (80–95 % occupied), a waiting
list, open discharge notices (some overdue), pathways in every state and follow-ups due.
Idempotent (skips when stays exist) and deterministic (fixed seed)."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from carecore.models import UnitKind
from citizens.fsiii import FUNCTION_LABELS
from citizens.models import Citizen

from . import services
from .models import (
    ApvResult,
    Bed,
    BedKind,
    Decision,
    DischargeNotice,
    Evaluation,
    FollowUp,
    HomeAssessment,
    Pathway,
    PathwayKind,
    PathwayResult,
    PathwayScore,
    PathwayStatus,
    ScorePhase,
    Stay,
    StayType,
    WaitingListEntry,
)
from .reference import ensure_reference_data
from .services import add_months

SEED = 4711
WARDS = [
    "Ortopædkirurgisk afd. O2",
    "Medicinsk afd. M3",
    "Geriatrisk afd. G1",
    "Kardiologisk afd. K4",
    "Lungemedicinsk afd. L2",
    "Neurologisk afd. N1",
]
NEEDS = [
    "Hjælp til personlig pleje morgen og aften; gangfunktion nedsat efter hoftefraktur.",
    "Nyopstartet insulin; behov for sygepleje og tilsyn.",
    "Faldet i hjemmet; usikker ved forflytning.",
    "KOL i forværring; iltbehandling i hjemmet.",
    "Træthed og vægttab; afklaring af funktionsniveau.",
    "Apopleksi; genoptræningsplan fra sygehuset.",
]
GOALS = [
    "Jeg vil selv kunne gå ned efter avisen.",
    "Jeg vil kunne tage bad uden hjælp.",
    "Jeg vil kunne lave min egen morgenmad igen.",
    "Jeg vil kunne gå en tur med min hund.",
    "Jeg vil kunne handle ind i Brugsen selv.",
    "Jeg vil kunne komme op af sengen om morgenen selv.",
]
INTERVENTIONS = [
    "Træning af gang og balance 3 gange om ugen.",
    "ADL-træning i badesituationen.",
    "Køkkentræning og energibesparende arbejdsstillinger.",
    "Styrketræning af ben og hofte.",
]


def _aware(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed(out=None, **options):
    with transaction.atomic():
        ensure_reference_data()
        if Stay.objects.exists():
            if out:
                out.write("Rehab: already seeded\n")
            return
        build(out)


def build(out=None, rng=None, citizen_ids=None):
    """A month on the bed board, a waiting list, discharge notices and pathways; shared by the demo
    and the benchmark."""
    rng = rng or random.Random(SEED)
    User = get_user_model()
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["visitator", "sygeplejerske", "terapeut", "rehab.01", "rehab.02", "akutteamet.01"]
        )
    }
    visitator = users.get("visitator") or User.objects.filter(groups__name="visitator").first()
    nurse = users.get("sygeplejerske") or visitator
    therapists = [u for name in ("terapeut", "rehab.01", "rehab.02") if (u := users.get(name))] or [visitator]
    if visitator is None:
        return
    ids = citizen_ids or list(
        Citizen.objects.filter(serving__unit__kind=UnitKind.TEAM)
        .order_by("id")
        .values_list("id", flat=True)
        .distinct()
    )
    pool = iter(ids)
    now = timezone.now()
    today = timezone.localdate()
    types = list(StayType.objects.filter(is_active=True, is_acute=False))
    acute = StayType.objects.filter(is_acute=True).first()
    stays = seed_stays(rng, pool, now, today, types, acute, visitator=visitator, nurse=nurse)
    waiting = seed_waiting_list(rng, pool, today, types, visitator=visitator)
    notices = seed_discharge_notices(rng, pool, now, visitator=visitator)
    seed_pathways(rng, pool, therapists, today, now)
    if out:
        out.write(f"Rehab: {len(stays)} stays, {len(waiting)} waiting, {len(notices)} discharge notices\n")


def seed_stays(rng, pool, now, today, types, acute, *, visitator, nurse):
    """Each active bed filled from about 40 days back to a few weeks ahead, with short gaps. Booked (and,
    when over, discharged) through the services a visitator or the akutteam's nurse uses, each on its day,
    so the length rules, the overlap checks, the journal and home care's pauses all apply."""
    stays = []
    plans, pool_ids = [], []
    for bed in Bed.objects.filter(is_active=True):
        t = _aware(today - timedelta(days=rng.randint(35, 45)), rng.choice([10, 11, 13]))
        horizon = _aware(today + timedelta(days=rng.randint(10, 28)), 12)
        while t < horizon:
            stay_type = acute if bed.kind == BedKind.ACUTE else rng.choice(types)
            days = (
                rng.randint(1, 3)
                if bed.kind == BedKind.ACUTE
                else max(3, stay_type.standard_days + rng.randint(-4, 3))
            )
            end = t + timedelta(days=days, hours=rng.choice([-2, 0, 1]))
            if bed.kind == BedKind.ACUTE:
                end = min(end, t + timedelta(days=3))
            citizen_id = next(pool, None)
            if citizen_id is None:
                break
            booked = min(t - timedelta(days=rng.randint(0, 3)), now)
            plans.append((bed, citizen_id, stay_type, t, end, booked))
            pool_ids.append(citizen_id)
            gap = (
                rng.choice([0, 0, 0, 1, 1, 2]) if bed.kind == BedKind.TEMPORARY else rng.choice([0, 1, 2, 3])
            )
            t = end + timedelta(days=gap, hours=rng.choice([0, 2, 3]))
    citizens = Citizen.objects.in_bulk(pool_ids)
    # In the order they were booked, as the visitator and the akutteam booked them.
    for bed, citizen_id, stay_type, start, end, booked in sorted(plans, key=lambda p: (p[5], p[3])):
        by = nurse if bed.kind == BedKind.ACUTE else visitator
        over = end - start > timedelta(days=stay_type.standard_days)
        stay = services.assign_bed(
            bed=bed,
            citizen=citizens[citizen_id],
            stay_type=stay_type,
            starts_at=start,
            ends_at=end,
            reason="Afventer hjælpemidler i hjemmet" if over else "",
            by=by,
            now=booked,
        )
        stays.append(stay)
    for stay in sorted(stays, key=lambda s: s.ends_at):
        if stay.ends_at <= now:
            services.end_stay(
                stay, at=stay.ends_at, reason="Udskrevet til eget hjem", by=stay.created_by, now=stay.ends_at
            )
    return stays


def seed_waiting_list(rng, pool, today, types, *, visitator):
    waiting = []
    for n in range(6):
        citizen_id = next(pool, None)
        if citizen_id is None:
            break
        stay_type = rng.choice(types)
        waiting.append(
            WaitingListEntry(
                citizen_id=citizen_id,
                stay_type=stay_type,
                priority=services.priority_for(stay_type),
                granted_on=today - timedelta(days=rng.randint(0, 9)),
                created_by=visitator,
                note=rng.choice(WARDS) if n % 2 else "",
            )
        )
    WaitingListEntry.objects.bulk_create(waiting)
    return waiting


def seed_discharge_notices(rng, pool, now, *, visitator):
    """Open notices (some overdue) and decided ones, a home assessment (APV) where decided so."""
    notices = []
    for n in range(14):
        citizen_id = next(pool, None)
        if citizen_id is None:
            break
        expected = (
            now + timedelta(hours=rng.randint(-40, 96)) if n < 8 else now - timedelta(days=rng.randint(2, 20))
        )
        decided = n >= 8
        decision = (
            [Decision.HOME_WITH_HELP, Decision.HOME_AFTER_APV, Decision.TEMPORARY_BED][n % 3]
            if decided
            else ""
        )
        notices.append(
            DischargeNotice(
                citizen_id=citizen_id,
                ward=rng.choice(WARDS),
                expected_at=expected,
                needs=rng.choice(NEEDS),
                training_plan=rng.random() < 0.3,
                source="hospital" if n % 2 else "manual",
                external_ref=f"DEMO-{n:04d}" if n % 2 else "",
                decision=decision,
                decision_note="Vurderet ud fra udskrivningsrapport og samtale med borger." if decided else "",
                decided_at=expected - timedelta(hours=6) if decided else None,
                decided_by=visitator if decided else None,
                created_by=visitator,
                created_at=min(expected - timedelta(days=2), now),
            )
        )
    DischargeNotice.objects.bulk_create(notices)
    HomeAssessment.objects.bulk_create(
        [
            HomeAssessment(
                notice=n,
                visit_date=timezone.localdate(n.expected_at),
                assessor=visitator,
                risks=["rugs", "bed_height"],
                aids="Plejeseng og badetaburet",
                result=ApvResult.SAFE_WITH_AIDS,
                follow_up="Plejeseng leveres inden opstart",
                follow_up_on=timezone.localdate(n.expected_at),
            )
            for n in notices
            if n.decision == Decision.HOME_AFTER_APV
        ]
    )

    return notices


def seed_pathways(rng, pool, therapists, today, now):
    codes = sorted(FUNCTION_LABELS)
    plans = (
        ["planned"] * 3
        + ["active"] * 6
        + ["ended_due"] * 2
        + ["ended_overdue"] * 2
        + ["ended_later"] * 2
        + ["closed"] * 4
    )
    pathways, meta = [], []
    for n, state in enumerate(plans):
        citizen_id = next(pool, None)
        if citizen_id is None:
            break
        therapist = therapists[n % len(therapists)]
        kind = PathwayKind.TRAINING_140 if state == "planned" or n % 5 == 0 else PathwayKind.REHAB_83A
        p = Pathway(
            citizen_id=citizen_id,
            kind=kind,
            therapist=therapist,
            goals=rng.choice(GOALS),
            interventions=rng.choice(INTERVENTIONS),
            planned_weeks=rng.choice([8, 10, 12]),
            created_by=therapist,
        )
        if state == "planned":
            p.status = PathwayStatus.PLANNED
            p.start_deadline = today + timedelta(days=rng.choice([-2, 3, 6]))
            p.hospital = rng.choice(WARDS)
        elif state == "active":
            p.status, p.start_on = PathwayStatus.ACTIVE, today - timedelta(days=rng.randint(3, 60))
        else:
            months = {"ended_due": 1, "ended_overdue": 1, "ended_later": 0, "closed": 3}[state]
            end_on = add_months(today, -months) - timedelta(
                days={"ended_overdue": 5, "ended_later": 10}.get(state, 0)
            )
            if state == "closed":
                end_on -= timedelta(days=5)
            p.start_on, p.end_on = end_on - timedelta(weeks=p.planned_weeks), end_on
            p.result = rng.choice(
                [PathwayResult.MET, PathwayResult.MET, PathwayResult.PARTLY, PathwayResult.NOT_MET]
            )
            p.status = PathwayStatus.CLOSED if state == "closed" else PathwayStatus.ENDED
            p.end_note = "Borgeren klarer nu morgenplejen selv."
        pathways.append(p)
        meta.append(state)
    Pathway.objects.bulk_create(pathways)
    scores, evaluations, follow_ups = [], [], []
    for p, state in zip(pathways, meta, strict=True):
        if p.start_on:
            chosen = rng.sample(codes, 5)
            for code in chosen:
                level = rng.randint(1, 4)
                scores.append(PathwayScore(pathway=p, phase=ScorePhase.START, code=code, level=level))
                if p.end_on:
                    scores.append(
                        PathwayScore(
                            pathway=p,
                            phase=ScorePhase.END,
                            code=code,
                            level=max(0, level - rng.choice([0, 1, 1, 2])),
                        )
                    )
            if p.start_on + timedelta(days=14) <= today:
                evaluations.append(
                    Evaluation(
                        pathway=p,
                        on=p.start_on + timedelta(days=14),
                        by=p.therapist,
                        text="God fremgang; øger antal gentagelser.",
                    )
                )
        if p.end_on:
            for months in (1, 3):
                due = add_months(p.end_on, months)
                done = state == "closed" or (months == 1 and state == "ended_later")
                follow_ups.append(
                    FollowUp(
                        pathway=p,
                        months=months,
                        due_on=due,
                        done_at=timezone.make_aware(datetime.combine(due, time(11)))
                        if done and due <= today
                        else None,
                        done_by=p.therapist if done and due <= today else None,
                        reached=True if done else None,
                        status="Klarer sig godt, fastholder træningen." if done else "",
                    )
                )
    PathwayScore.objects.bulk_create(scores)
    Evaluation.objects.bulk_create(evaluations)
    FollowUp.objects.bulk_create(follow_ups)
