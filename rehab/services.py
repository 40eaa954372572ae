"""Business actions of the rehab module. Each runs in one transaction and writes its history."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from carecore.models import Membership, Unit, save_valid
from carecore.roles import Role, has_role
from carecore.versioning import claim
from citizens import pathway
from citizens.models import CitizenUnit, JournalKind
from citizens.services import add_journal_entry

from .models import (
    Bed,
    BedKind,
    Decision,
    DischargeNotice,
    Evaluation,
    FollowUp,
    HomeAssessment,
    NoticeSource,
    Pathway,
    PathwayKind,
    PathwayScore,
    PathwayStatus,
    Priority,
    ScorePhase,
    Stay,
    StayEvent,
    StayEventKind,
    WaitingListEntry,
    WaitingStatus,
)
from .reference import WAITING_PRIORITY

ACUTE_MAX = timedelta(days=3)
FOLLOW_UP_MONTHS = (1, 3)  # Serviceloven §83a: follow-up contact 1 and 3 months after the pathway ends
AKUTTEAM_CODE = "akutteamet"
RAC_CODE = "rac"


class BedTaken(ValidationError):
    """Someone else got the bed for (part of) the period first."""


def bed_taken_message(blocker=None):
    """Says which stay holds the bed and from when (not whose: the citizen may be outside the scope)."""
    if blocker is None:
        return _(
            "The bed is already taken in that period – another stay was just booked. Choose another bed "
            "or put the citizen on the waiting list."
        )
    return _(
        "The bed is already taken: a stay (%(type)s) holds it from %(start)s to %(end)s. Choose another "
        "bed or put the citizen on the waiting list."
    ) % {
        "type": blocker.stay_type.name,
        "start": date_format(timezone.localtime(blocker.starts_at), "SHORT_DATETIME_FORMAT"),
        "end": date_format(timezone.localtime(blocker.ends_at), "SHORT_DATETIME_FORMAT"),
    }


def blocking_stay(bed_id, starts_at, ends_at, exclude=()):
    """The first stay that holds the bed somewhere in [starts_at, ends_at), or None."""
    return (
        Stay.objects.filter(bed_id=bed_id)
        .overlapping(starts_at, ends_at)
        .exclude(pk__in=exclude)
        .select_related("stay_type")
        .order_by("starts_at")
        .first()
    )


def free_beds(kinds, starts_at, ends_at):
    """The beds in use of these kinds that no stay holds in [starts_at, ends_at)."""
    taken = Stay.objects.overlapping(starts_at, ends_at).values("bed_id")
    return Bed.objects.filter(is_active=True, kind__in=kinds).exclude(pk__in=taken)


def first_free_bed(kinds, days, *, after, horizon=timedelta(days=120)):
    """(start, bed): the earliest time from `after` (within `horizon`) at which a bed of these kinds is
    free for `days` days in a row, or None. Ties go to the bed first in the board's order."""
    length = timedelta(days=days)
    beds = list(Bed.objects.filter(is_active=True, kind__in=kinds))
    busy = {}
    rows = (
        Stay.objects.filter(bed__in=beds)
        .overlapping(after, after + horizon + length)
        .order_by("starts_at")
        .values_list("bed_id", "starts_at", "ends_at")
    )
    for bed_id, start, end in rows:
        busy.setdefault(bed_id, []).append((start, end))
    best = None
    for bed in beds:
        free_from = after
        for start, end in busy.get(bed.pk, []):
            if start - free_from >= length:
                break
            free_from = max(free_from, end)
        if free_from <= after + horizon and (best is None or free_from < best[0]):
            best = (free_from, bed)
    return best


# --- who may do what ------------------------------------------------------------------------
def is_akutteam(user):
    memo = getattr(user, "_rehab_akutteam", None)
    if memo is None:
        memo = (
            has_role(user, Role.NURSE)
            and Membership.objects.filter(user=user, unit__code=AKUTTEAM_CODE).exists()
        )
        user._rehab_akutteam = memo
    return memo


