"""Demo data for the trainee module: ~60 supervisors, the 2021 trainees (reproducing the slides'
figures), a current roster of ~120 trainees with placements over a year and meetings in every state,
information meetings with registrations and applicants in every stage.

Generated people only (Faker da_DK, fixed seed). Idempotent: nothing is added if trainees exist.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from carecore.demo import SEED, demo_faker, demo_password_hash, fake_cpr, person_name
from carecore.models import Membership, StaffProfile, Unit, UnitKind
from carecore.roles import Role

from . import services
from .models import (
    Applicant,
    ApplicantStage,
    InfoMeeting,
    Meeting,
    MeetingKind,
    PayBasis,
    Placement,
    PlacementSetting,
    PrePlacement,
    Programme,
    Registration,
    SchoolPeriod,
    Trainee,
    TraineeStatus,
    UnitCapacity,
)

SUPERVISORS = 59  # plus the fixed demo user "elevvejleder": 60 in all
PROGRAMME_MONTHS = {Programme.SSH: 14, Programme.SSA: 34, Programme.NURSING: 42}
# The slides' 2021 figures: (programme, courses running in 2021, of these on adult pay).
FIGURES_2021 = [(Programme.SSA, 78, 46), (Programme.SSH, 45, 24)]
MOVED_SSH_TO_SSA_2021 = 4  # persons who finished SSH and started SSA within 2021: 78 + 45 - 4 = 119 persons


def months(n):
    return timedelta(days=round(n * 30.44))


class Builder:
    def __init__(self, rng, fake, today):
        self.rng, self.fake, self.today = rng, fake, today
        self.used_cprs = set(Trainee.objects.values_list("cpr", flat=True))

    def person(self):
        female = self.rng.random() < 0.8
        born = date(1968, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 37))
        cpr = fake_cpr(self.rng, born, female)
        while cpr in self.used_cprs:
            cpr = fake_cpr(self.rng, born, female)
        self.used_cprs.add(cpr)
        first, last = person_name(self.fake, female)
        return {
            "first_name": first,
            "last_name": last,
            "cpr": cpr,
            "email": f"{first.lower()}.{last.lower()}@elev.invalid".replace(" ", ""),
            "phone": self.fake.phone_number(),
        }

    def trainee(self, programme, start, pay, status, coordinator, person=None, ended_on=None):
        end = start + months(PROGRAMME_MONTHS[programme])
        return Trainee(
            **(person or self.person()),
            programme=programme,
            intake=f"{start:%Y-%m}",
            start_date=start,
            expected_end=end,
            ended_on=ended_on,
            pay_basis=pay,
            status=status,
            contact_person=coordinator,
        )


def figures_2021(builder, coordinator):
    """Trainees employed in 2021, built so the dashboard shows the slides' figures."""
    rng = builder.rng
    rows = []
    movers = [builder.person() for _i in range(MOVED_SSH_TO_SSA_2021)]
    for programme, count, adult in FIGURES_2021:
        pays = [PayBasis.ADULT] * adult + [PayBasis.TRAINEE] * (count - adult)
        rng.shuffle(pays)
        for i, pay in enumerate(pays):
            if i < MOVED_SSH_TO_SSA_2021:
                person = movers[i]
                if programme == Programme.SSH:  # finished SSH in spring 2021
                    start = date(2020, 2, 1) + timedelta(days=30 * i)
                else:  # went on to SSA in the autumn
                    start = date(2021, 8, 1)
            else:
                person = None
                earliest = date(2018, 6, 1) if programme == Programme.SSA else date(2020, 1, 1)
                start = earliest + timedelta(days=rng.randint(0, (date(2021, 12, 1) - earliest).days))
            trainee = builder.trainee(
                programme, start, pay, TraineeStatus.GRADUATED, coordinator, person=person
            )
            if trainee.expected_end < date(2021, 1, 1):
                trainee.start_date = date(2020, 1, 15)
                trainee.expected_end = trainee.start_date + months(PROGRAMME_MONTHS[programme])
            if rng.random() < 0.12 and i >= MOVED_SSH_TO_SSA_2021:
                left = max(date(2021, 1, 1), trainee.start_date + timedelta(days=rng.randint(20, 400)))
                trainee.status, trainee.ended_on = TraineeStatus.DROPPED_OUT, min(left, trainee.expected_end)
            else:
                trainee.ended_on = trainee.expected_end
            rows.append(trainee)
    return rows


