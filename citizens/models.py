"""The citizen record: master data, relatives, the serving units, the journal and FSIII assessments."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from carecore.models import Unit, scope_unit_ids

from . import cpr as cprlib
from .fsiii import FUNCTION_LABELS, NursingArea, NursingStatus


class CitizenStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ADMITTED = "admitted", _("Admitted to hospital")
    DECEASED = "deceased", _("Deceased")
    MOVED = "moved", _("Moved away")


class CitizenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule for which citizens a user may see: those served by a unit in the user's scope,
        plus any citizen granted to the user one by one (django-guardian)."""
        if not user.is_authenticated:
            return self.none()
        units = scope_unit_ids(user)
        granted = CitizenUserObjectPermission.objects.filter(
            user_id=user.pk, permission__codename="view_citizen"
        ).values("content_object_id")
        if not units:
            return self.filter(pk__in=granted)
        # "Served by a unit in scope" as a correlated scalar subquery: one probe of the (citizen, unit)
        # index per citizen row. Written as `pk IN (...)` or EXISTS, PostgreSQL hashes every serving row
        # of the scope first (40,000 rows for a nurse at 30,000 citizens, ~25 ms per page), although
        # a list page stops after 51 rows and a record looks at one. See docs/benchmark.md.
        served = Subquery(
            CitizenUnit.objects.filter(citizen_id=OuterRef("pk"), unit_id__in=units)
            .annotate(served=Value(True))
            .values("served")[:1],
            output_field=models.BooleanField(),
        )
        return self.filter(Q(served) | Q(pk__in=granted))

    def search(self, q):
        q = (q or "").strip()
        if not q:
            return self
        digits = q.replace("-", "")
        if digits.isdigit():
            if len(digits) > 6:
                digits = f"{digits[:6]}-{digits[6:]}"
            return self.filter(cpr__startswith=digits)
        condition = Q()
        for word in q.split():
            condition &= (
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(address__icontains=word)
            )
        return self.filter(condition)


class Citizen(models.Model):
    cpr = models.CharField(_("CPR number"), max_length=11, unique=True, validators=[cprlib.validate_cpr])
    first_name = models.CharField(_("first name(s)"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), editable=False)
    address = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=4)
    city = models.CharField(_("city"), max_length=80)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    access_note = models.CharField(
        _("access note"), max_length=200, blank=True, help_text=_("Key safe, door code or how to get in.")
    )
    gp_name = models.CharField(_("own doctor"), max_length=120, blank=True)
    gp_phone = models.CharField(_("doctor's phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CitizenStatus.choices, default=CitizenStatus.ACTIVE
    )
    units = models.ManyToManyField(
        Unit, through="CitizenUnit", related_name="citizens", verbose_name=_("served by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at"])
    objects = CitizenQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="citizen_name_order"),
            models.Index(fields=["status"], name="citizen_status"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.cpr, self.birth_date = cprlib.parse(self.cpr)
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_cpr(self):
        return cprlib.mask(self.cpr)

    @property
    def age(self):
        today = timezone.localdate()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


class CitizenUserObjectPermission(UserObjectPermissionBase):
    """A per-object grant of a citizen to one user (e.g. a substitute from another team)."""

    content_object = models.ForeignKey(Citizen, on_delete=models.CASCADE)


class CitizenGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Citizen, on_delete=models.CASCADE)


class CitizenUnit(models.Model):
    """A unit (team, nursing, rehab, ...) serves the citizen. Scope is decided by these rows."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="serving")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="serving")
    since = models.DateField(_("since"), default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("serving unit")
        verbose_name_plural = _("serving units")
        constraints = [models.UniqueConstraint(fields=["citizen", "unit"], name="citizenunit_unique")]
        indexes = [models.Index(fields=["unit", "citizen"], name="citizenunit_unit_citizen")]

    def __str__(self):
        return f"{self.citizen_id} @ {self.unit_id}"


class Relative(models.Model):
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="relatives")
    name = models.CharField(_("name"), max_length=120)
    relation = models.CharField(_("relation"), max_length=60)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_primary_contact = models.BooleanField(_("primary contact"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")
        ordering = ["-is_primary_contact", "name"]

    def __str__(self):
        return f"{self.name} ({self.relation})"


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Health records are never changed; write a correction.")

    def delete(self):
        raise PermissionError("Health records are never deleted.")


class JournalEntryQuerySet(ImmutableQuerySet):
    def with_details(self):
        """Author, corrected entry and whether a later correction exists: one query for a page."""
        return self.select_related("author", "corrects").annotate(
            is_corrected=Exists(JournalEntry.objects.filter(corrects=OuterRef("pk")))
        )


class JournalKind(models.TextChoices):
    NOTE = "note", _("Note")
    CARE = "care", _("Care and practical help")
    NURSING = "nursing", _("Nursing")
    REHAB = "rehab", _("Rehabilitation")
    VISITATION = "visitation", _("Visitation")
    OBSERVATION = "observation", _("Observed change")
    CORRECTION = "correction", _("Correction")


class JournalEntry(models.Model):
    """A journal entry is never edited or deleted; a correction is a new entry pointing at the old one."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="journal")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_title = models.CharField(_("author's title"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    kind = models.CharField(_("type"), max_length=20, choices=JournalKind.choices, default=JournalKind.NOTE)
    text = models.TextField(_("text"), max_length=10000)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["citizen", "-created_at", "-id"], name="journal_citizen_time")]

    def __str__(self):
        return f"{self.citizen_id} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionError("Journal entries are never changed; write a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Journal entries are never deleted.")


class AssessmentKind(models.TextChoices):
    FUNCTION = "function", _("Functional ability (FSIII)")
    NURSING = "nursing", _("Nursing problem area")


class AssessmentQuerySet(ImmutableQuerySet):
    def current(self):
        """The latest assessment of each sub-area or problem area."""
        newer = Assessment.objects.filter(
            citizen_id=OuterRef("citizen_id"), kind=OuterRef("kind"), code=OuterRef("code")
        ).filter(
            Q(assessed_at__gt=OuterRef("assessed_at"))
            | Q(assessed_at=OuterRef("assessed_at"), id__gt=OuterRef("id"))
        )
        return self.filter(~Exists(newer))


class Assessment(models.Model):
    """One FSIII assessment of a functional sub-area (level 0-4) or of a nursing problem area
    (current / potential / not relevant). History is the sequence of rows; none is changed."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=10, choices=AssessmentKind.choices)
    code = models.CharField(_("area"), max_length=40)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=NursingStatus.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("assessed"), default=timezone.now)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_at", "-id"]
        indexes = [
            models.Index(fields=["citizen", "kind", "code", "-assessed_at"], name="assessment_current")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="function", level__gte=0, level__lte=4, status="")
                    | Q(kind="nursing", level__isnull=True) & ~Q(status="")
                ),
                name="assessment_level_or_status",
            )
        ]

    def __str__(self):
        return f"{self.code}: {self.level if self.level is not None else self.status}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionError("Assessments are never changed; record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Assessments are never deleted.")

    @property
    def label(self):
        if self.kind == AssessmentKind.FUNCTION:
            return FUNCTION_LABELS.get(self.code, self.code)
        return NursingArea(self.code).label if self.code in NursingArea.values else self.code
