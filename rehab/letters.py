"""Decision letters (afgørelser) as PDF, made with WeasyPrint from an HTML template and stored with
the case. The letter is built from the one case only, so it can never hold another citizen's data.

A stay's letter is made from the stay as it is when the letter is made: after an extension, a move or
an early end the new version shows the current period and bed. Every version sent is kept
(DecisionLetter is append-only); `event` ties a version to the change it answers."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import DecisionLetter, PathwayKind, Stay, StayEvent

PATHWAY_BASIS = {
    PathwayKind.REHAB_83A: "Serviceloven § 83 a",
    PathwayKind.TRAINING_140: "Sundhedsloven § 140",
}


def render_pdf(context):
    from weasyprint import HTML

    with override("da"):
        html = render_to_string("rehab/letter.html", context)
    return HTML(string=html).write_pdf()


def stay_chain(stay):
    """The stay and the stays it was moved from, first stay first: one granted stay, however often moved."""
    chain = [stay]
    while chain[0].moved_from_id:
        chain.insert(0, Stay.objects.select_related("bed").get(pk=chain[0].moved_from_id))
    return chain


def _stay_reasons(stay, events):
    """Begrundelse: what the stay is for, why it is longer than standard, and why it was changed."""
    reasons = [
        _(
            "After an overall assessment of your situation we find that you need a %(type)s stay: the "
            "help you need cannot be given in your own home for the time being."
        )
        % {"type": stay.stay_type.name.lower()}
    ]
    if stay.notice_id and stay.notice.needs:
        reasons.append(
            _("The hospital's discharge notice describes these needs: %(needs)s")
            % {"needs": stay.notice.needs}
        )
    if stay.reason:
        reasons.append(_("Reason for the length of the stay: %(reason)s") % {"reason": stay.reason})
    reasons += [
        f"{e.get_kind_display()} ({timezone.localtime(e.at):%d.%m.%Y}): {e.reason}"
        for e in events
        if e.reason
    ]
    return reasons


def _contact(by):
    staff = getattr(by, "staff", None)
    return {
        "contact_name": by.get_full_name() or by.get_username(),
        "contact_phone": staff.phone if staff else "",
    }


def letter_context(*, stay=None, pathway=None, by=None):
    case = stay or pathway
    context = {"citizen": case.citizen, "today": timezone.localdate(), "stay": stay, "pathway": pathway}
    if by is not None:
        context.update(_contact(by))
    if stay:
        chain = stay_chain(stay)
        events = list(
            StayEvent.objects.filter(stay__in=[s.pk for s in chain])
            .exclude(kind="assigned")
            .order_by("at", "id")
        )
        ended = stay.cancelled_at or stay.discharged_at
        context.update(
            legal_basis=stay.stay_type.legal_basis,
            health_law=stay.stay_type.legal_basis.startswith("Sundhedsloven"),
            start=timezone.localtime(chain[0].starts_at),
            end=timezone.localtime(stay.ends_at),
            ended=ended,
            cancelled=bool(stay.cancelled_at),
            bed=stay.bed,
            reasons=_stay_reasons(stay, events),
            events=events,
            version=DecisionLetter.objects.filter(stay__in=[s.pk for s in chain]).count() + 1,
        )
    else:
        context.update(
            legal_basis=PATHWAY_BASIS[pathway.kind], start=pathway.start_on, end=pathway.planned_end
        )
    return context


def make_letter(*, by, stay=None, pathway=None, event=None):
    case = stay or pathway
    context = letter_context(stay=stay, pathway=pathway, by=by)
    return DecisionLetter.objects.create(
        citizen_id=case.citizen_id,
        stay=stay,
        pathway=pathway,
        event=event,
        version=context.get("version", 1),
        subject=event.get_kind_display() if event else "",
        pdf=render_pdf(context),
        created_by=by,
    )


def ensure_stay_letter(stay_id, by_id, event_id=None):
    """The stay's letter for the grant (no `event_id`) or for one change, made once: running this again
    (a redelivered task) adds nothing."""
    with transaction.atomic():
        stay = (
            Stay.objects.select_for_update(of=("self",))
            .select_related("citizen", "stay_type", "bed", "notice")
            .get(pk=stay_id)
        )
        existing = DecisionLetter.objects.filter(event_id=event_id) if event_id else stay.letters.all()
        letter = existing.first()
        if letter is None:
            event = StayEvent.objects.get(pk=event_id, stay=stay) if event_id else None
            letter = make_letter(stay=stay, by=get_user_model().objects.get(pk=by_id), event=event)
    return letter.pk
