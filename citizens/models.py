"""The citizen record: master data, relatives, the serving units, the journal, FSIII assessments and
the access log of who looked at it."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from carecore import cpr as cprlib
from carecore.models import AppendOnlyModel, AppendOnlyQuerySet, Unit, scope_unit_ids
from carecore.roles import Role, has_role
from carecore.versioning import Versioned

from .fsiii import FUNCTION_LABELS, NursingArea, NursingStatus


class CitizenStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ADMITTED = "admitted", _("Admitted to hospital")
    DECEASED = "deceased", _("Deceased")
    MOVED = "moved", _("Moved away")


def _visible(user, ref):
    """The one rule for which citizens a user may see, as a filter on `ref` (a citizen's "pk", or a
    row's "citizen_id"): served by a unit in the user's scope, or granted to the user one by one
    (django-guardian).

    "Served by a unit in scope" is a correlated scalar subquery: one probe of the (citizen, unit) index
    per row. Written as `pk IN (...)` or EXISTS, PostgreSQL hashes every serving row of the scope first
    (40,000 rows for a nurse at 30,000 citizens, ~25 ms per page), although a list page stops after 51
    rows and a record looks at one. Probed on a row's own citizen, a list ordered by an index of its
    own stops after a page too. See docs/benchmark.md."""
    units = scope_unit_ids(user)
    granted = Q(
        **{
            f"{ref}__in": CitizenUserObjectPermission.objects.filter(
                user_id=user.pk, permission__codename="view_citizen"
            ).values("content_object_id")
        }
    )
    if not units:
        return granted
    served = Subquery(
        CitizenUnit.objects.filter(citizen_id=OuterRef(ref), unit_id__in=units)
        .annotate(served=Value(True))
        .values("served")[:1],
        output_field=models.BooleanField(),
    )
    return Q(served) | granted


class CitizenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The citizens the user may see (see _visible)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(_visible(user, "pk"))

    def search(self, q):
        q = (q or "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in a query parameter
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


class Citizen(Versioned):
    cpr = models.CharField(_("CPR number"), max_length=11, unique=True, validators=[cprlib.validate_cpr])
    first_name = models.CharField(_("first name(s)"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), editable=False)
    address = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=4)
    city = models.CharField(_("city"), max_length=80)
    # From the address register (citizens.addresses); home care's routes measure travel with them.
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
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
    conflict_message = _(
        "The citizen was changed by someone else while you were editing. Your change is not saved. "
        "See both versions below."
    )

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


class Relative(Versioned):
    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="relatives")
    name = models.CharField(_("name"), max_length=120)
    relation = models.CharField(_("relation"), max_length=60)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_primary_contact = models.BooleanField(_("primary contact"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    conflict_message = _(
        "The relative was changed by someone else while you were editing. Your change is not saved. "
        "See both versions below."
    )

    class Meta:
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")
        ordering = ["-is_primary_contact", "name"]

    def __str__(self):
        return f"{self.name} ({self.relation})"


class JournalEntryQuerySet(AppendOnlyQuerySet):
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


class JournalEntry(AppendOnlyModel):
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


class AssessmentKind(models.TextChoices):
    FUNCTION = "function", _("Functional ability (FSIII)")
    NURSING = "nursing", _("Nursing problem area")


class AssessmentQuerySet(AppendOnlyQuerySet):
    def current(self):
        """The latest assessment of each sub-area or problem area."""
        newer = Assessment.objects.filter(
            citizen_id=OuterRef("citizen_id"), kind=OuterRef("kind"), code=OuterRef("code")
        ).filter(
            Q(assessed_at__gt=OuterRef("assessed_at"))
            | Q(assessed_at=OuterRef("assessed_at"), id__gt=OuterRef("id"))
        )
        return self.filter(~Exists(newer))


class Assessment(AppendOnlyModel):
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

    @property
    def label(self):
        if self.kind == AssessmentKind.FUNCTION:
            return FUNCTION_LABELS.get(self.code, self.code)
        return NursingArea(self.code).label if self.code in NursingArea.values else self.code


class AccessPart(models.TextChoices):
    """The part of the record a look was at, as stored in AccessLog.part (the values are the keys the
    views log; the labels are what leaders and the citizen read)."""

    OVERVIEW = "overblik", pgettext_lazy("access log part", "Record overview")
    MASTER_DATA = "stamdata", pgettext_lazy("access log part", "Master data")
    JOURNAL = "journal", pgettext_lazy("access log part", "Journal")
    FUNCTIONAL_ABILITY = "funktionsevne", pgettext_lazy("access log part", "Functional ability")
    CHANGES = "aendringslog", pgettext_lazy("access log part", "Change log")
    ACCESS_LOG = "adgangslog", pgettext_lazy("access log part", "Access log")
    RELATIVES = "paaroerende", pgettext_lazy("access log part", "Relatives")
    TIMELINE = "forloeb", pgettext_lazy("access log part", "Pathway across units")
    MY_DAY = "min dag", pgettext_lazy("access log part", "Home care: my day")
    TRIAGE = "triage", pgettext_lazy("access log part", "Home care: triage")
    PLANNING = "planlægning", pgettext_lazy("access log part", "Home care: planning")
    VISIT_PLAN = "besøgsplan", pgettext_lazy("access log part", "Home care: visit plan")
    STARTUP_MEETING = "opstartsmøde", pgettext_lazy("access log part", "Home care: start-up meeting")
    BED_BOARD = "rehab:senge", pgettext_lazy("access log part", "Rehab: bed board")
    STAY = "rehab:ophold", pgettext_lazy("access log part", "Rehab: stay")
    WAITING_LIST = "rehab:venteliste", pgettext_lazy("access log part", "Rehab: waiting list")
    DISCHARGE_NOTICES = "rehab:udskrivelser", pgettext_lazy("access log part", "Rehab: discharge notices")
    DISCHARGE_NOTICE = "rehab:udskrivelse", pgettext_lazy("access log part", "Rehab: discharge notice")
    HOME_ASSESSMENT = "rehab:apv", pgettext_lazy("access log part", "Rehab: home workplace assessment")
    PATHWAY = "rehab:forloeb", pgettext_lazy("access log part", "Rehab: pathway")
    DECISION = "rehab:afgoerelse", pgettext_lazy("access log part", "Rehab: decision letter")
    INCIDENT = "uth", pgettext_lazy("access log part", "Patient-safety incident")
    VISITATION_CASES = "visitation:liste", pgettext_lazy("access log part", "Visitation: case list")
    VISITATION_CASE = "visitation:sag", pgettext_lazy("access log part", "Visitation: case")
    VISITATION_LETTER = (
        "visitation:afgoerelse",
        pgettext_lazy("access log part", "Visitation: decision letter"),
    )
    REFERRAL = "henvisning", pgettext_lazy("access log part", "Referral")
    MEDICINE = "medicin", pgettext_lazy("access log part", "Medicine list")
    DOCTOR_ORDERS = "ordination", pgettext_lazy("access log part", "Nursing: doctor's orders")
    ACUTE_CALL_OUTS = "akut", pgettext_lazy("access log part", "Acute team: call-outs")
    OUTAGE_LIST = "nødliste", pgettext_lazy("access log part", "Home care: outage list")
    KEY_CODE = "nøglekode", pgettext_lazy("access log part", "Home care: key-box code")
    PREVENTIVE_VISIT = "sft:besoeg", pgettext_lazy("access log part", "SFT: preventive home visit")
    COURSE = "sft:hold", pgettext_lazy("access log part", "SFT: courses and teams")
    TRAINING_PLAN = "sft:genoptraening", pgettext_lazy("access log part", "SFT: training after hospital")
    ADMIN = "admin", pgettext_lazy("access log part", "Administration (Django admin)")
    OWN_PAGE = "min side", pgettext_lazy("access log part", "My page: own care")
    OWN_ACCESS_LOG = "min side:adgange", pgettext_lazy("access log part", "My page: who has looked")


class CitizenRowQuerySet(models.QuerySet):
    """Rows that belong to one citizen (a stay, a notice, a case): visible when the citizen is."""

    def visible_to(self, user):
        """Visible when the row's citizen is (the same rule, probed on the row's own citizen)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(_visible(user, "citizen_id"))

    def with_visibility(self, user):
        """All rows, each with `citizen_visible`: whether the user may see its citizen (the same rule, in
        the same query, for boards that show every row but name only the visible citizens)."""
        if not user.is_authenticated:
            return self.annotate(citizen_visible=Value(False))
        return self.annotate(
            citizen_visible=ExpressionWrapper(
                _visible(user, "citizen_id"), output_field=models.BooleanField()
            )
        )


class AccessLogQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user):
        """System administrators and the data-protection contact (who answers for the whole municipality's
        log) read the whole log; leaders the rows of the citizens they may see."""
        if has_role(user, Role.SYSADMIN, Role.DPO) or user.is_superuser:
            return self
        if has_role(user, Role.LEADER):
            return self.filter(citizen__in=Citizen.objects.visible_to(user).values("pk"))
        return self.none()


class AccessLog(AppendOnlyModel):
    """Sundhedsloven §42a: every look-up in a citizen's record is logged (who, when, which citizen,
    which part, why). Rows are written by the application and never changed or deleted by it."""

    class Outcome(models.TextChoices):
        SHOWN = "shown", _("Shown")
        REFUSED = "refused", _("Refused")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    username = models.CharField(_("username"), max_length=150)
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="+", null=True)
    part = models.CharField(_("part viewed"), max_length=60, choices=AccessPart.choices)
    purpose = models.CharField(_("purpose"), max_length=120, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.SHOWN)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # The looker's units when the look happened (a move to another unit later does not change it);
    # "" for a citizen or relative, null on rows logged before it was recorded.
    unit_name = models.CharField(_("unit"), max_length=255, null=True, blank=True)
    # A list page logs one row per citizen shown, in one insert: its first row carries the number of
    # citizens on the list, the others 0, so the log can show the list as one look. A single look: 1.
    batch_size = models.PositiveIntegerField(_("citizens on the list"), default=1)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        db_table = "carecore_accesslog"  # the table it had when the model lived in carecore
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["citizen", "-at"], name="accesslog_citizen_at"),
            models.Index(fields=["user", "-at"], name="accesslog_user_at"),
        ]

    def __str__(self):
        return f"{self.username} {self.part} {self.citizen_id} {self.at:%Y-%m-%d %H:%M}"

    @property
    def others_on_list(self):
        """How many more citizens the list this row leads showed (0 for a single look)."""
        return max(self.batch_size - 1, 0)
