"""Home-care business actions. Each write is one transaction; rules are enforced here, not in forms."""

import zoneinfo
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from carecore.models import Notification, save_valid
from carecore.notifications import notify, notify_many
from carecore.roles import Role
from carecore.versioning import claim
from citizens.models import JournalKind
from citizens.services import add_journal_entry

from . import pauses, roster
from . import triage as triage_notices
from .delegation import Delegation, check_delegation, held_tasks
from .models import (
    ChangeItem,
    DelegatedTask,
    NotDeliveredReason,
    Observation,
    StaffCompetence,
    StartupMeeting,
    SurveyAnswer,
    Triage,
    TriageColour,
    Visit,
    VisitPlan,
    VisitStatus,
    suggest_colour,
)
from .triage import area_nurses

absences_by_citizen = pauses.absences_by_citizen

HORIZON_DAYS = 14
PLAN_BATCH = 500


def local_tz():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local_datetime(day, clock):
    """An aware datetime for a local wall-clock time; across a DST change the offset follows the date.
    A time that does not exist (spring forward) lands an hour later, as a clock on the wall would."""
    naive = datetime.combine(day, clock)
    aware = naive.replace(tzinfo=local_tz())
    return datetime.fromtimestamp(aware.timestamp(), tz=local_tz())


# --- Visit generation ---------------------------------------------------------------------------
def _visit_fields(plan, day):
    starts_at = local_datetime(day, plan.window_start)
    return {
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=plan.duration_minutes),
        "window_end": local_datetime(day, plan.window_end),
        "title": plan.title,
        "tasks": "\n".join(plan.task_list),
        "delegated_task": plan.delegated_task,
        "clinic_id": plan.clinic_id,
        "team_id": plan.team_id,
        "carers_needed": plan.carers_needed,
        "fixed_time": plan.fixed_time,
    }


UNSTARTED = (VisitStatus.PLANNED, VisitStatus.CANCELLED)
UPDATABLE = [
    "starts_at",
    "ends_at",
    "window_end",
    "title",
    "tasks",
    "delegated_task",
    "clinic_id",
    "team_id",
    "carers_needed",
    "fixed_time",
]


