"""Demo home care: competences, visit plans, two weeks of visits behind and ahead (past ones delivered,
some not delivered with reasons), triage entries and start-up meetings whose answers give the slides'
table for Område Midt. Deterministic (fixed seed) and idempotent. Visits are generated and assigned in bulk
(the planner's rule, in memory); observations, triage and start-up meetings go through the services a
user's action goes through, each dated on its day."""

import random
from collections import defaultdict
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import override

from carecore.demo import DEMO_USERS
from carecore.models import Unit, UnitKind
from carecore.roles import Role
from citizens.models import Citizen, CitizenStatus, CitizenUnit

from . import roster, services
from .delegation import Delegation, Level, delegate, held_tasks
from .models import (
    ChangeItem,
    Clinic,
    DelegatedTask,
    NotDeliveredReason,
    Recurrence,
    ServiceType,
    StaffCompetence,
    TriageColour,
    Visit,
    VisitPlan,
    VisitStatus,
)

SEED = 4711
PAST_DAYS = 14

# (service, title, tasks, delegated task, recurrence, weekdays, every n weeks, window start choices, window
#  minutes, duration choices, weight)
PLAN_KINDS = [
    (
        ServiceType.PERSONAL_CARE,
        "Morgenpleje",
        "Hjælp til bad\nHjælp til påklædning\nMorgenmad og drikke",
        "",
        Recurrence.DAILY,
        "",
        1,
        ["07:00", "07:30", "08:00", "08:30", "09:00", "09:30"],
        60,
        [30, 40, 45],
        10,
    ),
    (
        ServiceType.PERSONAL_CARE,
        "Aftenpleje",
        "Hjælp til afklædning\nToiletbesøg\nSengen gjort klar",
        "",
        Recurrence.DAILY,
        "",
        1,
        ["18:00", "19:00", "20:00", "21:00"],
        60,
        [20, 30],
        6,
    ),
    (
        ServiceType.NURSING,
        "Medicin",
        "Medicin givet efter dosisdispensering\nNotér evt. bivirkninger",
        DelegatedTask.MEDICINE,
        Recurrence.DAILY,
        "",
        1,
        ["11:30", "12:00", "12:30"],
        60,
        [10, 15],
        4,
    ),
    (
        ServiceType.NURSING,
        "Støttestrømper",
        "Støttestrømper på\nTjek huden på benene",
        DelegatedTask.COMPRESSION,
        Recurrence.DAILY,
        "",
        1,
        ["10:00", "10:30"],
        60,
        [15],
        3,
    ),
    (
        ServiceType.NURSING,
        "Øjendråber",
        "Øjendråber i begge øjne",
        DelegatedTask.EYE_DROPS,
        Recurrence.WEEKLY,
        "0246",
        1,
        ["16:00", "16:30"],
        60,
        [10],
        2,
    ),
    (
        ServiceType.PRACTICAL_HELP,
        "Rengøring",
        "Støvsugning\nGulvvask\nBadeværelse",
        "",
        Recurrence.EVERY_N_WEEKS,
        None,
        2,
        ["10:00", "11:00", "13:00", "14:00"],
        120,
        [60],
        5,
    ),
    (
        ServiceType.PRACTICAL_HELP,
        "Indkøb og tøjvask",
        "Indkøb efter liste\nTøjvask",
        "",
        Recurrence.WEEKLY,
        None,
        1,
        ["13:00", "14:00"],
        120,
        [45],
        3,
    ),
]

# Område Midt's start-up meeting survey as on the slides: 23 held, 18 ready for follow-up,
# baseline (13 answers) and first measurement (5 answers) averages per question.
SLIDE_HELD, SLIDE_READY = 23, 18
SLIDE_BASELINE = (13, [75, 78, 74, 80])  # 5.77, 6.00, 5.69, 6.15
SLIDE_FIRST = (5, [37, 32, 39, 40])  # 7.40, 6.40, 7.80, 8.00


