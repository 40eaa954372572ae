"""Visitation (myndighed): requests for help, the visitator's assessment, and decisions (afgørelser)
granting services from the municipality's catalogue (indsatskatalog) to a provider of the citizen's
choice (frit valg). Assessments and decisions are never changed: a change is a new decision version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carecore.models import Unit, scope_unit_ids
from carecore.roles import Role, has_role
from citizens.models import Citizen, CitizenRowQuerySet


class ServiceType(models.TextChoices):
    """How home care delivers a service: the values of homecare's VisitPlan.service_type; blank for a
    service that is not a home-care visit (meals, alarm, training)."""

    PERSONAL_CARE = "personal_care", _("Personal care")
    PRACTICAL_HELP = "practical_help", _("Practical help")
    NURSING = "nursing", _("Nursing")


class Service(models.Model):
    """One service of the catalogue with its quality standard and the law it is granted under — for a
    citizen at pension age (Ældreloven) and for a younger adult (Serviceloven) — as data an
    administrator maintains."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    service_type = models.CharField(_("delivered as"), max_length=20, choices=ServiceType.choices, blank=True)
    basis_pension_age = models.CharField(_("legal basis at pension age"), max_length=120)
    basis_younger = models.CharField(_("legal basis under pension age"), max_length=120)
    quality_standard = models.TextField(_("quality standard"))
    standard_minutes = models.PositiveSmallIntegerField(_("standard time (minutes)"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("catalogue of services")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def basis_for(self, frame):
        return self.basis_pension_age if frame == LawFrame.ELDERLY_ACT else self.basis_younger


class LawFrame(models.TextChoices):
    ELDERLY_ACT = "aeldreloven", _("Elderly Act (helhedspleje)")
    SOCIAL_SERVICES_ACT = "serviceloven", _("Social Services Act §83/§83a")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New request")
    ASSESSMENT = "assessment", _("Under assessment")
    REHAB_FIRST = "rehab_first", _("Rehabilitation first (§83a)")
    DECIDED = "decided", _("Decided")
    REFUSED = "refused", _("Refused")


class Source(models.TextChoices):
    CITIZEN = "citizen", _("The citizen")
    RELATIVE = "relative", _("A relative")
    DISCHARGE = "discharge", _("Discharge notice")
    STAY = "stay", _("Temporary stay ended")
    HOSPITAL = "hospital", _("Hospital message")
    REFERRAL = "referral", _("Referral")
    TYPED = "typed", _("Typed in")


class CaseQuerySet(CitizenRowQuerySet):
    """The visitator's cases: those of citizens the user may see (visible_to)."""

    def for_user(self, user):
        """The cases a user may open: the visitator's of every citizen they may see; a provider leader's
        only the orders placed with their units."""
        if has_role(user, Role.VISITATOR):
            return self.visible_to(user)
        return self.orders_for(user).visible_to(user)

    def orders_for(self, user):
        """A provider's orders: cases whose current decision grants services to a unit in the user's scope
        (the order stands while a new request on the case is being assessed)."""
        return self.filter(provider_id__in=scope_unit_ids(user))

    def reassessment_due(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=CaseStatus.DECIDED, reassess_on__lte=today)


class Case(models.Model):
    """The citizen's visitation case: one per citizen, reopened by every new request. `status`,
    `provider` and `reassess_on` mirror the current decision so lists need no subquery."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.OneToOneField(
        Citizen, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="visitation_case"
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    provider = models.ForeignKey(
        Unit, verbose_name=_("provider"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reassess_on = models.DateField(_("re-assessment"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("visitation case")
        verbose_name_plural = _("visitation cases")
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-changed_at"], name="vcase_status_changed"),
            models.Index(fields=["-changed_at", "-id"], name="vcase_changed"),
            models.Index(fields=["provider", "status"], name="vcase_provider"),
            models.Index(fields=["reassess_on"], name="vcase_reassess"),
        ]

    def __str__(self):
        return f"{self.citizen_id} ({self.status})"


class Request(models.Model):
    """A request for help: `reference` identifies it at its source, so a repeated announcement of the
    same request updates this row and never adds a second."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="requests")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    reference = models.CharField(_("reference"), max_length=120, unique=True)
    text = models.TextField(_("request"), max_length=4000, blank=True)
    proposed = models.JSONField(_("proposed services"), default=list, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return self.reference


class ImmutableModel(models.Model):
    """Records of the authority's work are kept as written: never changed, never deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionError("Visitation records are never changed; make a new version.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Visitation records are never deleted.")


class CaseAssessment(ImmutableModel):
    """The visitator's assessment: FSIII functional ability as it stood that day, the home visit, and
    the rehabilitation potential (Serviceloven §83a / Ældreloven: rehabilitation comes first)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    home_visit_on = models.DateField(_("home visit"), null=True, blank=True)
    home_visit_note = models.TextField(_("notes from the home visit"), max_length=4000, blank=True)
    rehab_potential = models.BooleanField(_("rehabilitation potential"))
    rehab_reason = models.TextField(_("reason"), max_length=2000)
    function_levels = models.JSONField(_("functional ability (FSIII)"), default=dict)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.case_id} {self.assessed_on}"


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class Decision(ImmutableModel):
    """One version of the decision (afgørelse). A change is a new version that `replaces` the previous;
    the letter of each version is stored as rendered."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    version = models.PositiveSmallIntegerField(_("version"))
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    law_frame = models.CharField(_("law"), max_length=20, choices=LawFrame.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=400)
    reasons = models.TextField(_("reasons"), max_length=4000)
    provider = models.ForeignKey(
        Unit, verbose_name=_("provider"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start_on = models.DateField(_("from"))
    reassess_on = models.DateField(_("re-assessment"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    letter = models.BinaryField(_("decision letter (PDF)"), editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="vdecision_unique_version"),
            models.CheckConstraint(
                condition=Q(outcome="refused") | Q(provider__isnull=False),
                name="vdecision_granted_has_provider",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} v{self.version}"

    @property
    def ref(self):
        """The decision's reference towards the provider (unique per version)."""
        return f"visitation:decision:{self.pk}"


class GrantedService(ImmutableModel):
    """A service granted by a decision: how often (weekdays), how long, under which paragraph."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="services")
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    weekdays = models.CharField(_("weekdays"), max_length=7)
    minutes = models.PositiveSmallIntegerField(_("minutes per visit"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=120)

    class Meta:
        verbose_name = _("granted service")
        verbose_name_plural = _("granted services")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="vgranted_minutes_positive"),
            models.CheckConstraint(condition=~Q(weekdays=""), name="vgranted_has_weekdays"),
        ]

    def __str__(self):
        return f"{self.decision_id} {self.service_id}"

    @property
    def times_per_week(self):
        return len(self.weekdays)