def generate_visits(now=None, *, plans=None, days=HORIZON_DAYS):
    """Create the visits of the next `days` days from the plans (all, or the given ones). Idempotent:
    existing visits are found by (plan, date); a changed plan updates its future unstarted visits and
    removes future unstarted visits it no longer gives. Past, started and finished visits stay as they are.
    A handful of queries per batch of plans, never one per visit."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    last = today + timedelta(days=days - 1)
    qs = VisitPlan.objects.filter(starts_on__lte=last).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    if plans is not None:
        qs = VisitPlan.objects.filter(pk__in=[p.pk for p in plans])
    created = updated = removed = 0
    last_id = 0
    while True:
        batch = list(qs.filter(pk__gt=last_id).order_by("pk")[:PLAN_BATCH])
        if not batch:
            break
        last_id = batch[-1].pk
        c, u, r = _generate_batch(batch, today, last, now)
        created, updated, removed = created + c, updated + u, removed + r
    return {"created": created, "updated": updated, "removed": removed}


def _new_visit(plan, day, fields, away):
    visit = Visit(plan=plan, citizen_id=plan.citizen_id, date=day, **fields)
    # Never plan inside an absence: the visit is born cancelled ("aflyst").
    absence = next((a for a in away.get(plan.citizen_id, ()) if a.covers(fields["starts_at"], day)), None)
    if absence is not None:
        visit.status, visit.pause_reason, visit.absence = VisitStatus.CANCELLED, absence.reason, absence
    return visit


def new_visits(plans, *, now, days=HORIZON_DAYS):
    """The visits that `generate_visits` would create for plans that have none yet, unsaved (for
    seeding in bulk: the demo and the bench assign them in memory and write them in one go)."""
    today = timezone.localdate(now)
    last = today + timedelta(days=days - 1)
    away = absences_by_citizen({p.citizen_id for p in plans}, today)
    result = []
    for plan in plans:
        day = today
        while day <= last:
            if plan.occurs_on(day):
                fields = _visit_fields(plan, day)
                if fields["starts_at"] > now:
                    result.append(_new_visit(plan, day, fields, away))
            day += timedelta(days=1)
    return result


@transaction.atomic
def _generate_batch(plans, today, last, now):
    existing = {}
    away = absences_by_citizen({p.citizen_id for p in plans}, today)
    for visit in Visit.objects.filter(plan__in=plans, date__gte=today, date__lte=last).only(
        "id", "plan_id", "date", "status", "starts_at", *UPDATABLE
    ):
        existing[(visit.plan_id, visit.date)] = visit
    new, changed, stale = [], [], []
    for plan in plans:
        day = today
        while day <= last:
            key = (plan.pk, day)
            visit = existing.pop(key, None)
            if plan.occurs_on(day):
                fields = _visit_fields(plan, day)
                if visit is None:
                    if fields["starts_at"] > now:
                        new.append(_new_visit(plan, day, fields, away))
                elif visit.status == VisitStatus.PLANNED and visit.starts_at > now:
                    if any(getattr(visit, f) != v for f, v in fields.items()):
                        for f, v in fields.items():
                            setattr(visit, f, v)
                        changed.append(visit)
            elif visit is not None and visit.status in UNSTARTED and visit.starts_at > now:
                stale.append(visit.pk)
            day += timedelta(days=1)
    # Whatever is left in `existing` lies outside what the plans give now.
    stale += [v.pk for v in existing.values() if v.status in UNSTARTED and v.starts_at > now]
    Visit.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    if changed:
        Visit.objects.bulk_update(changed, UPDATABLE, batch_size=500)
        # A plan that now needs one carer lets the second go.
        Visit.objects.filter(pk__in=[v.pk for v in changed], carers_needed=1).exclude(
            second_carer=None
        ).update(second_carer=None)
    if stale:
        Visit.objects.filter(pk__in=stale, status__in=UNSTARTED).delete()
    return len(new), len(changed), len(stale)


@transaction.atomic
def save_plan(plan, *, by, version=None):
    """Create or change a visit plan and bring its future unstarted visits in line with it. A change is
    saved only if nobody saved the plan since `version` was loaded (EditConflict otherwise)."""
    if plan.pk:
        claim(plan, version)
    else:
        plan.created_by = by
    plan.changed_at = timezone.now()
    save_valid(plan)
    generate_visits(plans=[plan])
    return plan


# --- Visit state ----------------------------------------------------------------------------------
def _locked(visit):
    return Visit.objects.select_for_update().select_related("citizen").get(pk=visit.pk)


@transaction.atomic
def start_visit(visit, *, by, now=None):
    visit = _locked(visit)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("The visit has already been started or closed."), code="state")
    visit.status = VisitStatus.STARTED
    visit.started_at = now or timezone.now()
    visit.started_by = by
    visit.save(update_fields=["status", "started_at", "started_by"])
    return visit


@transaction.atomic
def finish_visit(visit, *, by, now=None):
    visit = _locked(visit)
    if visit.status == VisitStatus.PLANNED:
        raise ValidationError({"finish": _("Start the visit before finishing it.")})
    if visit.status != VisitStatus.STARTED:
        raise ValidationError({"finish": _("The visit is already closed.")})
    now = now or timezone.now()
    if now < visit.started_at:
        raise ValidationError({"finish": _("A visit cannot finish before it started.")})
    unresolved = visit.unresolved_tasks()
    if unresolved:
        raise ValidationError(
            {
                "finish": _(
                    "Tick the tasks you did, or mark each of the others 'not done' with a reason: %(tasks)s."
                )
                % {"tasks": ", ".join(unresolved)}
            }
        )
    if _first_of_two(visit, by):
        return visit
    visit.status = VisitStatus.DELIVERED
    visit.finished_at = now
    visit.finished_by = by
    visit.save(update_fields=["status", "finished_at", "finished_by"])
    return visit


def _first_of_two(visit, by):
    """A two-carer visit is delivered when both have finished: the first to finish is recorded and the
    visit stays in progress."""
    if visit.carers_needed < 2:
        return False
    if by.pk not in (visit.assigned_to_id, visit.second_carer_id):
        return False
    if visit.first_finished_by_id is None:
        visit.first_finished_by = by
        visit.save(update_fields=["first_finished_by"])
        return True
    if visit.first_finished_by_id == by.pk:
        raise ValidationError({"finish": _("You have finished; the visit waits for your colleague.")})
    return False


@transaction.atomic
def not_delivered(visit, *, by, reason, text="", now=None):
    if reason not in NotDeliveredReason.values:
        raise ValidationError({"reason": _("Choose why the visit was not delivered.")})
    if reason == NotDeliveredReason.OTHER and not text.strip():
        raise ValidationError({"reason_text": _("Describe the reason when you choose 'other'.")})
    visit = _locked(visit)
    if not visit.is_open:
        raise ValidationError({"reason": _("The visit is already closed.")})
    visit.status = VisitStatus.NOT_DELIVERED
    visit.finished_at = now or timezone.now()
    visit.finished_by = by
    visit.reason = reason
    visit.reason_text = text.strip()
    visit.save(update_fields=["status", "finished_at", "finished_by", "reason", "reason_text"])
    _alert_not_delivered(visit)
    return visit


def _nurses_for(visit):
    """The nurse who delegated the visit's task to the team, else the nurses covering the citizen."""
    delegating = set(
        Delegation.objects.in_force(visit.date)
        .filter(team_id=visit.team_id, task=visit.delegated_task)
        .values_list("delegated_by_id", flat=True)
    )
    return delegating or {nurse.pk for nurse in area_nurses(visit.citizen)}


