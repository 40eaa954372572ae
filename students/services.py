"""Business actions of the trainee module. Each runs in one transaction and either saves everything
or nothing; rules that race (overlap, supervisor limit, hiring twice) are checked under row locks."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from carecore.models import Unit
from carecore.versioning import claim

from .models import (
    ENDED,
    Applicant,
    ApplicantStage,
    Meeting,
    Placement,
    SchoolPeriod,
    Trainee,
    TraineeStatus,
    UnitCapacity,
    meeting_dates,
    supervisor_limit,
)


def _d(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def max_overlap(intervals, starts_on, ends_on):
    """The largest number of `intervals` ((start, end) inclusive) running on any one day of
    [starts_on, ends_on]."""
    events = []
    for a, b in intervals:
        a, b = max(a, starts_on), min(b, ends_on)
        if a <= b:
            events.append((a, 1))
            events.append((b + timedelta(days=1), -1))
    events.sort(key=lambda e: (e[0], e[1]))
    current = best = 0
    for _day, delta in events:
        current += delta
        best = max(best, current)
    return best


def check_placement(trainee, *, unit, supervisor, starts_on, ends_on, over_limit_reason="", exclude_pk=None):
    """Raise ValidationError({field: message}) if the placement breaks a rule; return a list of
    warnings (unit over capacity) otherwise."""
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("The end date is before the start date.")
    else:
        if starts_on < trainee.start_date or ends_on > trainee.expected_end:
            message = _("The placement must lie within the programme (%(start)s–%(end)s).") % {
                "start": _d(trainee.start_date),
                "end": _d(trainee.expected_end),
            }
            errors["starts_on" if starts_on < trainee.start_date else "ends_on"] = message
        clash = (
            Placement.objects.filter(trainee=trainee)
            .overlapping(starts_on, ends_on)
            .exclude(pk=exclude_pk)
            .first()
        )
        if clash:
            errors.setdefault(
                "starts_on",
                _("The trainee already has a placement in this period (%(period)s).")
                % {"period": f"{_d(clash.starts_on)}–{_d(clash.ends_on)}"},
            )
        if supervisor is not None:
            others = (
                Placement.objects.filter(supervisor=supervisor)
                .overlapping(starts_on, ends_on)
                .exclude(pk=exclude_pk)
                .exclude(trainee=trainee)
                .values_list("starts_on", "ends_on")
            )
            limit = supervisor_limit()
            if max_overlap(list(others), starts_on, ends_on) >= limit and not over_limit_reason.strip():
                errors["supervisor"] = _(
                    "%(name)s already has %(limit)s trainees at once in this period. Choose another supervisor "
                    "or give a reason for exceeding the limit."
                ) % {"name": supervisor.get_full_name() or supervisor.get_username(), "limit": limit}
    if errors:
        raise ValidationError(errors)
    warnings = []
    capacity = UnitCapacity.objects.filter(unit=unit).values_list("capacity", flat=True).first()
    if capacity is not None:
        others = (
            Placement.objects.filter(unit=unit)
            .overlapping(starts_on, ends_on)
            .exclude(pk=exclude_pk)
            .values_list("starts_on", "ends_on")
        )
        if max_overlap(list(others), starts_on, ends_on) + 1 > capacity:
            warnings.append(
                _("%(unit)s is over its capacity of %(capacity)s trainees at once in this period.")
                % {"unit": unit.name, "capacity": capacity}
            )
    return warnings


def generate_meetings(placement):
    """Create the three standard meetings of a placement with their due dates (idempotent); meetings
    not yet held follow the placement if its dates change."""
    dates = meeting_dates(placement.starts_on, placement.ends_on)
    existing = {m.kind: m for m in placement.meetings.all()}
    new = []
    for kind, (opens_on, due_on) in dates.items():
        meeting = existing.get(kind)
        if meeting is None:
            new.append(Meeting(placement=placement, kind=kind, opens_on=opens_on, due_on=due_on))
        elif meeting.held_on is None and (meeting.opens_on, meeting.due_on) != (opens_on, due_on):
            meeting.opens_on, meeting.due_on = opens_on, due_on
            meeting.save(update_fields=["opens_on", "due_on"])
    Meeting.objects.bulk_create(new, ignore_conflicts=True)


@transaction.atomic
def add_placement(trainee, by, *, unit, supervisor, starts_on, ends_on, setting, over_limit_reason=""):
    """Place a trainee; returns (placement, warnings). The trainee, the supervisor and the unit are
    locked so two coordinators cannot overbook either, and the capacity warning counts every placement."""
    Trainee.objects.select_for_update().get(pk=trainee.pk)
    if supervisor is not None:
        get_user_model().objects.select_for_update().get(pk=supervisor.pk)
    Unit.objects.select_for_update().get(pk=unit.pk)
    warnings = check_placement(
        trainee,
        unit=unit,
        supervisor=supervisor,
        starts_on=starts_on,
        ends_on=ends_on,
        over_limit_reason=over_limit_reason,
    )
    placement = Placement.objects.create(
        trainee=trainee,
        unit=unit,
        supervisor=supervisor,
        starts_on=starts_on,
        ends_on=ends_on,
        setting=setting,
        over_limit_reason=over_limit_reason.strip(),
    )
    generate_meetings(placement)
    return placement, warnings


@transaction.atomic
def add_school_period(trainee, *, starts_on, ends_on, note=""):
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    if starts_on < trainee.start_date or ends_on > trainee.expected_end:
        raise ValidationError(
            {
                "starts_on": _("The school period must lie within the programme (%(start)s–%(end)s).")
                % {"start": _d(trainee.start_date), "end": _d(trainee.expected_end)}
            }
        )
    if Placement.objects.filter(trainee=trainee).overlapping(starts_on, ends_on).exists():
        raise ValidationError({"starts_on": _("The trainee is in a placement in this period.")})
    return SchoolPeriod.objects.create(trainee=trainee, starts_on=starts_on, ends_on=ends_on, note=note)


@transaction.atomic
def update_trainee(trainee, *, version=None):
    """Save the edited trainee if nobody saved it since `version` was loaded (EditConflict otherwise)."""
    claim(trainee, version)
    trainee.save()
    return trainee


@transaction.atomic
def change_status(trainee, *, status, on=None, version=None):
    """Record a new status; dropping out or graduating sets the actual end date."""
    claim(trainee, version)
    on = on or timezone.localdate()
    trainee.status = status
    if status in ENDED:
        if on < trainee.start_date:
            raise ValidationError({"on": _("The date is before the programme started.")})
        trainee.ended_on = on
    else:
        trainee.ended_on = None
    trainee.save(update_fields=["status", "ended_on"])
    return trainee


@transaction.atomic
def record_minutes(meeting, by, *, held_on, attendees, goals_discussed, agreements, goals_met=None):
    from .models import MeetingKind

    if held_on < meeting.placement.starts_on:
        raise ValidationError({"held_on": _("The meeting cannot be held before the placement starts.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date is in the future.")})
    if meeting.kind == MeetingKind.FINAL and goals_met is None:
        raise ValidationError({"goals_met": _("State whether the placement goals are met.")})
    meeting.held_on = held_on
    meeting.attendees = attendees
    meeting.goals_discussed = goals_discussed
    meeting.agreements = agreements
    meeting.goals_met = goals_met if meeting.kind == MeetingKind.FINAL else None
    meeting.written_by = by
    meeting.written_at = timezone.now()
    meeting.save()
    return meeting


# --- recruitment ----------------------------------------------------------------------------------
def advance_applicant(applicant, stage):
    if applicant.stage in (ApplicantStage.HIRED, ApplicantStage.REJECTED):
        raise ValidationError(_("The applicant's case is closed."))
    if stage == ApplicantStage.HIRED:
        raise ValidationError(_("Use the hiring form to hire the applicant."))
    Applicant.objects.filter(pk=applicant.pk).update(stage=stage)
    applicant.stage = stage
    return applicant


@transaction.atomic
def hire_applicant(applicant, by, *, cpr, intake, start_date, expected_end, pay_basis, contact_person=None):
    """The accepted applicant becomes a trainee in one step: name, contact details and programme are
    carried over; only the employment facts are asked for."""
    locked = Applicant.objects.select_for_update().get(pk=applicant.pk)
    if locked.trainee_id or locked.stage == ApplicantStage.HIRED:
        raise ValidationError(_("The applicant has already been hired."))
    if locked.stage != ApplicantStage.OFFERED:
        raise ValidationError(_("Only an applicant who has been offered a place can be hired."))
    if expected_end <= start_date:
        raise ValidationError({"expected_end": _("The end date is before the start date.")})
    trainee = Trainee.objects.create(
        first_name=locked.first_name,
        last_name=locked.last_name,
        email=locked.email,
        phone=locked.phone,
        programme=locked.programme,
        cpr=cpr,
        intake=intake,
        start_date=start_date,
        expected_end=expected_end,
        pay_basis=pay_basis,
        contact_person=contact_person or by,
        status=TraineeStatus.ACTIVE,
    )
    locked.trainee = trainee
    locked.stage = ApplicantStage.HIRED
    locked.save(update_fields=["trainee", "stage"])
    applicant.trainee, applicant.stage = trainee, locked.stage
    return trainee