def can_manage_bed(user, bed_kind):
    """Kom Godt Hjem's visitator manages the temporary beds; the akutteam's nurses the acute beds."""
    if bed_kind == BedKind.ACUTE:
        return is_akutteam(user)
    return has_role(user, Role.VISITATOR)


def _require_bed_rights(user, bed):
    if not can_manage_bed(user, bed.kind):
        raise PermissionDenied


# --- stays ----------------------------------------------------------------------------------
def _check_length(stay_type, bed, starts_at, ends_at, reason):
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    elif stay_type.is_acute and ends_at - starts_at > ACUTE_MAX:
        errors["ends_at"] = _("An acute stay may last at most 3 days.")
    elif stay_type.max_days and ends_at - starts_at > timedelta(days=stay_type.max_days):
        errors["ends_at"] = _("A stay of this type may last at most %(days)s days.") % {
            "days": stay_type.max_days
        }
    elif ends_at - starts_at > timedelta(days=stay_type.standard_days) and not reason.strip():
        errors["reason"] = _(
            "The stay is longer than the standard %(days)s days of its type: give a reason."
        ) % {"days": stay_type.standard_days}
    if bed is not None and stay_type.is_acute != (bed.kind == BedKind.ACUTE):
        errors["stay_type"] = (
            _("An acute bed takes only acute stays.")
            if bed.kind == BedKind.ACUTE
            else _("A temporary bed cannot take an acute stay.")
        )
    if errors:
        raise ValidationError(errors)


def _check_free(bed_id, citizen_id, starts_at, ends_at, exclude=()):
    blocker = blocking_stay(bed_id, starts_at, ends_at, exclude)
    if blocker is not None:
        raise BedTaken({"bed": bed_taken_message(blocker)})
    if (
        Stay.objects.filter(citizen_id=citizen_id)
        .overlapping(starts_at, ends_at)
        .exclude(pk__in=exclude)
        .exists()
    ):
        raise ValidationError({"citizen": _("The citizen is already in a bed in that period.")})


def _lock_beds(*bed_ids):
    """Row locks on the beds, in id order (no deadlocks). A no-op on SQLite, which serialises writes."""
    return {
        b.pk: b for b in Bed.objects.select_for_update().filter(pk__in=sorted(set(bed_ids))).order_by("pk")
    }


def _save_stay(stay):
    """Insert/update under a savepoint; the PostgreSQL exclusion constraints are the last line of defence."""
    try:
        with transaction.atomic():
            stay.save()
    except IntegrityError as exc:
        if "citizen_no_overlap" in str(exc):
            raise ValidationError({"citizen": _("The citizen is already in a bed in that period.")}) from exc
        if "bed_no_overlap" in str(exc):
            blocker = blocking_stay(stay.bed_id, stay.starts_at, stay.ends_at, [stay.pk] if stay.pk else [])
            raise BedTaken({"bed": bed_taken_message(blocker)}) from exc
        raise


def _event(stay, kind, by, *, reason="", old_end=None, new_end=None, bed=None, at=None):
    return StayEvent.objects.create(
        stay=stay,
        kind=kind,
        by=by,
        reason=reason,
        old_end=old_end,
        new_end=new_end,
        bed=bed,
        at=at or timezone.now(),
    )


def _period(start, end):
    return (
        f"{date_format(timezone.localtime(start), 'SHORT_DATETIME_FORMAT')}–"
        f"{date_format(timezone.localtime(end), 'SHORT_DATETIME_FORMAT')}"
    )


def _serve_at_rac(citizen, by):
    """During a stay the Rehab- og Akutcenter serves the citizen (so its staff see the record)."""
    rac = Unit.objects.filter(code=RAC_CODE).first()
    if rac and not CitizenUnit.objects.filter(citizen=citizen, unit=rac).exists():
        link = CitizenUnit(citizen=citizen, unit=rac)
        link._history_user = by
        link.save()