def current_roster(builder, coordinator, count):
    """Trainees who started from 2023 on: mostly active, some on leave, dropped out or graduated."""
    rng, today = builder.rng, builder.today
    rows = []
    for i in range(count):
        programme = rng.choices([Programme.SSA, Programme.SSH, Programme.NURSING], weights=[55, 35, 10])[0]
        span = PROGRAMME_MONTHS[programme]
        start = (
            today - months(rng.uniform(1, span - 1)) if i % 6 else today + timedelta(days=rng.randint(7, 90))
        )
        start = max(start, date(2023, 1, 2))
        pay = PayBasis.ADULT if rng.random() < 0.55 else PayBasis.TRAINEE
        status = (
            rng.choices(list(TraineeStatus), weights=[82, 5, 8, 5])[0]
            if start < today
            else TraineeStatus.ACTIVE
        )
        trainee = builder.trainee(programme, start, pay, status, coordinator)
        if status == TraineeStatus.DROPPED_OUT:
            trainee.ended_on = min(
                today - timedelta(days=rng.randint(1, 60)), start + timedelta(days=rng.randint(30, 500))
            )
            trainee.ended_on = max(trainee.ended_on, start + timedelta(days=14))
        elif status == TraineeStatus.GRADUATED:
            trainee.start_date = today - months(span) - timedelta(days=rng.randint(10, 200))
            trainee.expected_end = trainee.start_date + months(span)
            trainee.ended_on = trainee.expected_end
        rows.append(trainee)
    return rows


def unit_with_room(units, first, taken, capacities, starts_on, ends_on):
    """The first unit from index `first` on that has room for one more trainee in the period (the
    capacity a coordinator is warned about), or None."""
    for k in range(len(units)):
        unit = units[(first + k) % len(units)]
        running = services.max_overlap(taken.get(unit.pk, []), starts_on, ends_on)
        if running < capacities.get(unit.pk, running + 1):
            return unit
    return None


