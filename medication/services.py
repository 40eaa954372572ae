"""Medication's business actions: each write one transaction; the rules are checked here as well as
in the forms, so nothing reaches the list that a form would refuse."""

from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    CONTENT_FIELDS,
    MAX_DOSE,
    Administration,
    DoseUnit,
    MedicineLine,
    MedicineLineVersion,
    Outcome,
)


def parse_times(text):
    """'8, 12:30 18.00' → ['08:00', '12:30', '18:00']; a time outside the day is refused."""
    result = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        part = part.strip().replace(".", ":")
        if not part:
            continue
        hours, _sep, minutes = part.partition(":")
        try:
            h, m = int(hours), int(minutes or 0)
        except ValueError:
            raise ValidationError(
                _("'%(value)s' is not a time of day (use e.g. 08:00).") % {"value": part}
            ) from None
        if not (0 <= h <= 23 and 0 <= m <= 59):
            raise ValidationError(_("%(value)s lies outside the day (00:00–23:59).") % {"value": part})
        result.append(f"{h:02d}:{m:02d}")
    if not result:
        raise ValidationError(_("Give at least one time of day."))
    return sorted(set(result))


def parse_time(text):
    (value,) = parse_times(text)
    return time.fromisoformat(value)


def check_content(data):
    """The rules every version of a line obeys; raises ValidationError per field."""
    errors = {}
    dose, unit = data.get("dose"), data.get("dose_unit")
    try:
        dose = Decimal(dose) if dose is not None else None
    except (InvalidOperation, TypeError):
        dose = None
        errors["dose"] = [_("Give the dose as a number.")]
    if dose is not None:
        if dose <= 0:
            errors["dose"] = [_("The dose must be more than 0.")]
        elif unit in MAX_DOSE and dose > MAX_DOSE[unit]:
            errors["dose"] = [
                _("%(dose)s %(unit)s at a time is not a possible dose (at most %(max)s).")
                % {"dose": dose, "unit": DoseUnit(unit).label, "max": MAX_DOSE[unit]}
            ]
    times = data.get("times")
    if isinstance(times, str):
        try:
            data["times"] = parse_times(times)
        except ValidationError as exc:
            errors["times"] = exc.messages
    elif not times:
        errors["times"] = [_("Give at least one time of day.")]
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("The end lies before the start.")]
    if errors:
        raise ValidationError(errors)
    return data


def _new_version(line, *, by, data, note="", source="local", now=None):
    last = line.current
    version = MedicineLineVersion(
        line=line,
        number=(last.number + 1) if last else 1,
        note=note,
        source=source,
        recorded_by=by,
        recorded_at=now or timezone.now(),
        **{f: data[f] for f in CONTENT_FIELDS},
    )
    version.full_clean(exclude=["line"])
    version.save()
    line.current = version
    line.save(update_fields=["current"])
    return version


@transaction.atomic
def add_line(citizen, *, by, data, source="local", fmk_id="", now=None):
    """Put a new medicine on the citizen's list (its first version)."""
    data = check_content(dict(data))
    line = MedicineLine.objects.create(citizen=citizen, fmk_id=fmk_id, created_at=now or timezone.now())
    _new_version(line, by=by, data=data, source=source, now=now)
    return line


@transaction.atomic
def change_line(line, *, by, data, note="", source="local", now=None):
    """Change a line: a new version; the earlier ones stay as they were. Ending a line is a change
    that sets its end date."""
    line = MedicineLine.objects.select_for_update(of=("self",)).select_related("current").get(pk=line.pk)
    merged = {**line.current.content(), **data}
    merged = check_content(merged)
    return _new_version(line, by=by, data=merged, note=note, source=source, now=now)


# --- Administration ----------------------------------------------------------------------------
def local_dt(day, clock):
    return timezone.make_aware(datetime.combine(day, clock))


def due_doses(citizen_id, start, end):
    """The doses on the citizen's list due from `start` to `end` (aware datetimes on one day): pairs
    (line, due_at), in time order. A line counts when its current version is active on that day."""
    day = timezone.localtime(start).date()
    t0, t1 = timezone.localtime(start).time(), timezone.localtime(end).time()
    if timezone.localtime(end).date() > day:  # a late visit's window runs past midnight: up to the day's end
        t1 = time.max
    doses = []
    lines = MedicineLine.objects.filter(citizen_id=citizen_id, current__isnull=False).select_related(
        "current"
    )
    for line in lines:
        version = line.current
        if not version.active_on(day):
            continue
        for clock in version.time_list:
            if t0 <= clock <= t1:
                doses.append((line, local_dt(day, clock)))
    doses.sort(key=lambda d: (d[1], d[0].current.drug))
    return doses


def visit_window(starts_at, window_end, ends_at):
    """The times a visit covers: from its planned start to the later of its latest start and its end,
    widened by 30 minutes either side (a dose at 08:00 is given on the 07:45 visit)."""
    margin = timedelta(minutes=30)
    return starts_at - margin, max(window_end, ends_at) + margin


@transaction.atomic
def record_administration(line, *, due_at, outcome, by, unit, reason="", note="", visit_ref=None, now=None):
    """Record a due dose as given or not given. Refused for a medicine not on the list at that time
    (not active that day, or no dose at that time of day) and for a dose already recorded."""
    line = MedicineLine.objects.select_related("current").get(pk=line.pk)
    version = line.current
    day = timezone.localtime(due_at).date()
    clock = timezone.localtime(due_at).time().replace(second=0, microsecond=0)
    if version is None or not version.active_on(day) or clock not in version.time_list:
        raise ValidationError(
            {
                "line": _("This medicine is not on the list at %(at)s.")
                % {"at": f"{day:%d.%m.%Y} {clock:%H:%M}"}
            }
        )
    if outcome == Outcome.NOT_GIVEN and not reason:
        raise ValidationError({"reason": _("Say why the medicine was not given.")})
    if outcome == Outcome.GIVEN:
        reason = ""
    try:
        with transaction.atomic():
            return Administration.objects.create(
                citizen_id=line.citizen_id,
                line=line,
                version=version,
                due_at=due_at,
                unit=unit,
                visit_ref=visit_ref,
                outcome=outcome,
                reason=reason,
                note=note,
                recorded_by=by,
                recorded_at=now or timezone.now(),
            )
    except IntegrityError:
        raise ValidationError({"line": _("This dose is already recorded.")}) from None


def midnight(day):
    return local_dt(day, time(0, 0))
