"""Receiving a MedCom HospitalNotification: store it once, then act on it in the same transaction
(citizen status, the pathway signals other units act on, a note in the journal). A message for a CPR
number we do not know waits in the unmatched queue until a visitator matches it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from citizens import pathway
from citizens.models import Citizen, CitizenStatus, JournalKind
from citizens.services import add_journal_entry

from . import fhir
from .models import Event, HospitalMessage, MessageStatus

SYSTEM_USERNAME = "medcom-sygehusadvis"

ADMITTED = {Event.STIN, Event.STAA, Event.RE_STIN, Event.RE_STAA, Event.AN_SLHJ}
ADMISSION_CANCELLED = {Event.AN_STIN, Event.AN_STAA}
LEAVE = {Event.STOR, Event.RE_STOR, Event.AN_STOR, Event.SLOR, Event.RE_SLOR, Event.AN_SLOR}
HOME = {Event.SLHJ, Event.RE_SLHJ}
DECEASED = {Event.MORS, Event.RE_MORS}


def system_user():
    """The author of what the hospital's messages write in the journal (cannot log in)."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_active": False, "first_name": "MedCom", "last_name": "sygehusadvis"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _when(value):
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def _set_status(citizen, status, by):
    if citizen.status != status:
        citizen.status = status
        citizen._history_user = by
        citizen.save(update_fields=["status"])


def act(message, citizen, *, by):
    """What a hospital notification means for the citizen. Pauses follow the hospital stay (one
    absence per episode of care); leave keeps the stay open, as the hospital keeps responsibility."""
    event, ref, ward = message.event, message.reference, message.ward
    common = {"sender": HospitalMessage, "citizen": citizen, "reference": ref, "by": None}
    if event in ADMITTED:
        _set_status(citizen, CitizenStatus.ADMITTED, by)
        pathway.citizen_away.send(start=message.period_start, end=None, reason="hospital", **common)
    elif event in ADMISSION_CANCELLED:
        _set_status(citizen, CitizenStatus.ACTIVE, by)
        pathway.citizen_home.send(
            end=message.period_start, to_home=False, reason="hospital", cancelled=True, **common
        )
    elif event in HOME:
        _set_status(citizen, CitizenStatus.ACTIVE, by)
        pathway.citizen_home.send(
            end=message.period_end or message.occurred_at,
            to_home=True,
            reason="hospital",
            place=ward,
            **common,
        )
    elif event in DECEASED:
        _set_status(citizen, CitizenStatus.DECEASED, by)
        pathway.citizen_deceased.send(at=message.period_end or message.occurred_at, **common)
    elif event == Event.AN_MORS:
        _set_status(citizen, CitizenStatus.ADMITTED, by)
        pathway.citizen_deceased.send(at=message.occurred_at, cancelled=True, **common)
    with override("da"):
        text = _("Hospital message (MedCom): %(event)s – %(ward)s, %(when)s.") % {
            "event": Event(event).label,
            "ward": ward or _("hospital"),
            "when": _when(message.period_end if event in HOME | DECEASED else message.occurred_at),
        }
    add_journal_entry(citizen, by, text=text, kind=JournalKind.NOTE)


def _event_for(notification, citizen):
    # MedCom: a cancelled death notice says Patient.deceased = false about a citizen we hold as dead.
    if notification.deceased is False and citizen is not None and citizen.status == CitizenStatus.DECEASED:
        return Event.AN_MORS
    return notification.event


def receive(*, sender, raw):
    """Store and act on a message; (message, created). A message id seen before changes nothing.
    Raises fhir.MessageError for a message that cannot be accepted (then nothing is stored)."""
    notification = fhir.parse(raw)
    existing = HospitalMessage.objects.filter(message_id=notification.message_id).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            citizen = Citizen.objects.select_for_update().filter(cpr=notification.cpr).first()
            message = HospitalMessage.objects.create(
                message_id=notification.message_id,
                header_id=notification.header_id,
                sender=sender,
                event=_event_for(notification, citizen),
                episode=notification.episode[:120],
                ward=notification.ward[:200],
                cpr=notification.cpr,
                patient_name=notification.patient_name[:200],
                occurred_at=notification.occurred_at,
                period_start=notification.period_start,
                period_end=notification.period_end,
                citizen=citizen,
                status=MessageStatus.PROCESSED if citizen else MessageStatus.UNMATCHED,
                payload=raw,
            )
            if citizen:
                act(message, citizen, by=system_user())
    except IntegrityError:
        # the same message arrived twice at the same moment: the first one won
        return HospitalMessage.objects.get(message_id=notification.message_id), False
    return message, True


@transaction.atomic
def match(message, citizen, *, by):
    """A visitator tells which citizen an unmatched message is about; then it is acted on."""
    message = HospitalMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.UNMATCHED:
        raise ValidationError({"cpr": _("The message has already been matched.")})
    citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
    message.event = _event_for(fhir.parse(message.payload), citizen)
    message.citizen, message.status = citizen, MessageStatus.PROCESSED
    message.matched_by, message.matched_at = by, timezone.now()
    message.save(update_fields=["event", "citizen", "status", "matched_by", "matched_at"])
    act(message, citizen, by=by)
    return message