def plan_periods(
    builder, trainees, units, supervisors, fixed_supervisor=None, capacities=None, taken=None, busy=None
):
    """Alternating school and placement periods over the year around today; a unit with room (else the
    trainee is at school), a supervisor from the unit (never more than two at once when avoidable, and
    then with the reason the rule asks for); the standard meetings in every state. `taken` holds
    placements already made ({unit_id: [(start, end)]}), `busy` the same per supervisor."""
    rng, today = builder.rng, builder.today
    horizon_start, horizon_end = today - timedelta(days=240), today + timedelta(days=365)
    capacities = capacities or {}
    taken = taken if taken is not None else {}
    busy = busy if busy is not None else {}
    placements, schools = [], []
    by_unit = {}
    for user, unit_id in supervisors:
        by_unit.setdefault(unit_id, []).append(user)
    all_sups = [u for u, _unit in supervisors]
    for n, trainee in enumerate(trainees):
        cursor = max(trainee.start_date, horizon_start)
        stop = min(trainee.end_date, horizon_end)
        school_first = n % 3 == 0
        while cursor + timedelta(days=30) <= stop:
            if school_first:
                length = rng.choice([21, 28, 35, 42])
                end = min(cursor + timedelta(days=length - 1), stop)
                schools.append(
                    SchoolPeriod(trainee=trainee, starts_on=cursor, ends_on=end, note="SOSU-skolen")
                )
            else:
                length = rng.choice([70, 91, 112, 140])
                end = min(cursor + timedelta(days=length - 1), stop)
                unit = unit_with_room(units, rng.randrange(len(units)), taken, capacities, cursor, end)
                if unit is None:  # every unit is full: another school period instead
                    end = min(cursor + timedelta(days=27), stop)
                    schools.append(
                        SchoolPeriod(trainee=trainee, starts_on=cursor, ends_on=end, note="SOSU-skolen")
                    )
                    cursor = end + timedelta(days=1)
                    continue
                taken.setdefault(unit.pk, []).append((cursor, end))
                pool = (
                    ([fixed_supervisor] if fixed_supervisor and n < 3 else [])
                    + by_unit.get(unit.pk, [])
                    + rng.sample(all_sups, min(6, len(all_sups)))
                )
                chosen, reason = None, ""
                for sup in pool:
                    if sum(1 for a, b in busy.get(sup.pk, []) if a <= end and b >= cursor) < 2:
                        chosen = sup
                        break
                if chosen is None:
                    chosen, reason = pool[0], "Ekstra elev i travl periode, aftalt med leder"
                busy.setdefault(chosen.pk, []).append((cursor, end))
                setting = (
                    PlacementSetting.NURSING_HOME
                    if unit.code.startswith("plejehjem")
                    else PlacementSetting.HOME_CARE
                )
                placements.append(
                    Placement(
                        trainee=trainee,
                        unit=unit,
                        supervisor=chosen,
                        starts_on=cursor,
                        ends_on=end,
                        setting=setting,
                        over_limit_reason=reason,
                    )
                )
            cursor = end + timedelta(days=1)
            school_first = not school_first
    return placements, schools


def hold_meetings(builder, placements, coordinator):
    """Minutes for the placements' standard meetings through `services.record_minutes` (never in the
    future, never before the placement): most meetings whose window has passed are held (most on
    time), some are overdue; those in their window now are mostly still to be held. The service
    stamps the minutes "now"; they are then dated the afternoon of the meeting."""
    rng, today = builder.rng, builder.today
    held = []
    meetings = Meeting.objects.filter(placement__in=placements).select_related("placement__supervisor")
    order = {p.pk: n for n, p in enumerate(placements)}
    for meeting in sorted(meetings, key=lambda m: (order[m.placement_id], m.opens_on, m.kind)):
        opens_on, due_on = meeting.opens_on, meeting.due_on
        in_window = opens_on <= today <= due_on
        if not (opens_on <= today and rng.random() < (0.3 if in_window else 0.85)):
            continue
        late = rng.random() < 0.15
        held_on = (
            due_on + timedelta(days=rng.randint(1, 10))
            if late
            else opens_on + timedelta(days=rng.randint(0, max(0, (due_on - opens_on).days)))
        )
        if held_on > today:
            continue
        final = meeting.kind == MeetingKind.FINAL
        services.record_minutes(
            meeting,
            meeting.placement.supervisor or coordinator,
            held_on=held_on,
            attendees=f"Elev, vejleder{', elevkoordinator' if final else ''}",
            goals_discussed=(
                "Praktikmålene for perioden gennemgået: personlig pleje, "
                "dokumentation og samarbejde med borger og kolleger."
            ),
            agreements="Eleven øver dokumentation i journalen hver dag; ny samtale som planlagt.",
            goals_met=rng.random() < 0.9 if final else None,
        )
        meeting.written_at = timezone.make_aware(datetime.combine(held_on, time(14, 0)))
        held.append(meeting)
    Meeting.objects.bulk_update(held, ["written_at"], batch_size=500)


def add_placements(planned, coordinator):
    """Each planned placement through `services.add_placement`, in order, as a coordinator would add
    them (the standard meetings come with it). The plan gives every unit room, so no capacity
    warning arises; if one did, the demo would be wrong, not the rule."""
    created = []
    for p in planned:
        placement, warnings = services.add_placement(
            p.trainee,
            coordinator,
            unit=p.unit,
            supervisor=p.supervisor,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            setting=p.setting,
            over_limit_reason=p.over_limit_reason,
        )
        if warnings:
            raise ValidationError(warnings)
        created.append(placement)
    return created