def _alert_not_delivered(visit):
    """A visit not delivered reaches the team leader at once, and the nurse when it held a delegated
    nursing task (medicine among them): someone must decide what happens to the citizen today."""
    users = pauses.team_leaders({visit.team_id})
    if visit.delegated_task:
        users |= _nurses_for(visit)
    title = _("Visit not delivered: %(name)s") % {"name": visit.citizen.full_name}
    when = timezone.localtime(visit.starts_at).strftime("%H:%M")
    body = f"{when} {visit.title}: {visit.get_reason_display()}"
    if visit.delegated_task:
        body += f" ({visit.get_delegated_task_display()})"
    if visit.reason_text:
        body += f" – {visit.reason_text}"
    notify(
        (u for u in users if u != visit.finished_by_id),
        key=f"homecare-not-delivered:{visit.pk}",
        title=title,
        body=body,
        url=f"/borgere/{visit.citizen_id}/",
    )


@transaction.atomic
def tick_task(visit, index, *, done=True):
    """Tasks can be ticked while the visit is in progress."""
    visit = _locked(visit)
    if visit.status != VisitStatus.STARTED:
        raise ValidationError(_("Start the visit before ticking its tasks."))
    if not 0 <= index < len(visit.task_list):
        raise ValidationError(_("No such task."))
    ticked = set(visit.tasks_done or ())
    ticked.add(index) if done else ticked.discard(index)
    visit.tasks_done = sorted(ticked)
    not_done = dict(visit.tasks_not_done or {})
    if done:
        not_done.pop(str(index), None)
    visit.tasks_not_done = not_done
    visit.save(update_fields=["tasks_done", "tasks_not_done"])
    return visit


