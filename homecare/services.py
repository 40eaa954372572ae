"""Home-care business actions. Each write is one transaction; rules are enforced here, not in forms."""

import zoneinfo
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from carecore.models import Notification, Unit
from carecore.notifications import notify_many
from carecore.roles import Role
from carecore.versioning import claim
from citizens.models import JournalKind
from citizens.services import add_journal_entry

from . import pauses
from .delegation import Delegation, check_delegation
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
        "team_id": plan.team_id,
    }


UNSTARTED = (VisitStatus.PLANNED, VisitStatus.CANCELLED)
UPDATABLE = ["starts_at", "ends_at", "window_end", "title", "tasks", "delegated_task", "team_id"]


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
                        visit = Visit(plan=plan, citizen_id=plan.citizen_id, date=day, **fields)
                        # Never plan inside an absence: the visit is born cancelled ("aflyst").
                        absence = next(
                            (a for a in away.get(plan.citizen_id, ()) if a.covers(fields["starts_at"], day)),
                            None,
                        )
                        if absence is not None:
                            visit.status, visit.pause_reason, visit.absence = (
                                VisitStatus.CANCELLED,
                                absence.reason,
                                absence,
                            )
                        new.append(visit)
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
    plan.full_clean()
    plan.save()
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
    visit.status = VisitStatus.DELIVERED
    visit.finished_at = now
    visit.finished_by = by
    visit.save(update_fields=["status", "finished_at", "finished_by"])
    return visit


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
    notify_many(
        Notification(
            user_id=user_id,
            key=f"homecare-not-delivered:{visit.pk}",
            title=title,
            body=body,
            url=f"/borgere/{visit.citizen_id}/",
        )
        for user_id in users
        if user_id != visit.finished_by_id
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
def assign_visit(visit, carer, *, by=None):
    """Give a visit to a carer. Never to a carer without the delegated task's competence and never
    overlapping another of the carer's visits: the carer's row is locked so two planners assigning at
    the same moment are serialised."""
    User = get_user_model()
    User.objects.select_for_update().filter(pk=carer.pk).first()
    visit = _locked(visit)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError({"carer": _("Only planned visits can be assigned or moved.")})
    # A valid delegation decides (refused with the reason); a nurse holds the task herself. Where the
    # team's delegation catalogue has no delegation for the task yet, the competence profile decides.
    delegated = check_delegation(visit, carer)
    if (
        visit.delegated_task
        and delegated is None
        and not StaffCompetence.objects.filter(user=carer, task=visit.delegated_task).exists()
    ):
        raise ValidationError(
            {
                "carer": _("%(name)s lacks the competence for the delegated task '%(task)s'.")
                % {
                    "name": carer.get_full_name() or carer.username,
                    "task": visit.get_delegated_task_display(),
                }
            }
        )
    clash = (
        Visit.objects.filter(assigned_to=carer)
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
    visit.assigned_to = carer
    visit.save(update_fields=["assigned_to"])
    return visit


@transaction.atomic
def unassign_visit(visit):
    visit = _locked(visit)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError({"carer": _("Only planned visits can be assigned or moved.")})
    visit.assigned_to = None
    visit.save(update_fields=["assigned_to"])
    return visit


def team_carers(team):
    """The home-care staff (SSH and SSA) of a team, by name."""
    User = get_user_model()
    return list(
        User.objects.filter(
            memberships__unit=team,
            memberships__is_leader=False,
            groups__name__in=[Role.SSH.value, Role.SSA.value],
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
    """Suggests carers for a team's day: qualified for the delegated task, free at that time, and
    preferring staff who already visit the citizen (continuity), then the least busy."""

    def __init__(self, carers, day_visits, competences, continuity):
        self.carers = carers
        self.competences = competences
        self.continuity = continuity
        self.busy = defaultdict(list)
        for v in day_visits:
            if v.assigned_to_id and v.status not in (VisitStatus.NOT_DELIVERED, VisitStatus.CANCELLED):
                self.busy[v.assigned_to_id].append((v.starts_at, v.ends_at))

    def qualified(self, carer, visit):
        return not visit.delegated_task or visit.delegated_task in self.competences.get(carer.pk, ())

    def free(self, carer, visit):
        return all(not (s < visit.ends_at and e > visit.starts_at) for s, e in self.busy[carer.pk])

    def suggest(self, visit):
        candidates = [c for c in self.carers if self.qualified(c, visit) and self.free(c, visit)]
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
        Visit.objects.filter(assigned_to_id__in=ids, date=day).only(
            "id", "assigned_to_id", "starts_at", "ends_at", "status"
        )
    )
    return DayPlanner(
        carers, busy, competences_of(ids), continuity_counts({v.citizen_id for v in visits}, today=day)
    )


def auto_assign(team, day, *, by=None):
    """'Fordel automatisk': assign all unassigned planned visits of the team's day by the suggestion
    rule. Each assignment goes through `assign_visit`, so the competence and overlap rules hold even
    if someone else assigns at the same time. Returns (assigned, left unassigned)."""
    visits = list(
        Visit.objects.filter(
            team=team, date=day, status=VisitStatus.PLANNED, assigned_to__isnull=True
        ).order_by("starts_at", "id")
    )
    planner = day_planner(team, day, visits)
    assigned = 0
    for visit in visits:
        carer = planner.suggest(visit)
        if carer is None:
            continue
        try:
            assign_visit(visit, carer, by=by)
        except ValidationError:
            continue
        planner.book(carer, visit)
        assigned += 1
    return assigned, len(visits) - assigned


# --- Early detection and triage -----------------------------------------------------------------
def area_nurses(citizen):
    """Nurses whose scope covers the citizen: members of a serving unit, of a unit above one, or of a
    unit covering one of those (e.g. home nursing covers the home-care areas)."""
    User = get_user_model()
    ancestor_ids = set()
    for path in Unit.objects.filter(serving__citizen=citizen).values_list("path", flat=True):
        ancestor_ids |= {int(p) for p in path.strip("/").split("/") if p}
    covering = Unit.covers.through.objects.filter(to_unit_id__in=ancestor_ids).values("from_unit_id")
    return list(
        User.objects.filter(
            Q(memberships__unit_id__in=ancestor_ids) | Q(memberships__unit_id__in=covering),
            groups__name=Role.NURSE.value,
            is_active=True,
        ).distinct()
    )


def _alert_red(citizen, triage):
    day = timezone.localdate(triage.set_at).isoformat()
    notify_many(
        Notification(
            user=nurse,
            key=f"homecare-triage-red:{citizen.pk}:{day}",
            title=_("Red triage: %(name)s") % {"name": citizen.full_name},
            body=triage.action
            or (", ".join(map(str, triage.observation.change_labels())) if triage.observation else ""),
            url="/hjemmepleje/triage/",
        )
        for nurse in area_nurses(citizen)
    )


@transaction.atomic
def record_observation(citizen, *, by, changes, note="", visit=None, now=None):
    """Tidlig opsporing: store the observed changes, write them in the journal, suggest a triage colour;
    a red one reaches the area's nurses' inboxes at once. (`now`: when it was observed; the demo replays
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
        _alert_red(citizen, triage)
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
        _alert_red(citizen, triage)
    return triage


# --- Start-up meetings ----------------------------------------------------------------------------
@transaction.atomic
def book_meeting(citizen, *, team, scheduled_at, by, now=None):
    meeting = StartupMeeting(
        citizen=citizen, team=team, scheduled_at=scheduled_at, booked_by=by, created_at=now or timezone.now()
    )
    meeting.full_clean()
    meeting.save()
    return meeting


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
    answer.full_clean()
    answer.save()
    return answer


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
