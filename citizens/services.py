"""Writes to the citizen record. Each function is one business action inside one transaction."""

from django.db import transaction
from django.utils import timezone

from carecore.models import save_valid
from carecore.versioning import claim

from . import addresses
from .models import Assessment, AssessmentKind, Citizen, CitizenUnit, JournalEntry, JournalKind, Relative


def _title(user):
    staff = getattr(user, "staff", None)
    return staff.get_job_title_display() if staff else ""


@transaction.atomic
def register_citizen(*, data, units, by):
    """Create a citizen, placed by the address register, and the units that serve them. The change log
    records who did it."""
    citizen = Citizen(**data)
    if citizen.latitude is None:
        citizen.latitude, citizen.longitude = addresses.lookup(addresses.full_address(citizen)) or (
            None,
            None,
        )
    citizen._history_user = by
    save_valid(citizen)
    for unit in units:
        link = CitizenUnit(citizen=citizen, unit=unit)
        link._history_user = by
        link.save()
    return citizen


@transaction.atomic
def update_citizen(citizen, *, by, version=None, units=None, editable_units=None):
    """Save changed master data (and serving units) if nobody saved the citizen since `version` was
    loaded; otherwise carecore.versioning.EditConflict. None: a caller without a form."""
    claim(citizen, version)
    citizen._history_user = by
    save_valid(citizen)
    if units is not None:
        set_serving_units(citizen, units, by=by, within=editable_units)
    return citizen


@transaction.atomic
def set_serving_units(citizen, units, *, by, within=None):
    """Make `units` the serving units. With `within` (the units the editor may choose), only those are
    added or removed: units the editor cannot see (e.g. rehabilitation for a home-care leader) stay."""
    wanted = {u.pk for u in units}
    current = set(citizen.serving.values_list("unit_id", flat=True))
    if within is not None:
        editable = {u.pk for u in within}
        wanted &= editable
        current &= editable
    for link in CitizenUnit.objects.filter(citizen=citizen, unit_id__in=current - wanted):
        link._history_user = by
        link.delete()
    for pk in wanted - current:
        link = CitizenUnit(citizen=citizen, unit_id=pk)
        link._history_user = by
        link.save()


@transaction.atomic
def update_relative(relative, *, by, version=None):
    """Save a changed relative if nobody saved it since `version` was loaded (EditConflict otherwise)."""
    claim(relative, version)
    relative._history_user = by
    return save_valid(relative)


@transaction.atomic
def add_relative(citizen, *, data, by):
    relative = Relative(citizen=citizen, **data)
    relative._history_user = by
    return save_valid(relative)


def add_journal_entry(citizen, author, *, text, kind=JournalKind.NOTE, corrects=None, at=None):
    entry = JournalEntry(
        citizen=citizen,
        author=author,
        author_title=_title(author),
        kind=kind,
        text=text,
        corrects=corrects,
        created_at=at or timezone.now(),
    )
    return save_valid(entry)


def correct_journal_entry(entry, author, *, text):
    """A correction is a new entry that points at the one it corrects; the original stays as it was."""
    return add_journal_entry(entry.citizen, author, text=text, kind=JournalKind.CORRECTION, corrects=entry)


def record_assessment(citizen, by, *, kind, code, level=None, status="", note=""):
    assessment = Assessment(
        citizen=citizen,
        kind=kind,
        code=code,
        assessed_by=by,
        note=note,
        level=level if kind == AssessmentKind.FUNCTION else None,
        status=status if kind == AssessmentKind.NURSING else "",
    )
    return save_valid(assessment)