@transaction.atomic
def task_not_done(visit, index, *, reason):
    """Mark a task of a visit in progress as not done, with the reason (it can then be finished)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"not_done": _("Write why the task was not done.")})
    visit = _locked(visit)
    if visit.status != VisitStatus.STARTED:
        raise ValidationError(_("Start the visit before ticking its tasks."))
    if not 0 <= index < len(visit.task_list):
        raise ValidationError(_("No such task."))
    visit.tasks_done = [i for i in visit.tasks_done or () if i != index]
    visit.tasks_not_done = {**(visit.tasks_not_done or {}), str(index): reason}
    visit.save(update_fields=["tasks_done", "tasks_not_done"])
    return visit


def write_visit_note(visit, *, by, text):
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note before saving.")})
    return add_journal_entry(visit.citizen, by, text=text, kind=JournalKind.CARE)


# --- Competence and assignment ------------------------------------------------------------------
def competences_of(user_ids):
    result = defaultdict(set)
    for user_id, task in StaffCompetence.objects.filter(user_id__in=user_ids).values_list("user_id", "task"):
        result[user_id].add(task)
    return result


@transaction.atomic
def assign_visit(visit, carer, *, by=None, second=False):
    """Give a visit to a carer (`second`: as the second carer of a two-carer visit). Never to a carer
    without a valid delegation for its task, off shift or absent, and never overlapping another of the
    carer's visits: the carer's row is locked so two planners assigning at the same moment are
    serialised."""
    User = get_user_model()
    User.objects.select_for_update().filter(pk=carer.pk).first()
    visit = _locked(visit)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError({"carer": _("Only planned visits can be assigned or moved.")})
    field = _second_carer_field(visit, carer) if second else "assigned_to"
    if not second and carer.pk == visit.second_carer_id:
        raise ValidationError(
            {"carer": _("%(name)s is already the visit's second carer.") % {"name": _name(carer)}}
        )
    roster.check_on_shift(visit, carer)
    # Sundhedsloven §138: a delegated task only to a carer with a valid delegation (refused with the reason).
    check_delegation(visit, carer)
    clash = (
        Visit.objects.of_carer(carer)
        .overlapping(visit.starts_at, visit.ends_at)
        .exclude(pk=visit.pk)
        .select_related("citizen")
        .first()
    )
    if clash:
        raise ValidationError(
            {
                "carer": _("%(name)s already has a visit %(start)s–%(end)s.")
                % {
                    "name": carer.get_full_name() or carer.username,
                    "start": timezone.localtime(clash.starts_at).strftime("%H:%M"),
                    "end": timezone.localtime(clash.ends_at).strftime("%H:%M"),
                }
            }
        )
    setattr(visit, field, carer)
    visit.save(update_fields=[field])
    return visit


def _second_carer_field(visit, carer):
    if visit.carers_needed < 2:
        raise ValidationError({"second_carer": _("The visit needs only one carer.")})
    if visit.assigned_to_id is None:
        raise ValidationError({"second_carer": _("Assign the first carer before the second.")})
    if visit.assigned_to_id == carer.pk:
        raise ValidationError({"second_carer": _("The second carer must be another person than the first.")})
    return "second_carer"


@transaction.atomic
def unassign_visit(visit, *, second=False):
    visit = _locked(visit)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError({"carer": _("Only planned visits can be assigned or moved.")})
    if second:
        visit.second_carer = None
    else:
        visit.assigned_to = visit.second_carer if visit.carers_needed > 1 else None
        visit.second_carer = None
    visit.save(update_fields=["assigned_to", "second_carer"])
    return visit


def team_carers(team):
    """The field staff of a team, by name: SSH and SSA in home care, nurses in a nursing team."""
    User = get_user_model()
    return list(
        User.objects.filter(
            memberships__unit=team,
            memberships__is_leader=False,
            groups__name__in=[Role.SSH.value, Role.SSA.value, Role.NURSE.value],
        )
        .distinct()
        .order_by("first_name", "last_name", "id")
    )


def continuity_counts(citizen_ids, *, today=None):
    """{(citizen_id, carer_id): visits in the continuity window} for the given citizens."""
    today = today or timezone.localdate()
    since = today - timedelta(days=settings.OMSORG["CONTINUITY_WINDOW_DAYS"])
    rows = (
        Visit.objects.filter(
            citizen_id__in=citizen_ids, date__gte=since, date__lt=today, status=VisitStatus.DELIVERED
        )
        .values_list("citizen_id", "finished_by_id")
        .annotate(n=Count("id"))
    )
    return {(c, u): n for c, u, n in rows}


class DayPlanner:
    """Suggests carers for a team's day: at work (on shift, not absent; see roster.DayRoster), holding
    a valid delegation for the task, free at that time, and preferring staff who already visit the
    citizen (continuity), then the least busy."""

    def __init__(self, carers, day_visits, competences, continuity, day_roster=None):
        self.carers = carers
        self.competences = competences
        self.continuity = continuity
        self.roster = day_roster
        self.busy = defaultdict(list)
        for v in day_visits:
            if v.status not in (VisitStatus.NOT_DELIVERED, VisitStatus.CANCELLED):
                for carer_id in (v.assigned_to_id, getattr(v, "second_carer_id", None)):
                    if carer_id:
                        self.busy[carer_id].append((v.starts_at, v.ends_at))

    def at_work(self, carer, visit):
        return self.roster is None or self.roster.at_work(carer.pk, visit.starts_at, visit.ends_at)

    def qualified(self, carer, visit):
        return not visit.delegated_task or visit.delegated_task in self.competences.get(carer.pk, ())

    def free(self, carer, visit):
        return all(not (s < visit.ends_at and e > visit.starts_at) for s, e in self.busy[carer.pk])

    def why_not(self, visit):
        """Why no carer can be suggested for the visit, in the planner's words."""
        at_work = [c for c in self.carers if self.at_work(c, visit)]
        if not at_work:
            return _("no carer on shift")
        qualified = [c for c in at_work if self.qualified(c, visit)]
        if not qualified:
            return _("no qualified carer on shift for '%(task)s'") % {
                "task": visit.get_delegated_task_display()
            }
        return _("everyone on shift is busy")

    def suggest(self, visit, *, besides=None):
        candidates = [
            c
            for c in self.carers
            if c != besides and self.at_work(c, visit) and self.qualified(c, visit) and self.free(c, visit)
        ]
        if not candidates:
            return None
        return min(
            candidates,
            key=lambda c: (-self.continuity.get((visit.citizen_id, c.pk), 0), len(self.busy[c.pk]), c.pk),
        )

    def book(self, carer, visit):
        self.busy[carer.pk].append((visit.starts_at, visit.ends_at))


