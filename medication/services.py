"""Medication's business actions: each write one transaction; the rules are checked here as well as
in the forms, so nothing reaches the list that a form would refuse."""

from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecore.roles import Role, role_names

from .models import (
    CONTENT_FIELDS,
    MAX_DOSE,
    Administration,
    DoseUnit,
    HowGiven,
    MedicineLine,
    MedicineLineVersion,
    Outcome,
    Pouring,
    PouringCheck,
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


def version_at(versions, at):
    """The version of a line in force at `at`, from its versions in number order: a change is in force
    from when it was recorded; the first version reaches back to its start date (a prescription entered
    after it began). Whether it gives a dose at `at` is `gives_dose_at`."""
    in_force = versions[0] if versions else None
    for version in versions[1:]:
        if version.recorded_at <= at:
            in_force = version
    return in_force


def gives_dose_at(version, at):
    """Is there a dose of this version at `at`: active that day, and one of its times of day."""
    local = timezone.localtime(at)
    clock = local.time().replace(second=0, microsecond=0)
    return version is not None and version.active_on(local.date()) and clock in version.time_list


def due_doses(citizen_id, start, end):
    """The doses on the citizen's list due from `start` to `end` (aware datetimes on one day): pairs
    (version in force at the dose's time, due_at), in time order. One query."""
    day = timezone.localtime(start).date()
    t0, t1 = timezone.localtime(start).time(), timezone.localtime(end).time()
    if timezone.localtime(end).date() > day:  # a late visit's window runs past midnight: up to the day's end
        t1 = time.max
    by_line = {}
    versions = (
        MedicineLineVersion.objects.filter(line__citizen_id=citizen_id)
        .select_related("line")
        .order_by("line_id", "number")
    )
    for version in versions:
        by_line.setdefault(version.line_id, []).append(version)
    doses = []
    clocks = sorted({clock for vs in by_line.values() for v in vs for clock in v.time_list})
    for clock in clocks:
        if not t0 <= clock <= t1:
            continue
        due = local_dt(day, clock)
        for line_versions in by_line.values():
            version = version_at(line_versions, due)
            if gives_dose_at(version, due):
                doses.append((version, due))
    doses.sort(key=lambda d: (d[1], d[0].drug, d[0].line_id))
    return doses


def visit_window(starts_at, window_end, ends_at):
    """The times a visit covers: from its planned start to the later of its latest start and its end,
    widened by 30 minutes either side (a dose at 08:00 is given on the 07:45 visit)."""
    margin = timedelta(minutes=30)
    return starts_at - margin, max(window_end, ends_at) + margin


@transaction.atomic
def record_administration(line, *, due_at, outcome, by, unit, reason="", note="", visit_ref=None, now=None):
    """Record a due dose as given or not given, against the version of the line in force at the dose's
    time (not today's). Refused for a medicine not on the list at that time (no version then, not
    active that day, or no dose at that time of day) and for a dose already recorded."""
    versions = list(MedicineLineVersion.objects.filter(line=line).order_by("number"))
    version = version_at(versions, due_at)
    if not gives_dose_at(version, due_at):
        local = timezone.localtime(due_at)
        raise ValidationError(
            {"line": _("This medicine is not on the list at %(at)s.") % {"at": f"{local:%d.%m.%Y %H:%M}"}}
        )
    if outcome == Outcome.NOT_GIVEN and not reason:
        raise ValidationError({"reason": _("Say why the medicine was not given.")})
    if outcome == Outcome.GIVEN:
        reason = ""
    try:
        with transaction.atomic():
            return Administration.objects.create(
                citizen_id=line.citizen_id,
                line_id=line.pk,
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


# --- Pouring (ophældning) ---------------------------------------------------------------------
def _nurse_only(by, message):
    if Role.NURSE.value not in role_names(by):
        raise ValidationError(message)


def poured_text(version):
    """What was poured, as it stood: drug, strength, dose and times of day."""
    dose = f"{version.dose.normalize():f} {version.get_dose_unit_display()}"
    return f"{version.drug} {version.form_strength}: {dose} · {', '.join(version.times)}"


@transaction.atomic
def record_pouring(citizen, *, by, starts_on, ends_on, lines, note="", now=None):
    """A nurse records that she poured the citizen's poured medicines for a period. Each line must be
    poured by staff (not dose-dispensed) and in force in some of the period (its current version);
    what was poured is kept as it stood."""
    _nurse_only(by, _("Only a nurse records a pouring."))
    errors = {}
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("The end lies before the start.")]
    if not lines:
        errors["lines"] = [_("Choose the medicines you poured.")]
    ids = {getattr(line, "pk", line) for line in lines}
    chosen = list(
        MedicineLine.objects.filter(citizen=citizen, pk__in=ids)
        .select_related("current")
        .order_by("current__drug", "id")
    )
    if len(chosen) != len(ids):
        errors.setdefault("lines", []).append(_("A chosen medicine is not on the citizen's list."))
    for line in chosen:
        version = line.current
        if version.how_given != HowGiven.POURED:
            errors.setdefault("lines", []).append(
                _("%(drug)s is dose-dispensed from the pharmacy and is not poured.") % {"drug": version.drug}
            )
        elif "ends_on" not in errors and not (
            version.starts_on <= ends_on and (version.ends_on is None or version.ends_on >= starts_on)
        ):
            errors.setdefault("lines", []).append(
                _("%(drug)s is not in force in the period.") % {"drug": version.drug}
            )
    if errors:
        raise ValidationError(errors)
    return Pouring.objects.create(
        citizen=citizen,
        starts_on=starts_on,
        ends_on=ends_on,
        poured=[
            {"line": line.pk, "version": line.current.number, "text": poured_text(line.current)}
            for line in chosen
        ],
        note=note,
        poured_by=by,
        poured_at=now or timezone.now(),
    )


@transaction.atomic
def check_pouring(pouring, *, by, note="", now=None):
    """A second nurse checks a pouring: never the nurse who poured it, and once."""
    _nurse_only(by, _("Only a nurse checks a pouring."))
    if pouring.poured_by_id == by.pk:
        raise ValidationError(_("The check must be made by another nurse than the one who poured."))
    try:
        with transaction.atomic():
            return PouringCheck.objects.create(
                pouring=pouring, note=note, checked_by=by, checked_at=now or timezone.now()
            )
    except IntegrityError:
        raise ValidationError(_("This pouring has already been checked.")) from None
