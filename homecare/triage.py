"""Tidlig opsporing reaches the nurses: an observation suggesting red reaches the area's nurses' inboxes
at once, a yellow one in the morning digest before the daily triage meeting; the carer who observed is told
the nurse's answer. Nobody is told about their own triage or observation."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carecore.models import Notification, Unit
from carecore.notifications import notify_many
from carecore.roles import Role

from .models import Observation, Triage, TriageColour

DIGEST_WINDOW = timedelta(hours=24)


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


def board_link(citizen_id):
    """The citizen's place on the triage board."""
    return f"{reverse('homecare:triage')}#triage-{citizen_id}"


def alert_red(citizen, triage, *, by):
    """Red: the area's nurses at once (once per citizen and day), not the one who set or observed it."""
    day = timezone.localdate(triage.set_at).isoformat()
    body = triage.action or (
        ", ".join(map(str, triage.observation.change_labels())) if triage.observation else ""
    )
    notify_many(
        Notification(
            user=nurse,
            key=f"homecare-triage-red:{citizen.pk}:{day}",
            title=_("Red triage: %(name)s") % {"name": citizen.full_name},
            body=body,
            url=board_link(citizen.pk),
        )
        for nurse in area_nurses(citizen)
        if nurse.pk != by.pk
    )


def answer_observers(citizen, triage, *, by):
    """The nurse's answer (colour and agreed action) reaches the carers whose observations of the citizen
    came since the previous nurse's triage."""
    previous = (
        Triage.objects.filter(citizen=citizen, confirmed=True, set_at__lte=triage.set_at)
        .exclude(pk=triage.pk)
        .order_by("-set_at", "-id")
        .values_list("set_at", flat=True)
        .first()
    )
    observations = Observation.objects.filter(citizen=citizen, recorded_at__lte=triage.set_at)
    if previous:
        observations = observations.filter(recorded_at__gt=previous)
    carers = set(observations.exclude(recorded_by=by).values_list("recorded_by_id", flat=True))
    nurse = by.get_full_name() or by.get_username()
    body = _("%(nurse)s set the triage colour %(colour)s.") % {
        "nurse": nurse,
        "colour": TriageColour(triage.colour).label.lower(),
    }
    if triage.action:
        body += " " + _("Agreed action: %(action)s") % {"action": triage.action}
    notify_many(
        Notification(
            user_id=carer,
            key=f"homecare-triage-answer:{triage.pk}",
            title=_("The nurse's answer about %(name)s") % {"name": citizen.full_name},
            body=body,
            url=reverse("citizens:detail", args=[citizen.pk]),
        )
        for carer in carers
    )


def yellow_digest(now=None):
    """Morning: each nurse gets one message naming the citizens with a yellow observation in the last 24
    hours in her area (not her own), with the link to the triage board. Idempotent per nurse and day.
    Returns the number of messages written."""
    now = now or timezone.now()
    observations = (
        Observation.objects.filter(
            suggested_colour=TriageColour.YELLOW, recorded_at__gt=now - DIGEST_WINDOW, recorded_at__lte=now
        )
        .select_related("citizen")
        .order_by("recorded_at", "id")
    )
    per_nurse = {}
    nurses_of = {}
    for observation in observations:
        citizen = observation.citizen
        if citizen.pk not in nurses_of:
            nurses_of[citizen.pk] = area_nurses(citizen)
        for nurse in nurses_of[citizen.pk]:
            if nurse.pk != observation.recorded_by_id:
                per_nurse.setdefault(nurse.pk, {})[citizen.pk] = citizen.full_name
    day = timezone.localdate(now).isoformat()
    notes = [
        Notification(
            user_id=nurse_id,
            key=f"homecare-triage-yellow-digest:{day}",
            title=ngettext(
                "Yellow triage: %(count)d citizen for today's triage meeting",
                "Yellow triage: %(count)d citizens for today's triage meeting",
                len(names),
            )
            % {"count": len(names)},
            body=", ".join(names.values()),
            url=reverse("homecare:triage"),
        )
        for nurse_id, names in per_nurse.items()
    ]
    before = Notification.objects.count()
    notify_many(notes)
    return Notification.objects.count() - before