def day_planner(team, day, visits):
    carers = team_carers(team)
    ids = [c.pk for c in carers]
    busy = list(
        Visit.objects.filter(Q(assigned_to_id__in=ids) | Q(second_carer_id__in=ids), date=day).only(
            "id", "assigned_to_id", "second_carer_id", "starts_at", "ends_at", "status"
        )
    )
    return DayPlanner(
        carers,
        busy,
        held_tasks(team.pk, carers, day),
        continuity_counts({v.citizen_id for v in visits}, today=day),
        roster.DayRoster(team, day, ids),
    )


def _name(user):
    return user.get_full_name() or user.username


def auto_assign(team, day, *, by=None):
    """'Fordel automatisk' in numbers: (assigned, left unassigned); see `auto_assign_report`."""
    assigned, left = auto_assign_report(team, day, by=by)
    return assigned, len(left)


def auto_assign_report(team, day, *, by=None, seconds=None):
    """'Fordel automatisk': assign all planned visits of the team's day that lack a carer (a two-carer
    visit: both). The first carers come from OR-Tools' routes (homecare.routing: windows, durations,
    travel, shifts, delegations, continuity), around the assignments already made; if it finds no
    solution in its time limit, the suggestion rule decides as before. Second carers follow the
    suggestion rule. Each assignment goes through `assign_visit`, so the shift, competence and overlap
    rules hold even if someone else assigns at the same time. Returns (visits assigned, [(visit, why
    not)] for those left)."""
    from . import routing

    visits = list(
        Visit.objects.filter(team=team, date=day, status=VisitStatus.PLANNED)
        .filter(Q(assigned_to__isnull=True) | Q(carers_needed__gt=1, second_carer__isnull=True))
        .select_related("citizen", "assigned_to")
        .order_by("starts_at", "id")
    )
    planner = day_planner(team, day, visits)
    solution = routing.plan_day(planner, day, visits, seconds=seconds) if visits else None
    routed = solution.carer_of() if solution is not None else None
    carers = {c.pk: c for c in planner.carers}
    assigned, left = 0, []
    for visit in visits:
        reason = None
        if visit.assigned_to_id is None:
            if routed is None:
                reason = _auto_one(planner, visit, by=by)
            elif visit.pk in routed:
                reason = _auto_one(planner, visit, by=by, carer=carers[routed[visit.pk]])
            else:
                reason = _why_not_routed(planner, visit)
        if reason is None and visit.carers_needed > 1 and visit.second_carer_id is None:
            reason = _auto_one(planner, visit, by=by, second=True)
        if reason is None:
            assigned += 1
        else:
            left.append((visit, reason))
    return assigned, left