def announce_stay(stay, by, *, to_home=True):
    """Tell the other units the citizen is away for the stay's current period (home care pauses the
    visits of those days from the booking on), or home again once it has ended. A stay moved to
    another bed continues the first one: the chain shares one reference and one period."""
    root = stay
    while root.moved_from_id:
        root = Stay.objects.only("id", "starts_at", "moved_from_id").get(pk=root.moved_from_id)
    reference = f"stay:{root.pk}"
    if stay.discharged_at:
        pathway.citizen_home.send(
            sender=Stay,
            citizen=stay.citizen,
            end=stay.discharged_at,
            reference=reference,
            to_home=to_home,
            reason="temporary_bed",
            by=by,
        )
    else:
        pathway.citizen_away.send(
            sender=Stay,
            citizen=stay.citizen,
            start=root.starts_at,
            end=stay.ends_at,
            reason="temporary_bed",
            reference=reference,
            by=by,
        )


def proposed_services(needs):
    """The services a discharge notice proposes: one per line (or per comma) of its needs text."""
    parts = [p.strip(" -•\t") for line in (needs or "").splitlines() for p in line.split(",")]
    return [{"service": p, "note": ""} for p in parts if p]


def assign_bed(
    *,
    bed,
    citizen,
    stay_type,
    starts_at,
    ends_at=None,
    reason="",
    by,
    waiting_entry=None,
    notice=None,
    now=None,
):
    """Put a citizen in a bed for [starts_at, ends_at). The planned end defaults to the type's standard
    length. Raises ValidationError (field -> Danish message) or BedTaken when someone was first.
    (`now`: when it was booked; the demo replays past weeks with it.)"""
    _require_bed_rights(by, bed)
    now = now or timezone.now()
    if ends_at is None:
        ends_at = starts_at + timedelta(days=stay_type.standard_days)
    if not bed.is_active:
        raise ValidationError({"bed": _("That bed does not exist or is not in use.")})
    _check_length(stay_type, bed, starts_at, ends_at, reason)
    with transaction.atomic():
        _lock_beds(bed.pk)
        _check_free(bed.pk, citizen.pk, starts_at, ends_at)
        stay = Stay(
            bed=bed,
            citizen=citizen,
            stay_type=stay_type,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason.strip(),
            created_by=by,
            created_at=now,
            notice=notice,
        )
        _save_stay(stay)
        _event(stay, StayEventKind.ASSIGNED, by, reason=reason.strip(), new_end=ends_at, bed=bed, at=now)
        waiting = WaitingListEntry.objects.filter(status=WaitingStatus.WAITING)
        waiting = (
            waiting.filter(pk=waiting_entry.pk)
            if waiting_entry is not None
            else waiting.filter(citizen=citizen)
        )
        waiting.update(status=WaitingStatus.PLACED, stay=stay, closed_at=now)
        _serve_at_rac(citizen, by)
        announce_stay(stay, by)
        with override("da"):
            add_journal_entry(
                citizen,
                by,
                kind=JournalKind.VISITATION,
                text=_("Granted %(type)s in bed %(bed)s, %(period)s.")
                % {"type": stay_type.name, "bed": bed.label, "period": _period(starts_at, ends_at)},
                at=now,
            )
    return stay


def _require_reason(reason):
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the change.")})


def _open_stay(stay, *, by, reason, field, version=None):
    """A change to a stay that has not ended: the user's rights, a reason, the bed locked, the version the
    form was loaded with claimed (carecore.versioning.EditConflict when it changed since) and the stay read
    again under the lock. Call inside the change's transaction."""
    _require_bed_rights(by, stay.bed)
    _require_reason(reason)
    _lock_beds(stay.bed_id)
    claim(stay, version)
    stay = Stay.objects.select_related("stay_type", "bed").get(pk=stay.pk)
    if stay.discharged_at:
        raise ValidationError({field: _("The stay has ended.")})
    if stay.cancelled_at:
        raise ValidationError({field: _("The stay is cancelled.")})
    return stay