def ensure_supervisors(password, rng, fake, count=SUPERVISORS):
    """elevvejleder.01.. in the home-care teams and nursing-home units, with the supervisor role."""
    User = get_user_model()
    units = list(Unit.objects.filter(kind__in=[UnitKind.TEAM, UnitKind.UNIT]).order_by("path"))
    wanted = [f"elevvejleder.{n:02d}" for n in range(1, count + 1)]
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    new = []
    for username in wanted:
        first, last = fake.first_name(), fake.last_name()
        if username not in existing:
            new.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    password=password,
                    email=f"{username}@omsorg.invalid",
                )
            )
    if new and units:
        User.objects.bulk_create(new)
        created = list(User.objects.filter(username__in=[u.username for u in new]).order_by("username"))
        group = Group.objects.get(name=Role.TRAINEE_SUPERVISOR.value)
        StaffProfile.objects.bulk_create(
            [
                StaffProfile(
                    user=u,
                    job_title=Role.TRAINEE_SUPERVISOR,
                    initials=(u.first_name[:1] + u.last_name[:2]).upper(),
                )
                for u in created
            ]
        )
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=group.pk) for u in created]
        )
        Membership.objects.bulk_create(
            [Membership(user=u, unit=units[i % len(units)]) for i, u in enumerate(created)],
            ignore_conflicts=True,
        )
    memberships = (
        Membership.objects.filter(user__groups__name=Role.TRAINEE_SUPERVISOR, is_leader=False)
        .select_related("user")
        .order_by("user__username", "pk")
    )
    return [(m.user, m.unit_id) for m in memberships]


def build(rng, fake, today, roster=120, with_2021=True, out=None):
    """Build everything in bulk; shared by the demo seeder and the benchmark."""
    User = get_user_model()
    coordinator = User.objects.filter(groups__name=Role.TRAINEE_COORDINATOR).order_by("pk").first()
    supervisors = ensure_supervisors(demo_password_hash(), rng, fake)
    fixed = User.objects.filter(username="elevvejleder").first()
    units = list(Unit.objects.filter(kind__in=[UnitKind.TEAM, UnitKind.UNIT]).order_by("path"))
    UnitCapacity.objects.bulk_create(
        [UnitCapacity(unit=u, capacity=5 if u.kind == UnitKind.TEAM else 3) for u in units],
        ignore_conflicts=True,
    )
    capacities = dict(UnitCapacity.objects.values_list("unit_id", "capacity"))
    builder = Builder(rng, fake, today)
    old = figures_2021(builder, coordinator) if with_2021 else []
    current = current_roster(builder, coordinator, roster)
    # The demo supervisor's newest trainee started this week: the expectation meeting is due now.
    newest = builder.trainee(
        Programme.SSH, today - timedelta(days=3), PayBasis.ADULT, TraineeStatus.ACTIVE, coordinator
    )
    Trainee.objects.bulk_create(old + current + [newest], batch_size=500)
    placed = [
        t
        for t in current
        if t.status in (TraineeStatus.ACTIVE, TraineeStatus.LEAVE)
        or (t.ended_on and t.ended_on > today - timedelta(days=240))
    ]
    home = Unit.objects.filter(code="vest-team-2").first() or units[0]
    first = Placement(
        trainee=newest,
        unit=home,
        supervisor=fixed,
        starts_on=today - timedelta(days=2),
        ends_on=today + timedelta(days=88),
        setting=PlacementSetting.HOME_CARE,
        over_limit_reason="Ekstra elev i opstartsperioden, aftalt med leder",
    )
    taken = {home.pk: [(first.starts_on, first.ends_on)]}
    busy = {fixed.pk: [(first.starts_on, first.ends_on)]} if fixed else {}
    planned, schools = plan_periods(
        builder,
        placed,
        units,
        supervisors,
        fixed_supervisor=fixed,
        capacities=capacities,
        taken=taken,
        busy=busy,
    )
    placements = add_placements([first, *planned], coordinator)
    for school in schools:
        services.add_school_period(
            school.trainee, starts_on=school.starts_on, ends_on=school.ends_on, note=school.note
        )
    hold_meetings(builder, placements[1:], coordinator)
    recruitment(builder, current)
    if out:
        out.write(
            f"Trainees: {len(old) + len(current) + 1} ({len(current) + 1} from 2023 on, {len(old)} employed in 2021), "
            f"{len(supervisors)} supervisors, {len(placements)} placements, {Meeting.objects.count()} meetings\n"
        )


