"""Referral actions. Each runs in one transaction, writes the referral's trail, and tells the other side
with an inbox row written in that same transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from carecore.models import Unit
from carecore.notifications import notify
from carecore.roles import has_role
from citizens import pathway
from citizens.models import Citizen, CitizenUnit, JournalKind
from citizens.services import add_journal_entry

from .models import OPEN, RECEIVING_ROLES, Event, Receiver, Referral, Status, Urgency, receiving_unit_ids


def may_answer(user, referral):
    """Whether `user` may accept or decline: a professional or leader of the receiving unit."""
    return referral.to_unit_id in receiving_unit_ids(user) and has_role(user, *RECEIVING_ROLES)


def may_cancel(user, referral):
    return referral.sent_by_id == user.pk


def _url(referral):
    return reverse("referrals:detail", args=[referral.pk])


def _journal(citizen, by, text):
    with override("da"):
        add_journal_entry(citizen, by, kind=JournalKind.NOTE, text=str(text))


def _receiving_staff(unit):
    """Who is told of a new referral: the receiving unit's professionals and its leaders."""
    User = get_user_model()
    return list(
        User.objects.filter(is_active=True, memberships__unit=unit)
        .filter(Q(memberships__is_leader=True) | Q(groups__name__in=[str(r) for r in RECEIVING_ROLES]))
        .distinct()
    )


@transaction.atomic
def send_referral(*, citizen, from_unit, to_unit, reason, by, urgency=Urgency.NORMAL):
    """Refer a citizen the sender may see to a unit that takes referrals."""
    errors = {}
    if not Citizen.objects.visible_to(by).filter(pk=citizen.pk).exists():
        raise PermissionDenied("The citizen is not among those the sender may see.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the referral.")
    if not Receiver.objects.filter(unit=to_unit, is_active=True).exists():
        errors["to_unit"] = _("That unit does not take referrals.")
    elif to_unit.pk == from_unit.pk:
        errors["to_unit"] = _("Refer to another unit than your own.")
    if not by.memberships.filter(unit=from_unit).exists():
        errors["from_unit"] = _("You can only refer from a unit you work in.")
    if CitizenUnit.objects.filter(citizen=citizen, unit=to_unit).exists():
        errors["to_unit"] = _("The unit already serves the citizen.")
    elif Referral.objects.filter(citizen=citizen, to_unit=to_unit, status__in=OPEN).exists():
        errors["to_unit"] = _("The citizen already has an open referral to that unit.")
    if errors:
        raise ValidationError(errors)
    referral = Referral.objects.create(
        citizen=citizen,
        citizen_name=citizen.full_name,
        citizen_cpr=citizen.cpr,
        from_unit=from_unit,
        to_unit=to_unit,
        reason=reason.strip(),
        urgency=urgency or Urgency.NORMAL,
        sent_by=by,
    )
    Event.objects.create(referral=referral, what=Event.What.SENT, by=by, note=referral.reason)
    with override("da"):
        title = _("New referral: %(name)s from %(unit)s") % {"name": referral.citizen_name, "unit": from_unit}
        notify(
            (u.pk for u in _receiving_staff(to_unit) if u.pk != by.pk),
            key=f"referral:{referral.pk}:sent",
            title=title,
            url=_url(referral),
        )
        _journal(
            citizen,
            by,
            _("Referred to %(unit)s: %(reason)s") % {"unit": to_unit, "reason": referral.reason},
        )
    return referral


def mark_received(referral, *, by):
    """The first look by someone of the receiving unit: sent → received. Atomic on the row, so two
    first looks write one event."""
    if referral.status != Status.SENT or not may_answer(by, referral):
        return referral
    with transaction.atomic():
        changed = Referral.objects.filter(pk=referral.pk, status=Status.SENT).update(status=Status.RECEIVED)
        if changed:
            Event.objects.create(referral=referral, what=Event.What.RECEIVED, by=by)
            referral.status = Status.RECEIVED
    return referral


def _locked(referral, by, check):
    """The referral locked for the answer (the second of two concurrent answers waits here, then finds
    it answered); refused if `by` may not act or it is no longer open."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not check(by, locked):
        raise PermissionDenied
    if locked.status not in OPEN:
        raise ValidationError(
            _("The referral has already been answered: %(status)s.") % {"status": locked.get_status_display()}
        )
    return locked


def _tell_sender(referral, what, title):
    if referral.sent_by_id != referral.decided_by_id:
        notify(
            [referral.sent_by_id],
            key=f"referral:{referral.pk}:{what}",
            title=title,
            body=referral.answer,
            url=_url(referral),
        )


@transaction.atomic
def accept_referral(referral, *, by, unit=None, note=""):
    """Accept: the citizen becomes served by the receiving unit (or the unit below it that `unit`
    names), so its staff see the record from now on; the sender is told."""
    referral = _locked(referral, by, may_answer)
    to_unit = Unit.objects.get(pk=referral.to_unit_id)
    serving = unit or to_unit
    if not serving.path.startswith(to_unit.path):
        raise ValidationError({"unit": _("Choose the receiving unit or a unit under it.")})
    CitizenUnit.objects.get_or_create(citizen_id=referral.citizen_id, unit=serving)
    referral.status = Status.ACCEPTED
    referral.decided_by, referral.decided_at = by, timezone.now()
    referral.answer = (note or "").strip()
    referral.serving_unit = serving
    referral.save(update_fields=["status", "decided_by", "decided_at", "answer", "serving_unit"])
    Event.objects.create(referral=referral, what=Event.What.ACCEPTED, by=by, note=referral.answer)
    citizen = Citizen.objects.get(pk=referral.citizen_id)
    with override("da"):
        _tell_sender(
            referral,
            "accepted",
            _("Referral accepted: %(name)s by %(unit)s") % {"name": referral.citizen_name, "unit": to_unit},
        )
        _journal(citizen, by, _("Referral accepted by %(unit)s.") % {"unit": serving})
    pathway.referral_accepted.send(
        sender=Referral, citizen=citizen, unit=serving, reference=f"referral:{referral.pk}", by=by
    )
    return referral


@transaction.atomic
def decline_referral(referral, *, by, reason):
    """Decline, with the reason the sender reads. The citizen's record stays out of the unit's scope."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    referral = _locked(referral, by, may_answer)
    referral.status = Status.DECLINED
    referral.decided_by, referral.decided_at = by, timezone.now()
    referral.answer = reason.strip()
    referral.save(update_fields=["status", "decided_by", "decided_at", "answer"])
    Event.objects.create(referral=referral, what=Event.What.DECLINED, by=by, note=referral.answer)
    with override("da"):
        _tell_sender(
            referral,
            "declined",
            _("Referral declined: %(name)s by %(unit)s")
            % {"name": referral.citizen_name, "unit": referral.to_unit},
        )
    return referral


@transaction.atomic
def cancel_referral(referral, *, by, reason=""):
    """The sender withdraws a referral that has not been answered."""
    referral = _locked(referral, by, may_cancel)
    referral.status = Status.CANCELLED
    referral.decided_by, referral.decided_at = by, timezone.now()
    referral.answer = (reason or "").strip()
    referral.save(update_fields=["status", "decided_by", "decided_at", "answer"])
    Event.objects.create(referral=referral, what=Event.What.CANCELLED, by=by, note=referral.answer)
    return referral
