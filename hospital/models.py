"""MedCom HospitalNotification: the hospitals allowed to send, and every message received (kept, never
dropped: one the system cannot match to a citizen waits in the visitator's "unmatched" queue)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "hn_"


def hash_token(token):
    """Tokens are long random strings, so one SHA-256 is enough (as for API keys); only the hash is kept."""
    return hashlib.sha256(token.encode()).hexdigest()


class HospitalSender(models.Model):
    """A hospital (or its integration engine) allowed to post HospitalNotification messages."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    sor_code = models.CharField(_("SOR code"), max_length=30, blank=True)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("hospital sender")
        verbose_name_plural = _("hospital senders")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def issue_token(self):
        """A new token for the sender; the old one stops working. The token is shown once."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token

    @classmethod
    def authenticate(cls, token):
        if not token:
            return None
        return cls.objects.filter(token_hash=hash_token(token), is_active=True).first()


class Event(models.TextChoices):
    """MedCom's hospital notification codes (use-case codes)."""

    STIN = "STIN", _("Admitted to hospital")
    STAA = "STAA", _("Acute ambulant stay started")
    RE_STIN = "RE_STIN", _("Admission corrected")
    RE_STAA = "RE_STAA", _("Acute ambulant stay corrected")
    AN_STIN = "AN_STIN", _("Admission cancelled")
    AN_STAA = "AN_STAA", _("Acute ambulant stay cancelled")
    STOR = "STOR", _("Leave started")
    RE_STOR = "RE_STOR", _("Leave start corrected")
    AN_STOR = "AN_STOR", _("Leave start cancelled")
    SLOR = "SLOR", _("Leave ended")
    RE_SLOR = "RE_SLOR", _("Leave end corrected")
    AN_SLOR = "AN_SLOR", _("Leave end cancelled")
    SLHJ = "SLHJ", _("Discharged home")
    RE_SLHJ = "RE_SLHJ", _("Discharge corrected")
    AN_SLHJ = "AN_SLHJ", _("Discharge cancelled")
    MORS = "MORS", _("Deceased")
    RE_MORS = "RE_MORS", _("Death corrected")
    AN_MORS = "AN_MORS", _("Death cancelled")


class MessageStatus(models.TextChoices):
    PROCESSED = "processed", _("Processed")
    UNMATCHED = "unmatched", _("No citizen with that CPR number")


class HospitalMessageQuerySet(models.QuerySet):
    def unmatched(self):
        return self.filter(status=MessageStatus.UNMATCHED)


class HospitalMessage(models.Model):
    """One received HospitalNotification Bundle. The Bundle id is the message id: a message sent again
    is found here and answered the same, changing nothing."""

    message_id = models.CharField(_("message id"), max_length=100, unique=True)
    header_id = models.CharField(_("message header id"), max_length=100)
    sender = models.ForeignKey(HospitalSender, on_delete=models.PROTECT, related_name="messages")
    event = models.CharField(_("event"), max_length=10, choices=Event.choices)
    episode = models.CharField(_("episode of care"), max_length=120)
    ward = models.CharField(_("hospital ward"), max_length=200, blank=True)
    cpr = models.CharField(_("CPR number"), max_length=11)
    patient_name = models.CharField(_("name in the message"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("time of the event"))
    period_start = models.DateTimeField(_("stay started"))
    period_end = models.DateTimeField(_("stay ended"), null=True, blank=True)
    citizen = models.ForeignKey(
        "citizens.Citizen", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices)
    payload = models.JSONField(_("message"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    matched_at = models.DateTimeField(_("matched"), null=True, blank=True)

    objects = HospitalMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("hospital message")
        verbose_name_plural = _("hospital messages")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "received_at"], name="hospitalmessage_queue")]

    def __str__(self):
        return f"{self.event} {self.message_id}"

    @property
    def reference(self):
        """The absence this hospital stay is, for the other modules (citizens.pathway)."""
        return f"medcom:{self.episode}"
