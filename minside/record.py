"""The citizen record's own parts on Min side: the functional-ability summary (FSIII) and the journal
notes the municipality shares (`MINSIDE_SHARED_JOURNAL_KINDS`: none by default — notes are written for
colleagues, and a municipality decides which kinds citizens read)."""

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from citizens.fsiii import FUNCTION_LABELS, FunctionLevel
from citizens.models import Assessment, AssessmentKind, JournalEntry, JournalKind
from citizens.portal import Item, Section

SHARED_NOTES_SHOWN = 20


def functional_ability(citizen):
    """One query: the latest level of each assessed sub-area."""
    rows = Assessment.objects.current().filter(
        citizen=citizen, kind=AssessmentKind.FUNCTION, level__isnull=False
    )
    items = [
        Item(title=str(FUNCTION_LABELS.get(a.code, a.code)), detail=FunctionLevel(a.level).label)
        for a in sorted(rows, key=lambda a: str(FUNCTION_LABELS.get(a.code, a.code)))
    ]
    return Section(
        key="fsiii",
        heading=_("How we have assessed what you can do"),
        items=items,
        empty=_("We have not assessed your functional ability."),
        order=50,
    )


def shared_notes(citizen):
    """One query, or none when the municipality shares no kind of note. A correction of a shared note is
    shown with it, so a citizen never reads only the wrong version."""
    kinds = [k for k in getattr(settings, "MINSIDE_SHARED_JOURNAL_KINDS", ()) if k in JournalKind.values]
    if not kinds:
        return None
    entries = (
        JournalEntry.objects.filter(citizen=citizen)
        .filter(Q(kind__in=kinds) | Q(kind=JournalKind.CORRECTION, corrects__kind__in=kinds))
        .order_by("-created_at", "-id")[:SHARED_NOTES_SHOWN]
    )
    items = []
    for entry in entries:
        when = formats.date_format(timezone.localtime(entry.created_at), "j. F Y")
        title = entry.get_kind_display()
        if entry.kind == JournalKind.CORRECTION:
            title = _("Correction of an earlier note")
        items.append(Item(title=title, when=when, detail=entry.text))
    return Section(
        key="journal",
        heading=_("Notes from your journal"),
        items=items,
        empty=_("There are no notes to show."),
        order=60,
    )


def sections(citizen):
    found = [functional_ability(citizen), shared_notes(citizen)]
    return [s for s in found if s is not None]
