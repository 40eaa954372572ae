"""Medication: each citizen's medicine list, its history (a change is a new version, nothing is
deleted), the reconciliations with the national medicine card (FMK), and each dose given or not given."""

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carecore.models import AppendOnlyModel, AppendOnlyQuerySet, Unit
from citizens.models import CitizenRowQuerySet


class DoseUnit(models.TextChoices):
    TABLET = "tablet", _("tablet(s)")
    ML = "ml", _("ml")
    MG = "mg", _("mg")
    UNITS = "units", _("units (IE)")
    DROPS = "drops", _("drop(s)")
    PUFFS = "puffs", _("puff(s)")


# The largest single dose that can be real, per unit; above it the entry is a typing error.
MAX_DOSE = {
    DoseUnit.TABLET: 10,
    DoseUnit.ML: 100,
    DoseUnit.MG: 4000,
    DoseUnit.UNITS: 150,
    DoseUnit.DROPS: 20,
    DoseUnit.PUFFS: 8,
}


class HowGiven(models.TextChoices):
    DOSE_DISPENSED = "dose_dispensed", _("Dose-dispensed from the pharmacy")
    POURED = "poured", _("Poured by staff")


class Source(models.TextChoices):
    LOCAL = "local", _("Entered here")
    FMK = "fmk", _("From FMK")


class MedicineLine(models.Model):
    """One medicine on a citizen's list. What it says lives in its versions; `current` points at the
    latest, so the list is one query. Never deleted: a line is ended by a version with an end date."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="medicine_lines")
    fmk_id = models.CharField(_("FMK id"), max_length=40, blank=True, db_index=True)
    current = models.OneToOneField(
        "MedicineLineVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CitizenRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("medicine line")
        verbose_name_plural = _("medicine lines")
        ordering = ["id"]
        indexes = [models.Index(fields=["citizen"], name="medicineline_citizen")]

    def __str__(self):
        return f"{self.citizen_id}: {self.current}"


class MedicineLineVersion(AppendOnlyModel):
    """One version of a medicine line, as it stood from `recorded_at`. Never changed."""

    citizen_field = "line__citizen"
    line = models.ForeignKey(MedicineLine, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    drug = models.CharField(_("drug"), max_length=120)
    form_strength = models.CharField(_("form and strength"), max_length=120)
    dose = models.DecimalField(_("dose"), max_digits=8, decimal_places=2)
    dose_unit = models.CharField(_("unit"), max_length=10, choices=DoseUnit.choices)
    times = models.JSONField(_("times of day"), default=list)
    indication = models.CharField(_("indication"), max_length=200)
    prescriber = models.CharField(_("prescriber"), max_length=120)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    how_given = models.CharField(_("how given"), max_length=20, choices=HowGiven.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.LOCAL)
    note = models.CharField(_("reason for the change"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("medicine line version")
        verbose_name_plural = _("medicine line versions")
        ordering = ["-recorded_at", "-id"]
        get_latest_by = "recorded_at"
        constraints = [
            models.UniqueConstraint(fields=["line", "number"], name="medicinelineversion_unique"),
            models.CheckConstraint(condition=Q(dose__gt=0), name="medicinelineversion_dose_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="medicinelineversion_period",
            ),
        ]

    def __str__(self):
        return f"{self.drug} {self.form_strength}"

    @property
    def time_list(self):
        return [time.fromisoformat(t) for t in self.times]

    def active_on(self, day):
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def content(self):
        """What the line says, for comparing with FMK and copying into the next version."""
        return {f: getattr(self, f) for f in CONTENT_FIELDS}


CONTENT_FIELDS = [
    "drug",
    "form_strength",
    "dose",
    "dose_unit",
    "times",
    "indication",
    "prescriber",
    "starts_on",
    "ends_on",
    "how_given",
]


class FmkReconciliation(AppendOnlyModel):
    """The citizen's list compared with FMK: when, by whom, and the differences found and taken over."""

    citizen_field = "citizen"
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    differences = models.JSONField(_("differences"), default=list)
    adapter = models.CharField(_("compared with"), max_length=120, blank=True)
    reconciled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reconciled_at = models.DateTimeField(_("reconciled"), default=timezone.now)

    class Meta:
        verbose_name = _("FMK reconciliation")
        verbose_name_plural = _("FMK reconciliations")
        ordering = ["-reconciled_at", "-id"]
        get_latest_by = "reconciled_at"
        indexes = [models.Index(fields=["citizen", "-reconciled_at"], name="fmkreconciliation_citizen")]

    def __str__(self):
        return f"{self.citizen_id} {self.reconciled_at:%Y-%m-%d}"