def recruitment(builder, current):
    rng, fake, today = builder.rng, builder.fake, builder.today
    tz = timezone.get_current_timezone()
    meetings = []
    for k, offset in enumerate([-270, -180, -90, 20]):  # four a year with the job centre
        day = today + timedelta(days=offset)
        meetings.append(
            InfoMeeting(
                held_at=datetime.combine(day, time(16, 0), tzinfo=tz),
                place="Jobcenteret, mødelokale 2" if k % 2 else "Sundhedshuset, kantinen",
                with_job_centre=True,
                capacity=40,
            )
        )
    InfoMeeting.objects.bulk_create(meetings)
    registrations = []
    for m in meetings:
        for _i in range(rng.randint(8, 22)):
            registrations.append(
                Registration(
                    info_meeting=m,
                    name=" ".join(person_name(fake)),
                    email=fake.email(),
                    phone=fake.phone_number(),
                    career_changer=rng.random() < 0.6,
                )
            )
    Registration.objects.bulk_create(registrations)
    applicants = []
    stages = (
        [ApplicantStage.APPLIED] * 8
        + [ApplicantStage.INTERVIEW] * 6
        + [ApplicantStage.OFFERED] * 4
        + [ApplicantStage.REJECTED] * 5
        + [ApplicantStage.HIRED] * 5
    )
    hired = [t for t in current if t.start_date > today - timedelta(days=200)][:5]
    for i, stage in enumerate(stages):
        trainee = hired[i % len(hired)] if stage == ApplicantStage.HIRED and hired else None
        if stage == ApplicantStage.HIRED and trainee in [a.trainee for a in applicants]:
            trainee = None
        person = (
            {
                "first_name": trainee.first_name,
                "last_name": trainee.last_name,
                "email": trainee.email,
                "phone": trainee.phone,
                "programme": trainee.programme,
            }
            if trainee
            else {
                "first_name": fake.first_name(),
                "last_name": fake.last_name(),
                "email": fake.email(),
                "phone": fake.phone_number(),
                "programme": rng.choice([Programme.SSA, Programme.SSH]),
            }
        )
        applicants.append(
            Applicant(
                **person,
                career_changer=rng.random() < 0.6,
                stage=stage,
                trainee=trainee,
                info_meeting=meetings[i % 3],
                applied_on=today - timedelta(days=rng.randint(5, 120)),
            )
        )
    Applicant.objects.bulk_create(applicants)
    units = list(Unit.objects.filter(kind=UnitKind.TEAM).order_by("path")[:4])
    if units:
        PrePlacement.objects.bulk_create(
            [
                PrePlacement(
                    applicant=a,
                    unit=units[i % len(units)],
                    starts_on=today + timedelta(days=7 + i),
                    ends_on=today + timedelta(days=20 + i),
                )
                for i, a in enumerate(
                    a for a in applicants if a.stage in (ApplicantStage.INTERVIEW, ApplicantStage.OFFERED)
                )
            ]
        )


def seed(out=None, **options):
    if Trainee.objects.exists():
        if out:
            out.write(f"Trainees: {Trainee.objects.count()} (already there)\n")
        return
    rng = random.Random(SEED)
    fake = demo_faker()
    with transaction.atomic():
        build(rng, fake, timezone.localdate(), out=out)