def _why_not_routed(planner, visit):
    if planner.suggest(visit) is None:
        return planner.why_not(visit)
    return _("no route gets there in time")


def _auto_one(planner, visit, *, by, second=False, carer=None):
    carer = carer or planner.suggest(visit, besides=visit.assigned_to if second else None)
    if carer is None:
        return planner.why_not(visit)
    try:
        assign_visit(visit, carer, by=by, second=second)
    except ValidationError as exc:
        return " ".join(exc.messages)
    planner.book(carer, visit)
    if not second:
        visit.assigned_to = carer
    return None


# --- Fixed-time visits ---------------------------------------------------------------------------
LATE_AFTER = timedelta(minutes=15)
LATE_LOOKBACK = timedelta(hours=6)


def alert_late_fixed_visits(now=None):
    """A fixed-time visit (medicine at 08:00) not started 15 minutes after its time: the team's leaders
    are told at once, once per visit (the notification key). Returns the number of notices written."""
    now = now or timezone.now()
    late = list(
        Visit.objects.filter(
            fixed_time=True,
            status=VisitStatus.PLANNED,
            starts_at__lte=now - LATE_AFTER,
            starts_at__gt=now - LATE_LOOKBACK,
        ).select_related("citizen", "team", "assigned_to")
    )
    leaders = {}
    notes = []
    for visit in late:
        if visit.team_id not in leaders:
            leaders[visit.team_id] = pauses.team_leaders({visit.team_id})
        carer = _name(visit.assigned_to) if visit.assigned_to else _("no carer")
        notes += [
            Notification(
                user_id=leader_id,
                key=f"homecare-fixed-late:{visit.pk}",
                title=_("Fixed-time visit not started: %(time)s %(name)s")
                % {
                    "time": timezone.localtime(visit.starts_at).strftime("%H:%M"),
                    "name": visit.citizen.full_name,
                },
                body=_("%(title)s, carer: %(carer)s.") % {"title": visit.title, "carer": carer},
                url=f"{reverse('homecare:planning')}?dato={visit.date.isoformat()}&team={visit.team_id}",
            )
            for leader_id in leaders[visit.team_id]
        ]
    before = Notification.objects.count()
    notify_many(notes)
    return Notification.objects.count() - before


# --- Early detection and triage -----------------------------------------------------------------
@transaction.atomic
def record_observation(citizen, *, by, changes, note="", visit=None, now=None):
    """Tidlig opsporing: store the observed changes, write them in the journal, suggest a triage colour;
    a red one reaches the area's nurses' inboxes at once, a yellow one the morning digest (triage.py). (`now`: when it was observed; the demo replays
    past days with it.)"""
    changes = [c for c in ChangeItem.values if c in set(changes)]
    if not changes:
        raise ValidationError({"changes": _("Tick at least one observed change.")})
    colour = suggest_colour(changes)
    now = now or timezone.now()
    observation = Observation.objects.create(
        citizen=citizen,
        visit=visit,
        changes=changes,
        note=note.strip(),
        suggested_colour=colour,
        recorded_by=by,
        recorded_at=now,
    )
    labels = ", ".join(str(ChangeItem(c).label) for c in changes)
    text = _("Observed changes: %(changes)s.") % {"changes": labels}
    if observation.note:
        text += " " + observation.note
    add_journal_entry(citizen, by, text=text, kind=JournalKind.OBSERVATION, at=now)
    triage = Triage.objects.create(
        citizen=citizen, colour=colour, observation=observation, set_by=by, set_at=now
    )
    if colour == TriageColour.RED:
        triage_notices.alert_red(citizen, triage, by=by)
    return observation