class Outcome(models.TextChoices):
    GIVEN = "given", _("Given")
    NOT_GIVEN = "not_given", _("Not given")


class NotGivenReason(models.TextChoices):
    REFUSED = "refused", _("The citizen refused")
    NOT_HOME = "not_home", _("Not at home")
    MISSING = "missing", _("Medicine missing")
    OTHER = "other", _("Other")


class AdministrationQuerySet(AppendOnlyQuerySet):
    def not_given_by_unit_month(self, since=None):
        """Doses not given, counted per unit and month ({(unit_id, month): n}): the medicine part of
        the month's samlerapportering, counted from the records, never by hand."""
        qs = self.filter(outcome=Outcome.NOT_GIVEN)
        if since is not None:
            qs = qs.filter(due_at__gte=since)
        rows = (
            qs.annotate(month=TruncMonth("due_at"))
            .values("unit_id", "month")
            .annotate(n=Count("id"))
            .order_by("month", "unit_id")
        )
        return {(r["unit_id"], timezone.localtime(r["month"]).date()): r["n"] for r in rows}


class Administration(AppendOnlyModel):
    """One due dose given or not given (with the reason), by whom and when. One per line and due time."""

    citizen_field = "citizen"
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey(MedicineLine, on_delete=models.PROTECT, related_name="administrations")
    version = models.ForeignKey(MedicineLineVersion, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("dose due at"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    visit_ref = models.PositiveIntegerField(_("visit"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=NotGivenReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = AdministrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["-recorded_at", "-id"]
        get_latest_by = "recorded_at"
        constraints = [
            models.UniqueConstraint(fields=["line", "due_at"], name="administration_once_per_dose"),
            models.CheckConstraint(
                condition=Q(outcome="given", reason="") | Q(outcome="not_given") & ~Q(reason=""),
                name="administration_reason_when_not_given",
            ),
        ]
        indexes = [models.Index(fields=["outcome", "due_at"], name="administration_outcome_due")]

    def __str__(self):
        return f"{self.line_id} {self.due_at:%Y-%m-%d %H:%M} {self.outcome}"


class PouringQuerySet(AppendOnlyQuerySet, CitizenRowQuerySet):
    pass


class Pouring(AppendOnlyModel):
    """Ophældning: a nurse pours the citizen's poured (not dose-dispensed) medicines into the dosette
    for a period. What was poured is kept as it stood (line, version, text); a correction is a new row."""

    citizen_field = "citizen"
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("poured from"))
    ends_on = models.DateField(_("poured to"))
    poured = models.JSONField(_("medicines poured"), default=list)
    note = models.CharField(_("note"), max_length=300, blank=True)
    poured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    poured_at = models.DateTimeField(_("poured"), default=timezone.now)

    objects = PouringQuerySet.as_manager()

    class Meta:
        verbose_name = _("pouring")
        verbose_name_plural = _("pourings")
        ordering = ["-poured_at", "-id"]
        indexes = [models.Index(fields=["citizen", "-poured_at"], name="pouring_citizen")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="pouring_period")
        ]

    def __str__(self):
        return f"{self.citizen_id} {self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"


class PouringCheck(AppendOnlyModel):
    """A second nurse's check of a pouring (never the one who poured): once per pouring."""

    citizen_field = "pouring__citizen"
    pouring = models.OneToOneField(Pouring, on_delete=models.PROTECT, related_name="checked")
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("checked"), default=timezone.now)

    class Meta:
        verbose_name = _("check of a pouring")
        verbose_name_plural = _("checks of pourings")
        ordering = ["-checked_at", "-id"]

    def __str__(self):
        return f"{self.pouring_id} {self.checked_at:%Y-%m-%d %H:%M}"