def change_end(stay, *, new_end, reason, by, version=None):
    """Extend the stay, or move its planned end earlier; the type's limits still apply."""
    with transaction.atomic():
        stay = _open_stay(stay, by=by, reason=reason, field="new_end", version=version)
        _check_length(stay.stay_type, None, stay.starts_at, new_end, reason)
        if new_end > stay.ends_at:
            _check_free(stay.bed_id, stay.citizen_id, stay.starts_at, new_end, exclude=[stay.pk])
        old = stay.ends_at
        stay.ends_at = new_end
        _save_stay(stay)
        kind = StayEventKind.EXTENDED if new_end > old else StayEventKind.SHORTENED
        _event(stay, kind, by, reason=reason, old_end=old, new_end=new_end)
        announce_stay(stay, by)
    return stay


def end_stay(stay, *, at, reason, by, discharge=True, now=None, version=None):
    """Discharge home (or end early, e.g. admitted to hospital): the bed is free from `at`.
    (`now`: when it was recorded; the demo replays past weeks with it.)"""
    with transaction.atomic():
        stay = _open_stay(stay, by=by, reason=reason, field="at", version=version)
        if at <= stay.starts_at:
            raise ValidationError({"at": _("The end must be after the start.")})
        if at > stay.ends_at:
            _check_free(stay.bed_id, stay.citizen_id, stay.starts_at, at, exclude=[stay.pk])
        old = stay.ends_at
        stay.ends_at = at
        stay.discharged_at = at
        _save_stay(stay)
        kind = StayEventKind.DISCHARGED if discharge else StayEventKind.ENDED_EARLY
        _event(stay, kind, by, reason=reason, old_end=old, new_end=at, at=now)
        announce_stay(stay, by, to_home=discharge)
        if discharge:
            with override("da"):
                add_journal_entry(
                    stay.citizen,
                    by,
                    kind=JournalKind.VISITATION,
                    text=_("Discharged home from bed %(bed)s. %(reason)s")
                    % {"bed": stay.bed.label, "reason": reason},
                    at=now,
                )
            # Discharged to home: the visitation assesses the help needed at home.
            pathway.help_requested.send(
                sender=Stay,
                citizen=stay.citizen,
                source="stay",
                reference=f"stay:{stay.pk}",
                proposed=proposed_services(stay.notice.needs if stay.notice_id else ""),
                text=reason,
                by=by,
            )
    return stay


def cancel_stay(stay, *, reason, by, version=None, now=None):
    """A stay that has not begun is cancelled with a reason: its bed is free again, home care gets the
    visits back, and the stay keeps its history (a CANCELLED event; the row is not deleted)."""
    now = now or timezone.now()
    with transaction.atomic():
        stay = _open_stay(stay, by=by, reason=reason, field="reason", version=version)
        if stay.starts_at <= now:
            raise ValidationError({"reason": _("The stay has begun: end it instead of cancelling it.")})
        stay.cancelled_at = now
        _save_stay(stay)
        _event(stay, StayEventKind.CANCELLED, by, reason=reason.strip(), old_end=stay.ends_at, at=now)
        pathway.citizen_home.send(
            sender=Stay,
            citizen=stay.citizen,
            end=stay.starts_at,
            reference=f"stay:{stay.pk}",
            to_home=True,
            reason="temporary_bed",
            cancelled=True,
            by=by,
        )
    return stay


