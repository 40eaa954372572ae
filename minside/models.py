"""Citizens' and relatives' own accounts, powers of attorney, and their questions about a look.

A person is known by the CPR number their identity carries (a demo account here; MitID through an
OpenID Connect broker later): the account holds the CPR, and it is matched to a citizen by CPR alone
(`minside.identity`)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carecore import cpr as cprlib
from citizens.models import AccessLog, AccessPart, Citizen, CitizenRowQuerySet


class CitizenAccount(models.Model):
    """A login for a citizen or a relative: the user and the CPR number its identity carries."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen_account"
    )
    cpr = models.CharField(_("CPR number"), max_length=11, unique=True, validators=[cprlib.validate_cpr])
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("citizen account")
        verbose_name_plural = _("citizen accounts")

    def __str__(self):
        return self.user.get_username()


class Scope(models.TextChoices):
    """What a power of attorney lets the relative see on Min side."""

    ALL = "alt", _("Everything on My page")
    CARE = "pleje", _("Care and visits")
    LOOKS = "adgange", _("Who has looked at the record")


SCOPE_PARTS = {
    Scope.ALL: {AccessPart.OWN_PAGE, AccessPart.OWN_ACCESS_LOG},
    Scope.CARE: {AccessPart.OWN_PAGE},
    Scope.LOOKS: {AccessPart.OWN_ACCESS_LOG},
}


class PowerOfAttorneyQuerySet(CitizenRowQuerySet):
    def in_force(self, day):
        """Granted on or before `day`, not ended before it, not revoked."""
        return self.filter(starts_on__lte=day, revoked_at__isnull=True).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )

    def for_part(self, part):
        return self.filter(scope__in=[s for s, parts in SCOPE_PARTS.items() if part in parts])


class PowerOfAttorney(models.Model):
    """A fuldmagt: the citizen lets the person with `grantee_cpr` see their Min side within `scope` until
    `ends_on` (included). Registered by staff from the paper form (`minside.services`) for now."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="+", verbose_name=_("citizen")
    )
    grantee_cpr = models.CharField(
        _("CPR number of the relative"), max_length=11, validators=[cprlib.validate_cpr], db_index=True
    )
    grantee_name = models.CharField(_("name of the relative"), max_length=120)
    scope = models.CharField(_("what the relative may see"), max_length=10, choices=Scope.choices)
    starts_on = models.DateField(_("first day"), default=timezone.localdate)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)

    objects = PowerOfAttorneyQuerySet.as_manager()

    class Meta:
        verbose_name = _("power of attorney")
        verbose_name_plural = _("powers of attorney")
        ordering = ["citizen_id", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="powerofattorney_period",
            ),
        ]

    def __str__(self):
        return f"{self.grantee_name} → {self.citizen_id}"

    def save(self, *args, **kwargs):
        self.grantee_cpr, _born = cprlib.parse(self.grantee_cpr)
        super().save(*args, **kwargs)


def new_receipt():
    return "DP-" + secrets.token_hex(4).upper()


class AccessQuestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The data-protection contact answers for the whole municipality's access log: every question."""
        if not user.is_authenticated or not user.has_perm("minside.answer_accessquestion"):
            return self.none()
        return self


class AccessQuestion(models.Model):
    """A citizen's (or relative's) question to the municipality's data-protection contact about a look at
    the record; the receipt is shown to the asker, and so is the answer (`minside.services`)."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="+", verbose_name=_("citizen")
    )
    look = models.ForeignKey(
        AccessLog, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("look")
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    question = models.TextField(_("question"), max_length=2000)
    receipt = models.CharField(_("receipt number"), max_length=20, unique=True, default=new_receipt)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("answered by"),
    )

    objects = AccessQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question about a look")
        verbose_name_plural = _("questions about looks")
        ordering = ["-asked_at"]
        permissions = [("answer_accessquestion", _("Can answer citizens' questions about looks"))]
        indexes = [models.Index(fields=["answered_at", "asked_at"], name="accessquestion_open")]

    def __str__(self):
        return self.receipt