@transaction.atomic
def set_triage(citizen, *, by, colour, action, now=None):
    if colour not in TriageColour.values:
        raise ValidationError({"colour": _("Choose a colour.")})
    if colour != TriageColour.GREEN and not action.strip():
        raise ValidationError({"action": _("Write the agreed action for a red or yellow citizen.")})
    triage = Triage.objects.create(
        citizen=citizen,
        colour=colour,
        action=action.strip(),
        confirmed=True,
        set_by=by,
        set_at=now or timezone.now(),
    )
    if colour == TriageColour.RED:
        triage_notices.alert_red(citizen, triage, by=by)
    triage_notices.answer_observers(citizen, triage, by=by)
    return triage


# --- Start-up meetings ----------------------------------------------------------------------------
@transaction.atomic
def book_meeting(citizen, *, team, scheduled_at, by, now=None):
    meeting = StartupMeeting(
        citizen=citizen, team=team, scheduled_at=scheduled_at, booked_by=by, created_at=now or timezone.now()
    )
    return save_valid(meeting)


@transaction.atomic
def record_meeting(meeting, *, held_at, attendees, goals, by):
    meeting = StartupMeeting.objects.select_for_update().get(pk=meeting.pk)
    if held_at > timezone.now():
        raise ValidationError({"held_at": _("A meeting cannot be recorded as held in the future.")})
    meeting.held_at, meeting.attendees, meeting.goals = held_at, attendees.strip(), goals.strip()
    meeting.save(update_fields=["held_at", "attendees", "goals"])
    return meeting


@transaction.atomic
def record_answers(meeting, *, measurement, scores, by, now=None):
    meeting = StartupMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.held_at is None:
        raise ValidationError({"measurement": _("Record the meeting as held before entering answers.")})
    if SurveyAnswer.objects.filter(meeting=meeting, measurement=measurement).exists():
        raise ValidationError({"measurement": _("This measurement has already been recorded.")})
    if measurement > 0 and not SurveyAnswer.objects.filter(meeting=meeting, measurement=0).exists():
        raise ValidationError({"measurement": _("Record the baseline first.")})
    answer = SurveyAnswer(
        meeting=meeting,
        measurement=measurement,
        recorded_by=by,
        recorded_at=now or timezone.now(),
        **scores,
    )
    return save_valid(answer)


@transaction.atomic
def set_competences(team, wanted, *, by):
    """Replace the delegated-task competences of a team's carers with `wanted` ({user_id: {task}}).
    Only the team's own carers can be changed; the nurse's delegation is recorded as who/when."""
    carers = {c.pk for c in team_carers(team)}
    unknown = set(wanted) - carers
    if unknown:
        raise ValidationError(_("Competences can only be set for the team's own carers."))
    valid = set(DelegatedTask.values)
    current = competences_of(carers)
    for user_id in carers:
        tasks = set(wanted.get(user_id, ()))
        if tasks - valid:
            raise ValidationError(_("Unknown delegated task."))
        StaffCompetence.objects.filter(user_id=user_id, task__in=current[user_id] - tasks).delete()
        StaffCompetence.objects.bulk_create(
            [StaffCompetence(user_id=user_id, task=t) for t in tasks - current[user_id]],
            ignore_conflicts=True,
        )


# --- Pauses (citizens.pathway receivers; connected in HomecareConfig.ready) -----------------------
def on_citizen_away(sender, **kwargs):
    pauses.citizen_away(**kwargs)


def on_citizen_home(sender, **kwargs):
    pauses.citizen_home(**kwargs)


def on_citizen_deceased(sender, **kwargs):
    pauses.citizen_deceased(**kwargs)