def move_stay(stay, *, to_bed, at, reason, by, version=None):
    """Move to another bed from `at`: the stay ends there and a new one continues in the new bed."""
    _require_bed_rights(by, stay.bed)
    _require_bed_rights(by, to_bed)
    _require_reason(reason)
    with transaction.atomic():
        beds = _lock_beds(stay.bed_id, to_bed.pk)
        claim(stay, version)
        stay = Stay.objects.select_related("stay_type", "bed").get(pk=stay.pk)
        if to_bed.pk == stay.bed_id or to_bed.pk not in beds or not to_bed.is_active:
            raise ValidationError({"to_bed": _("Choose another bed that is in use.")})
        if to_bed.kind != stay.bed.kind:
            raise ValidationError({"to_bed": _("A stay can only move to a bed of the same kind.")})
        if stay.discharged_at or at >= stay.ends_at:
            raise ValidationError({"at": _("The stay has ended.")})
        at = max(at, stay.starts_at)
        blocker = blocking_stay(to_bed.pk, at, stay.ends_at)
        if blocker is not None:
            raise BedTaken({"to_bed": bed_taken_message(blocker)})
        old_end = stay.ends_at
        if at == stay.starts_at:  # not begun: the whole stay changes bed
            from_bed = stay.bed
            stay.bed = to_bed
            _save_stay(stay)
            _event(stay, StayEventKind.MOVED_IN, by, reason=reason, bed=from_bed, new_end=old_end)
            return stay
        stay.ends_at = at
        _save_stay(stay)
        new = Stay(
            bed=to_bed,
            citizen=stay.citizen,
            stay_type=stay.stay_type,
            starts_at=at,
            ends_at=old_end,
            reason=stay.reason,
            moved_from=stay,
            notice=stay.notice,
            created_by=by,
        )
        _save_stay(new)
        _event(stay, StayEventKind.MOVED_OUT, by, reason=reason, old_end=old_end, new_end=at, bed=to_bed)
        _event(new, StayEventKind.MOVED_IN, by, reason=reason, new_end=old_end, bed=stay.bed)
        announce_stay(new, by)
    return new


# --- waiting list ---------------------------------------------------------------------------
def waiting_priority_rule():
    """Stay type code -> default priority on the waiting list (rehab.reference, or the setting)."""
    return getattr(settings, "OMSORG_REHAB_WAITING_PRIORITY", WAITING_PRIORITY)


def priority_for(stay_type):
    return waiting_priority_rule().get(stay_type.code, Priority.NORMAL)


def add_to_waiting_list(*, citizen, stay_type, priority=None, note="", by, notice=None):
    """`priority` None: the rule's. Only a type the rule makes urgent may be urgent (waiting for a home or
    aids is not)."""
    if not has_role(by, Role.VISITATOR):
        raise PermissionDenied
    rule = priority_for(stay_type)
    if priority is None:
        priority = rule
    elif priority == Priority.URGENT and rule != Priority.URGENT:
        raise ValidationError(
            {"priority": _("%(type)s is not urgent under the waiting-list rule.") % {"type": stay_type.name}}
        )
    if WaitingListEntry.objects.filter(citizen=citizen, status=WaitingStatus.WAITING).exists():
        raise ValidationError({"citizen": _("The citizen is already on the waiting list.")})
    try:
        with transaction.atomic():
            return WaitingListEntry.objects.create(
                citizen=citizen,
                stay_type=stay_type,
                priority=priority,
                note=note,
                created_by=by,
                notice=notice,
            )
    except IntegrityError as exc:
        raise ValidationError({"citizen": _("The citizen is already on the waiting list.")}) from exc


def withdraw_waiting(entry, *, by):
    if not has_role(by, Role.VISITATOR):
        raise PermissionDenied
    WaitingListEntry.objects.filter(pk=entry.pk, status=WaitingStatus.WAITING).update(
        status=WaitingStatus.WITHDRAWN, closed_at=timezone.now()
    )


def first_waiting(acute=False):
    return (
        WaitingListEntry.objects.waiting()
        .filter(stay_type__is_acute=acute)
        .select_related("citizen", "stay_type")
        .first()
    )


# --- discharge notices ----------------------------------------------------------------------
def register_notice(*, citizen, ward, expected_at, needs, by=None, **more):
    """A discharge notice, typed by the visitator or from a hospital message (`more`: training_plan,
    source, external_ref; the model's defaults otherwise), validated by the model's rules."""
    notice = DischargeNotice(
        citizen=citizen, ward=ward, expected_at=expected_at, needs=needs, created_by=by, **more
    )
    return save_valid(notice)


