"""Referrals between units (henvisninger): one unit asks another to take on a citizen — home care to the
rehabilitation unit (§83a potential), to nursing, to the dementia and nutrition team or the training
unit; rehab back to home care. Until the receiving unit accepts, it knows only what the referral says."""

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from carecore.models import AppendOnlyModel, AppendOnlyQuerySet, Membership, Unit, scope_unit_ids
from carecore.roles import Role
from citizens.models import Citizen

# Who acts on a referral that arrives: the professionals of the receiving unit and its leaders. Carers
# (SSH/SSA) may send referrals and follow their own, but a referral is accepted by those who assess.
RECEIVING_ROLES = (Role.THERAPIST, Role.NURSE, Role.VISITATOR, Role.LEADER)


def receiving_unit_ids(user):
    """Ids of the units whose incoming referrals `user` handles: the units they are a member of, and
    every unit below a unit they lead. No `covers` here: covering a unit's citizens is not working in
    it. One query, memoised on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_receiving_unit_ids", None)
    if cached is not None:
        return cached
    unit = Unit._meta.db_table
    membership = Membership._meta.db_table
    sql = f"""
        SELECT DISTINCT u.id FROM {unit} u JOIN {membership} m ON m.unit_id = u.id WHERE m.user_id = %s
        UNION
        SELECT u.id FROM {unit} u JOIN {unit} r ON u.path LIKE r.path || '%%'
        JOIN {membership} m ON m.unit_id = r.id WHERE m.user_id = %s AND m.is_leader
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk])
        ids = frozenset(row[0] for row in cursor.fetchall())
    user._receiving_unit_ids = ids
    return ids


class Receiver(models.Model):
    """A unit that takes referrals, and what to tell the sender about it: data an administrator keeps."""

    unit = models.OneToOneField(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("what the unit is referred for"), max_length=200, blank=True)
    is_active = models.BooleanField(_("takes referrals"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("receiving unit")
        verbose_name_plural = _("receiving units")
        ordering = ["order", "unit__name"]

    def __str__(self):
        return self.unit.name


class Status(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", pgettext_lazy("referral", "Cancelled")


OPEN = (Status.SENT, Status.RECEIVED)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", pgettext_lazy("referral", "Urgent")


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Referrals to a unit the user receives for, sent by the user, or sent from a unit in their
        scope (a leader follows the referrals of the teams below)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(to_unit_id__in=receiving_unit_ids(user))
            | Q(sent_by_id=user.pk)
            | Q(from_unit_id__in=scope_unit_ids(user))
        )

    def incoming_for(self, user):
        return self.filter(to_unit_id__in=receiving_unit_ids(user))

    def sent_for(self, user):
        return self.filter(Q(sent_by_id=user.pk) | Q(from_unit_id__in=scope_unit_ids(user)))

    def open(self):
        return self.filter(status__in=OPEN)


class Referral(models.Model):
    """One referral. The citizen's name and CPR number are copied onto it: that is what the receiving
    unit may read before it accepts (the record itself stays out of its scope until then)."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="referrals"
    )
    citizen_name = models.CharField(_("citizen's name"), max_length=201)
    citizen_cpr = models.CharField(_("CPR number"), max_length=11)
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("from"), on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("to"), on_delete=models.PROTECT, related_name="referrals_received"
    )
    reason = models.TextField(_("reason for the referral"), max_length=4000)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=4000, blank=True)
    serving_unit = models.ForeignKey(
        Unit,
        verbose_name=_("serving unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["to_unit", "-sent_at"], name="referral_incoming"),
            models.Index(fields=["from_unit", "-sent_at"], name="referral_sent"),
            models.Index(fields=["sent_by", "-sent_at"], name="referral_sender"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(from_unit=models.F("to_unit")), name="referral_other_unit"),
            models.CheckConstraint(condition=~Q(reason=""), name="referral_has_reason"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(answer=""), name="referral_decline_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.citizen_name} → {self.to_unit_id} ({self.status})"

    @property
    def is_open(self):
        return self.status in OPEN

    @property
    def title(self):
        """One line for a page title or the citizen's timeline (needs `to_unit` loaded)."""
        return _("Referral to %(unit)s: %(status)s") % {
            "unit": self.to_unit.name,
            "status": self.get_status_display(),
        }


class Event(AppendOnlyModel):
    """The referral's trail: every change of state, who made it and why. Never changed."""

    class What(models.TextChoices):
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", pgettext_lazy("referral", "Cancelled")

    citizen_field = "referral__citizen"
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    what = models.CharField(_("what"), max_length=10, choices=What.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"), max_length=4000, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.referral_id} {self.what}"