def spread(total, n, rng):
    """n whole scores 0–10 with the given sum, varied but deterministic for the rng."""
    scores = [total // n + (1 if i < total % n else 0) for i in range(n)]
    for _ in range(n * 2):
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b and scores[a] < 10 and scores[b] > 0:
            scores[a] += 1
            scores[b] -= 1
    return scores


def answer_rows(count_and_sums, rng):
    count, sums = count_and_sums
    columns = [spread(s, count, rng) for s in sums]
    return [tuple(col[i] for col in columns) for i in range(count)]


def _hm(value):
    h, m = value.split(":")
    return time(int(h), int(m))


def team_of(citizen_ids):
    """{citizen_id: home-care team id} (the first team serving each citizen)."""
    result = {}
    rows = (
        CitizenUnit.objects.filter(citizen_id__in=citizen_ids, unit__kind=UnitKind.TEAM)
        .values_list("citizen_id", "unit_id")
        .order_by("citizen_id", "unit_id")
    )
    for citizen_id, unit_id in rows:
        result.setdefault(citizen_id, unit_id)
    return result


def grant_competences(rng):
    """SSAs hold the whole delegation catalogue; about a third of the SSHs are trained for stockings
    and eye drops (ssh.vest among them)."""
    User = get_user_model()
    rows = []
    for user in User.objects.filter(groups__name__in=[Role.SSA.value, Role.SSH.value]).prefetch_related(
        "groups"
    ):
        roles = {g.name for g in user.groups.all()}
        if Role.SSA.value in roles:
            rows += [StaffCompetence(user=user, task=t) for t in DelegatedTask.values]
        elif user.username == "ssh.vest" or rng.random() < 0.35:
            rows += [
                StaffCompetence(user=user, task=t)
                for t in (DelegatedTask.COMPRESSION, DelegatedTask.EYE_DROPS)
            ]
    StaffCompetence.objects.bulk_create(rows, ignore_conflicts=True)


def grant_delegations(team_ids, *, since):
    """Each home-care team's delegation catalogue, delegated by a nurse through the nurse's own action:
    every task to the team at SSA level, stockings and eye drops at SSH level, in force from `since` and
    reviewed in about four months. Teams that already have a team-wide delegation are left alone."""
    User = get_user_model()
    nurse = (
        User.objects.filter(username="sygeplejerske").first()
        or User.objects.filter(groups__name=Role.NURSE.value, is_active=True).order_by("id").first()
    )
    if nurse is None:
        return 0
    done = set(
        Delegation.objects.filter(team_id__in=team_ids, carer__isnull=True).values_list("team_id", flat=True)
    )
    today = timezone.localdate()
    made = 0
    for team in Unit.objects.filter(pk__in=set(team_ids) - done).order_by("pk"):
        wanted = [(t, Level.SSA) for t in DelegatedTask.values]
        wanted += [(DelegatedTask.COMPRESSION, Level.SSH), (DelegatedTask.EYE_DROPS, Level.SSH)]
        for n, (task, level) in enumerate(wanted):
            delegate(
                team=team,
                task=task,
                level=level,
                instruction="Efter instruks fra sygeplejen; kontakt sygeplejerske ved ændringer",
                valid_from=since,
                valid_until=today + timedelta(days=100 + 7 * ((team.pk + n) % 5)),
                by=nurse,
            )
            made += 1
    return made


def build_plans(citizen_ids, rng, *, created_by, starts_on):
    teams = team_of(citizen_ids)
    weights = [k[-1] for k in PLAN_KINDS]
    plans = []
    for citizen_id in citizen_ids:
        team_id = teams.get(citizen_id)
        if team_id is None:
            continue
        kinds = {id(k): k for k in rng.choices(PLAN_KINDS, weights=weights, k=rng.randint(1, 3))}
        for kind in kinds.values():
            service, title, tasks, task, recurrence, weekdays, interval, starts, window, durations, _w = kind
            if weekdays is None:
                weekdays = str(rng.randrange(5))
            start = _hm(rng.choice(starts))
            end_minutes = min(start.hour * 60 + start.minute + window, 23 * 60 + 59)
            plans.append(
                VisitPlan(
                    citizen_id=citizen_id,
                    team_id=team_id,
                    service_type=service,
                    title=title,
                    tasks=tasks,
                    delegated_task=task,
                    recurrence=recurrence,
                    weekdays=weekdays,
                    interval_weeks=interval,
                    window_start=start,
                    window_end=time(end_minutes // 60, end_minutes % 60),
                    duration_minutes=rng.choice(durations),
                    starts_on=starts_on,
                    created_by=created_by,
                )
            )
    VisitPlan.objects.bulk_create(plans, batch_size=1000)
    return plans


def assign_and_deliver(visits, team_ids, rng, *, today, keep_unassigned=0.1, scatter=None):
    """Assign the teams' new (unsaved) visits day by day with the suggestion rule, in memory, and mark
    the past ones delivered, or not delivered with a reason; then write them all in one go (`_insert_rows`).
    `scatter` ({team_id: share}) makes a team pick any free qualified carer some of the time, so
    continuity differs between areas. Returns the number of visits assigned or closed."""
    scatter = scatter or {}
    visits = sorted(visits, key=lambda v: (v.date, v.starts_at))
    carers, teams = {}, {}
    for team in Unit.objects.filter(pk__in=team_ids):
        carers[team.pk] = services.team_carers(team)
        teams[team.pk] = team
    # The delegation catalogue of each team decides who may be given a delegated task (§138).
    competences = {}
    for team_id, team_carers in carers.items():
        competences.update(held_tasks(team_id, team_carers, today))
    by_team_day = defaultdict(list)
    for v in visits:
        if v.status == VisitStatus.PLANNED:
            by_team_day[(v.team_id, v.date)].append(v)
    continuity = defaultdict(int)
    now = timezone.now()
    changed = []
    for (team_id, day), day_visits in sorted(by_team_day.items(), key=lambda kv: kv[0][1]):
        team_carers = carers.get(team_id, [])
        # From today on the teams plan by their roster (seed_roster); the past was before it.
        day_roster = (
            roster.DayRoster(teams[team_id], day, [c.pk for c in team_carers]) if day >= today else None
        )
        planner = services.DayPlanner(team_carers, [], competences, continuity, day_roster)
        for v in day_visits:
            if day >= today and rng.random() < keep_unassigned:
                continue
            if rng.random() < scatter.get(team_id, 0):
                free = [
                    c
                    for c in planner.carers
                    if planner.at_work(c, v) and planner.qualified(c, v) and planner.free(c, v)
                ]
                carer = rng.choice(free) if free else None
            else:
                carer = planner.suggest(v)
            past = v.ends_at < now and day < today
            if carer is None:
                if past:
                    v.status, v.finished_at, v.reason = (
                        VisitStatus.NOT_DELIVERED,
                        v.ends_at,
                        NotDeliveredReason.OTHER,
                    )
                    v.reason_text = "Ingen ledig medarbejder med den rette kompetence"
                    v.finished_by = None
                    changed.append(v)
                continue
            planner.book(carer, v)
            v.assigned_to = carer
            if past:
                roll = rng.random()
                if roll < 0.05:
                    v.status = VisitStatus.NOT_DELIVERED
                    v.reason = rng.choice(
                        [
                            NotDeliveredReason.NOT_HOME,
                            NotDeliveredReason.CANCELLED,
                            NotDeliveredReason.ADMITTED,
                            NotDeliveredReason.OTHER,
                        ]
                    )
                    v.reason_text = "Borger var hos frisør" if v.reason == NotDeliveredReason.OTHER else ""
                    v.finished_at, v.finished_by = v.starts_at + timedelta(minutes=5), carer
                else:
                    v.status = VisitStatus.DELIVERED
                    v.started_at = v.starts_at + timedelta(minutes=rng.randint(-5, 20))
                    v.finished_at = (
                        v.started_at + (v.ends_at - v.starts_at) + timedelta(minutes=rng.randint(0, 10))
                    )
                    v.started_by = v.finished_by = carer
                    v.tasks_done = list(range(len(v.task_list)))
                    continuity[(v.citizen_id, carer.pk)] += 1
            changed.append(v)
    _insert_rows(visits)
    return len(changed)


def _insert_rows(objs):
    """Save new rows in bulk. PostgreSQL: streamed with COPY (seconds for the bench's visits, where
    bulk_create's SQL compilation and the row-by-row UPDATEs that followed took most of 17 minutes);
    elsewhere bulk_create."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=1000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    json = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
        ) as copy:
            for o in objs:
                copy.write_row(
                    [
                        f.get_db_prep_save(getattr(o, f.attname), connection)
                        if f.attname in json
                        else getattr(o, f.attname)
                        for f in fields
                    ]
                )


def build(citizen_ids, rng, *, created_by, past_days=PAST_DAYS, scatter=None):
    """Plans for the citizens, visits from `past_days` back to the horizon, assigned and (past) delivered."""
    today = timezone.localdate()
    plans = build_plans(
        citizen_ids, rng, created_by=created_by, starts_on=today - timedelta(days=past_days + 7)
    )
    start = timezone.make_aware(timezone.datetime.combine(today - timedelta(days=past_days), time(0, 0)))
    visits = services.new_visits(plans, now=start, days=past_days + services.HORIZON_DAYS)
    team_ids = {p.team_id for p in plans}
    grant_delegations(team_ids, since=today - timedelta(days=past_days + 7))
    return plans, assign_and_deliver(visits, team_ids, rng, today=today, scatter=scatter)


def seed_triage(citizen_ids, rng, *, nurse, authors):
    """Observations of the last three days through the carers' service (journal entry, suggested colour,
    red alerts to the area's nurses), a third confirmed or changed by the nurse as on the triage board."""
    now = timezone.now()
    chosen = rng.sample(citizen_ids, min(30, len(citizen_ids)))
    citizens = Citizen.objects.in_bulk(chosen)
    count = 0
    for i, citizen_id in enumerate(chosen):
        if i < 4:
            changes = [ChangeItem.FEVER, rng.choice([ChangeItem.TIRED, ChangeItem.EATS_LESS])]
        elif i < 16:
            changes = rng.sample(
                [
                    ChangeItem.TIRED,
                    ChangeItem.EATS_LESS,
                    ChangeItem.SKIN,
                    ChangeItem.MOBILITY,
                    ChangeItem.MOOD,
                    ChangeItem.SLEEP,
                    ChangeItem.PAIN,
                ],
                rng.randint(1, 2),
            )
        else:
            changes = [ChangeItem.SLEEP]
        author = rng.choice(authors)
        at = now - timedelta(hours=rng.randint(1, 72))
        observation = services.record_observation(citizens[citizen_id], by=author, changes=changes, now=at)
        count += 1
        if i % 3 == 0 or i >= 16:
            colour = TriageColour.GREEN if i >= 16 else observation.suggested_colour
            services.set_triage(
                citizens[citizen_id],
                by=nurse,
                colour=colour,
                action=TRIAGE_ACTIONS[colour],
                now=at + timedelta(minutes=45),
            )
            count += 1
    return count


TRIAGE_ACTIONS = {
    TriageColour.RED: "Sygeplejerske på besøg i dag; kontakt egen læge ved feber over 38,5",
    TriageColour.YELLOW: "Væskeskema i 3 dage, følges op på triagemødet",
    TriageColour.GREEN: "",
}


def seed_meetings(rng, *, booked_by):
    """Midt: the slides' numbers; Vest and Øst: a few booked and held meetings without answers. Booked,
    recorded and answered through the services, each on its day."""
    now = timezone.now()
    teams = {t.code: t for t in Unit.objects.filter(kind=UnitKind.TEAM)}
    midt = [t for code, t in teams.items() if code.startswith("midt-")]
    if not midt:
        return 0
    rows = list(
        Citizen.objects.filter(serving__unit__in=midt)
        .values_list("id", "serving__unit_id")
        .order_by("id")[: SLIDE_HELD + 4]
    )
    citizens = Citizen.objects.in_bulk([c for c, _t in rows])
    team_by_id = {t.pk: t for t in midt}
    held = []
    for i, (citizen_id, team_id) in enumerate(rows[:SLIDE_HELD]):
        days_ago = 35 + i * 3 if i < SLIDE_READY else 5 + i - SLIDE_READY
        held_at = now - timedelta(days=days_ago)
        meeting = services.book_meeting(
            citizens[citizen_id],
            team=team_by_id[team_id],
            scheduled_at=held_at,
            by=booked_by,
            now=held_at - timedelta(days=7),
        )
        held.append(
            services.record_meeting(
                meeting,
                held_at=held_at,
                attendees="Borger, datter, kontaktperson fra teamet",
                goals="Vil selv kunne klare morgenmaden og gå tur til postkassen.",
                by=booked_by,
            )
        )
    for citizen_id, team_id in rows[SLIDE_HELD:]:
        services.book_meeting(
            citizens[citizen_id],
            team=team_by_id[team_id],
            scheduled_at=now + timedelta(days=rng.randint(1, 10), hours=2),
            by=booked_by,
        )
    for measurement, (answers, after) in enumerate([(SLIDE_BASELINE, 0), (SLIDE_FIRST, 30)]):
        for meeting, scores in zip(held, answer_rows(answers, rng), strict=False):
            services.record_answers(
                meeting,
                measurement=measurement,
                scores=dict(zip(FIELDS, scores, strict=True)),
                by=booked_by,
                now=meeting.held_at + timedelta(days=after),
            )
    return len(rows)


FIELDS = ["q_seen", "q_coherent", "q_own_resources", "q_overall"]

# §138 nursing in the home, planned like home care on a nursing team: (title, tasks, delegated task, from,
# at the nursing clinic)
NURSE_PLANS = [
    ("Sårpleje", "Skift forbinding på venstre underben\nVurdér sårets heling", "", "08:00", False),
    ("Insulin", "Mål blodsukker\nGiv insulin efter ordination", DelegatedTask.INSULIN, "09:30", False),
    (
        "Sårpleje i klinikken",
        "Skift forbinding\nVurdér sårets heling",
        DelegatedTask.WOUND_CARE,
        "10:15",
        True,
    ),
    (
        "Medicin",
        "Giv medicin efter medicinlisten\nNotér evt. bivirkninger",
        DelegatedTask.MEDICINE,
        "11:00",
        False,
    ),
    ("Kateterpleje", "Skift kateterpose\nObservér urinen", DelegatedTask.CATHETER, "13:00", False),
    ("Medicin", "Giv medicin efter medicinlisten", DelegatedTask.MEDICINE, "17:30", False),
]
CLINIC = ("Sygeplejeklinikken, Sundhedshuset", "Sundhedsvej 4")


def seed_nurse_day():
    """Give the demo nurse `sygeplejerske` her visits: daily nursing plans on her nursing team for
    citizens of Område Midt (one of them at the nursing clinic), made by the nursing leader
    `leder.sygepleje`, today's visits generated (from midnight) and assigned to her through the
    planner's service. Idempotent. Returns the number of her visits today."""
    User = get_user_model()
    nurse = User.objects.filter(username="sygeplejerske").first()
    team = Unit.objects.filter(code="sygepleje-team-1").first()
    leader = User.objects.filter(username="leder.sygepleje").first()
    if nurse is None or team is None or leader is None:
        return 0
    today = timezone.localdate()
    plans = list(VisitPlan.objects.filter(team=team, created_by=leader).order_by("id"))
    if not plans:
        citizen_ids = list(
            Citizen.objects.filter(status=CitizenStatus.ACTIVE, serving__unit__code__startswith="midt-")
            .values_list("id", flat=True)
            .distinct()
            .order_by("id")[: len(NURSE_PLANS)]
        )
        clinic, _new = Clinic.objects.get_or_create(
            name=CLINIC[0], defaults={"address": CLINIC[1], "unit": team.parent or team}
        )
        for citizen_id, (title, tasks, task, start, at_clinic) in zip(citizen_ids, NURSE_PLANS, strict=False):
            begin = _hm(start)
            plans.append(
                services.save_plan(
                    VisitPlan(
                        citizen_id=citizen_id,
                        team=team,
                        service_type=ServiceType.NURSING,
                        title=title,
                        tasks=tasks,
                        delegated_task=task,
                        clinic=clinic if at_clinic else None,
                        recurrence=Recurrence.DAILY,
                        window_start=begin,
                        window_end=time(begin.hour + 1, begin.minute),
                        duration_minutes=30,
                        starts_on=today - timedelta(days=PAST_DAYS),
                    ),
                    by=leader,
                )
            )
    midnight = services.local_datetime(today, time(0, 0))
    services.generate_visits(now=midnight, plans=plans)
    mine = 0
    for visit in Visit.objects.filter(plan__in=plans, date=today).order_by("starts_at"):
        if visit.assigned_to_id is None and visit.status == VisitStatus.PLANNED:
            services.assign_visit(visit, nurse, by=leader)
        mine += 1
    return mine


@transaction.atomic
def seed(out=None, **options):
    def say(text):
        if out:
            out.write(text)

    if VisitPlan.objects.exists():
        result = services.generate_visits()
        nursing = seed_nurse_day()
        seed_delegations()
        seed_call_outs()
        say(
            f"Home care: plans already there; visits topped up ({result['created']} new, {nursing} nursing)\n"
        )
        return
    rng = random.Random(SEED)
    User = get_user_model()
    leader = User.objects.filter(username="leder.vest").first()
    nurse = User.objects.filter(username="sygeplejerske").first()
    if leader is None or nurse is None:
        say("Home care: demo users missing; run the core seeder first\n")
        return
    grant_competences(rng)
    seed_roster(rng, by=leader)
    citizen_ids = list(
        Citizen.objects.filter(status=CitizenStatus.ACTIVE, serving__unit__kind=UnitKind.TEAM)
        .values_list("id", flat=True)
        .distinct()
        .order_by("id")
    )
    oest = {t.pk: 0.0 for t in Unit.objects.filter(kind=UnitKind.TEAM, code__startswith="oest-")}
    scatter = {t.pk: 0.6 for t in Unit.objects.filter(kind=UnitKind.TEAM).exclude(pk__in=oest)}
    plans, visits = build(citizen_ids, rng, created_by=leader, scatter=scatter)
    authors = list(
        User.objects.filter(groups__name__in=[Role.SSH.value, Role.SSA.value]).select_related("staff")[:40]
    )
    with override("da"):
        triages = seed_triage(citizen_ids, rng, nurse=nurse, authors=authors) if citizen_ids else 0
    meetings = seed_meetings(rng, booked_by=leader)
    seed_nurse_day()
    seed_delegations()
    seed_call_outs()
    say(
        f"Home care: {len(plans)} visit plans, {Visit.objects.count()} visits ({visits} assigned or closed), "
        f"{triages} triage entries, {meetings} start-up meetings\n"
    )


ROSTER_DAYS = services.HORIZON_DAYS
SHIFT_TIMES = [
    (roster.ShiftKind.DAY, time(7, 0), time(15, 0)),
    (roster.ShiftKind.EVENING, time(15, 0), time(23, 0)),
    (roster.ShiftKind.NIGHT, time(23, 0), time(7, 0)),
]


def seed_roster(rng, *, by):
    """Each home-care team's roster for the coming two weeks, through the roster's services (in bulk): day,
    evening and night shifts; two of three carers on the day shift and the rest in the evening, one
    carer off sick today and one on holiday next week. Idempotent: a team with shifts keeps its roster.
    Returns the number of shifts rostered."""
    today = timezone.localdate()
    rostered = 0
    for team in Unit.objects.filter(kind=UnitKind.TEAM).order_by("id"):
        carers = services.team_carers(team)
        if not carers or roster.Shift.objects.filter(team=team).exists():
            continue
        shifts = {
            kind: roster.save_shift(team=team, kind=kind, starts=starts, ends=ends)
            for kind, starts, ends in SHIFT_TIMES
        }
        # The demo's own logins keep a plain day: on the day shift, never absent.
        others = [c for c in carers if c.username not in DEMO_USERS]
        evening = set(rng.sample(others, len(others) // 3))
        rows = [
            (shifts[roster.ShiftKind.EVENING if carer in evening else roster.ShiftKind.DAY], carer, day)
            for day in (today + timedelta(days=i) for i in range(ROSTER_DAYS))
            for carer in carers
        ]
        rostered += len(roster.assign_shifts(rows, by=by))
        if len(others) < 2:
            continue
        sick, away = others[0], others[-1]
        roster.record_staff_absence(
            team=team, user=sick, kind=roster.StaffAbsenceKind.SICK, starts_on=today, ends_on=today, by=sick
        )
        roster.record_staff_absence(
            team=team,
            user=away,
            kind=roster.StaffAbsenceKind.HOLIDAY,
            starts_on=today + timedelta(days=7),
            ends_on=today + timedelta(days=11),
            by=by,
        )
    return rostered


def seed_delegations():
    """The demo nurse's delegations in Område Midt: `ssa.midt` holds every task of the catalogue by
    name (one due for review within 14 days); the team-wide ones come from `grant_delegations`. Through
    the nurse's own action. Idempotent."""
    User = get_user_model()
    nurse = User.objects.filter(username="sygeplejerske").first()
    carer = User.objects.filter(username="ssa.midt").first()
    team = Unit.objects.filter(code="midt-team-1").first()
    if nurse is None or carer is None or team is None or Delegation.objects.filter(carer=carer).exists():
        return 0
    today = timezone.localdate()
    made = 0
    for i, task in enumerate(DelegatedTask.values):
        delegate(
            team=team,
            carer=carer,
            task=task,
            level=Level.SSA,
            instruction="Efter instruks fra sygeplejen; kontakt sygeplejerske ved ændringer",
            valid_from=today - timedelta(days=90),
            valid_until=today + timedelta(days=10 if i == 0 else 120),
            by=nurse,
        )
        made += 1
    return made


CALL_OUT_REASONS = [
    "Faldet i hjemmet, kan ikke rejse sig",
    "Akut forvirring, feber",
    "Åndenød, KOL i forværring",
    "Smerter i brystet",
    "Urinvejsinfektion, svimmel",
    "Pårørende ringer: spiser og drikker ikke",
]


def seed_call_outs():
    """A handful of the acute team's call-outs over the last five months, logged by the demo nurse
    through the service, so the list and the leader's "indlæggelser forebygget" table show something.
    Idempotent."""
    from .acute import CallOut, Outcome, log_call_out

    nurse = get_user_model().objects.filter(username="sygeplejerske").first()
    if nurse is None or CallOut.objects.exists():
        return 0
    citizens = list(Citizen.objects.visible_to(nurse).filter(status=CitizenStatus.ACTIVE).order_by("id")[:12])
    rng = random.Random(SEED)
    outcomes = [Outcome.AVOIDED, Outcome.AVOIDED, Outcome.HOME_WITH_PLAN, Outcome.ACUTE_BED, Outcome.HOSPITAL]
    now = timezone.now()
    for i, citizen in enumerate(citizens):
        log_call_out(
            citizen=citizen,
            called_at=now - timedelta(days=1 + i * 12, hours=rng.randint(0, 12)),
            reason=rng.choice(CALL_OUT_REASONS),
            outcome=outcomes[i % len(outcomes)],
            note="",
            by=nurse,
            now=now,
        )
    return len(citizens)