def on_citizen_home(sender, *, citizen, end, reference, to_home=True, reason="", **kwargs):
    """Receiver of citizens.pathway.citizen_home: a citizen discharged home from hospital lands in the
    Kom Godt Hjem queue as a discharge notice, once per hospital stay (idempotent on the reference)."""
    if reason != "hospital" or not to_home or kwargs.get("cancelled"):
        return None
    existing = DischargeNotice.objects.filter(external_ref=reference).first()
    if existing:
        if existing.expected_at != end and not existing.decision:
            existing.expected_at = end
            existing.save(update_fields=["expected_at"])
        return existing
    with override("da"):
        needs = kwargs.get("text") or _("Discharged home from hospital (hospital message).")
    return register_notice(
        citizen=citizen,
        ward=(kwargs.get("place") or _("Hospital ward"))[:120],
        expected_at=end,
        needs=needs,
        source=NoticeSource.HOSPITAL,
        external_ref=reference[:80],
    )


@transaction.atomic
def decide_notice(notice, *, decision, note, by, team=None, stay_type=None, priority=None):
    """The visitator's decision on a discharge notice. Home with help: the chosen home-care team starts
    serving the citizen. Temporary bed: the citizen goes on the waiting list until a bed is assigned."""
    if not has_role(by, Role.VISITATOR):
        raise PermissionDenied
    notice = DischargeNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.decision:
        raise ValidationError({"decision": _("The notice has already been decided.")})
    if decision == Decision.HOME_WITH_HELP:
        if team is None:
            raise ValidationError({"team": _("Choose the home-care team that will help.")})
        if not CitizenUnit.objects.filter(citizen=notice.citizen, unit=team).exists():
            link = CitizenUnit(citizen=notice.citizen, unit=team)
            link._history_user = by
            link.save()
    elif decision == Decision.TEMPORARY_BED:
        if stay_type is None:
            raise ValidationError({"stay_type": _("Choose the type of stay.")})
        if not WaitingListEntry.objects.filter(citizen=notice.citizen, status=WaitingStatus.WAITING).exists():
            WaitingListEntry.objects.create(
                citizen=notice.citizen,
                stay_type=stay_type,
                notice=notice,
                priority=priority or priority_for(stay_type),
                created_by=by,
                note=notice.ward,
            )
    notice.decision = decision
    notice.decision_note = note
    notice.decided_at = timezone.now()
    notice.decided_by = by
    notice.save(update_fields=["decision", "decision_note", "decided_at", "decided_by"])
    if decision == Decision.HOME_WITH_HELP:
        # The visitation opens or updates the citizen's case with the services the notice proposes.
        pathway.help_requested.send(
            sender=DischargeNotice,
            citizen=notice.citizen,
            source="discharge",
            reference=f"discharge:{notice.pk}",
            proposed=proposed_services(notice.needs),
            text=notice.needs,
            by=by,
        )
    with override("da"):
        add_journal_entry(
            notice.citizen,
            by,
            kind=JournalKind.VISITATION,
            text=_("Discharge from %(ward)s decided: %(decision)s. %(note)s")
            % {"ward": notice.ward, "decision": Decision(decision).label, "note": note},
        )
    return notice


@transaction.atomic
def record_home_assessment(notice, *, by, **data):
    if not has_role(by, Role.VISITATOR):
        raise PermissionDenied
    if HomeAssessment.objects.filter(notice=notice).exists():
        raise ValidationError({"visit_date": _("The home assessment has already been recorded.")})
    apv = HomeAssessment(notice=notice, **data)
    return save_valid(apv)


# --- pathways -------------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _require_therapist(user):
    if not has_role(user, Role.THERAPIST):
        raise PermissionDenied


@transaction.atomic
def open_pathway(
    *,
    citizen,
    therapist,
    goals,
    interventions="",
    planned_weeks,
    start_on=None,
    kind=PathwayKind.REHAB_83A,
    start_deadline=None,
    hospital="",
    levels=None,
    by,
):
    """Open a §83a pathway (starts at once) or register a §140 training plan (starts later, by its deadline)."""
    _require_therapist(by)
    status = PathwayStatus.ACTIVE if start_on else PathwayStatus.PLANNED
    pathway = Pathway(
        citizen=citizen,
        therapist=therapist,
        goals=goals,
        interventions=interventions,
        kind=kind,
        planned_weeks=planned_weeks,
        start_on=start_on,
        start_deadline=start_deadline,
        hospital=hospital,
        status=status,
        created_by=by,
    )
    save_valid(pathway)
    _scores(pathway, ScorePhase.START, levels)
    with override("da"):
        add_journal_entry(
            citizen,
            by,
            kind=JournalKind.REHAB,
            text=_("%(kind)s opened. Goals: %(goals)s") % {"kind": PathwayKind(kind).label, "goals": goals},
        )
    return pathway


def _scores(pathway, phase, levels):
    PathwayScore.objects.bulk_create(
        [
            PathwayScore(pathway=pathway, phase=phase, code=code, level=level)
            for code, level in (levels or {}).items()
            if level is not None
        ]
    )


@transaction.atomic
def start_pathway(pathway, *, start_on, by, levels=None, version=None):
    _require_therapist(by)
    claim(pathway, version)
    pathway = Pathway.objects.select_for_update().get(pk=pathway.pk)
    if pathway.status != PathwayStatus.PLANNED:
        raise ValidationError({"start_on": _("The pathway has already started.")})
    pathway.start_on = start_on
    pathway.status = PathwayStatus.ACTIVE
    pathway.save(update_fields=["start_on", "status"])
    _scores(pathway, ScorePhase.START, levels)
    return pathway


def add_evaluation(pathway, *, text, on, by):
    _require_therapist(by)
    if pathway.status != PathwayStatus.ACTIVE:
        raise ValidationError({"text": _("Only an active pathway can be evaluated.")})
    return Evaluation.objects.create(pathway=pathway, text=text, on=on, by=by)


@transaction.atomic
def end_pathway(pathway, *, end_on, result, note, levels, by, version=None):
    """End the pathway with FSIII levels and the result; schedule the 1- and 3-month follow-ups."""
    _require_therapist(by)
    claim(pathway, version)
    pathway = Pathway.objects.select_for_update().get(pk=pathway.pk)
    if pathway.status != PathwayStatus.ACTIVE:
        raise ValidationError({"end_on": _("Only an active pathway can be ended.")})
    if end_on < pathway.start_on:
        raise ValidationError({"end_on": _("The end must be after the start.")})
    pathway.end_on, pathway.result, pathway.end_note = end_on, result, note
    pathway.status = PathwayStatus.ENDED
    pathway.save(update_fields=["end_on", "result", "end_note", "status"])
    _scores(pathway, ScorePhase.END, levels)
    FollowUp.objects.bulk_create(
        [FollowUp(pathway=pathway, months=m, due_on=add_months(end_on, m)) for m in FOLLOW_UP_MONTHS]
    )
    with override("da"):
        add_journal_entry(
            pathway.citizen,
            by,
            kind=JournalKind.REHAB,
            text=_("Pathway ended: %(result)s. %(note)s")
            % {"result": pathway.get_result_display(), "note": note},
        )
    return pathway


@transaction.atomic
def record_follow_up(follow_up, *, reached, status, new_needs, by):
    _require_therapist(by)
    follow_up = FollowUp.objects.select_for_update().select_related("pathway").get(pk=follow_up.pk)
    if follow_up.done_at:
        raise ValidationError({"status": _("The follow-up has already been recorded.")})
    follow_up.reached, follow_up.status, follow_up.new_needs = reached, status, new_needs
    follow_up.done_at, follow_up.done_by = timezone.now(), by
    follow_up.save()
    if not FollowUp.objects.filter(pathway=follow_up.pathway, done_at__isnull=True).exists():
        Pathway.objects.filter(pk=follow_up.pathway_id).update(
            status=PathwayStatus.CLOSED, version=F("version") + 1
        )
    return follow_up
