"""Rehabilitation, discharge ("Kom Godt Hjem") and the beds of the Rehab- og Akutcenter.

Stays, pathways, follow-ups and home assessments are health records: rows are never deleted; a change
of a stay is a new StayEvent row (who, when, what, why).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from carecore.models import AppendOnlyModel
from carecore.versioning import Versioned
from citizens.models import Citizen, CitizenRowQuerySet


class BedKind(models.TextChoices):
    TEMPORARY = "temporary", _("Temporary bed")
    ACUTE = "acute", _("Acute bed")


# The default types' names (rehab/reference.py), in the catalogue so that English users read English;
# a name an administrator has changed or added is shown as it is written.
DEFAULT_STAY_LABELS = {
    "genoptraening": ("Genoptræning", pgettext_lazy("stay type", "Rehabilitation training")),
    "rehabilitering": ("Rehabilitering", pgettext_lazy("stay type", "Rehabilitation")),
    "afklaring": ("Afklaring", pgettext_lazy("stay type", "Assessment")),
    "aflastning": ("Aflastning", pgettext_lazy("stay type", "Respite care")),
    "terminal": ("Terminal pleje", pgettext_lazy("stay type", "Terminal care")),
    "observation": ("Observation", pgettext_lazy("stay type", "Observation")),
    "venter-bolig": ("Venter på bolig/hjælpemidler", pgettext_lazy("stay type", "Waiting for a home/aids")),
    "sygeplejefagligt": ("Sygeplejefagligt ophold", pgettext_lazy("stay type", "Nursing stay")),
    "akut": ("Akut ophold", pgettext_lazy("stay type", "Acute stay")),
}


class StayType(models.Model):
    """A type of stay under the quality standard, with its standard length. Data, not code: an
    administrator edits lengths and legal basis in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    standard_days = models.PositiveSmallIntegerField(_("standard length (days)"))
    max_days = models.PositiveSmallIntegerField(
        _("maximum length (days)"), null=True, blank=True, help_text=_("Empty: longer stays need a reason.")
    )
    is_acute = models.BooleanField(_("acute stay"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=120)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stay type")
        verbose_name_plural = _("stay types")
        ordering = ["is_acute", "order", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the user's language: a default type's translated name, else the name as written."""
        default, translated = DEFAULT_STAY_LABELS.get(self.code, (None, None))
        return str(translated) if default == self.name else self.name


class Bed(models.Model):
    label = models.CharField(_("bed"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=BedKind.choices)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("bed")
        verbose_name_plural = _("beds")
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class StayQuerySet(CitizenRowQuerySet):
    def overlapping(self, start, end):
        """Stays whose half-open range [starts_at, ends_at) meets [start, end): touching is no overlap.
        A cancelled stay holds no bed."""
        return self.filter(starts_at__lt=end, ends_at__gt=start, cancelled_at__isnull=True)

    def current(self, at=None):
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, ends_at__gt=at, cancelled_at__isnull=True)


class Stay(Versioned):
    """A citizen in a bed for [starts_at, ends_at). `ends_at` is the planned end until the stay is ended.

    On PostgreSQL two exclusion constraints (migration 0002) make overlapping stays of one bed, or of
    one citizen, impossible; the service checks the same rule under a row lock on every database."""

    bed = models.ForeignKey(Bed, verbose_name=_("bed"), on_delete=models.PROTECT, related_name="stays")
    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="+"
    )
    stay_type = models.ForeignKey(
        StayType, verbose_name=_("type of stay"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("planned end"))
    reason = models.CharField(_("reason for a longer stay"), max_length=300, blank=True)
    discharged_at = models.DateTimeField(_("discharged"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    moved_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey(
        "DischargeNotice", null=True, blank=True, on_delete=models.PROTECT, related_name="stays"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = StayQuerySet.as_manager()
    conflict_message = _(
        "The stay was changed by someone else while you were editing. Your change is not saved. "
        "See both versions below."
    )

    class Meta:
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["bed", "starts_at"], name="stay_bed_start"),
            models.Index(fields=["ends_at", "starts_at"], name="stay_window"),
            models.Index(fields=["citizen", "starts_at"], name="stay_citizen_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="stay_end_after_start")
        ]

    def __str__(self):
        return f"{self.bed} {self.starts_at:%Y-%m-%d}–{self.ends_at:%Y-%m-%d}"

    @property
    def length(self):
        return self.ends_at - self.starts_at

    @property
    def length_days(self):
        return round(self.length / timedelta(days=1), 1)


class StayEventKind(models.TextChoices):
    ASSIGNED = "assigned", _("Bed assigned")
    EXTENDED = "extended", _("Extended")
    SHORTENED = "shortened", _("Planned end moved earlier")
    ENDED_EARLY = "ended_early", _("Ended early")
    MOVED_OUT = "moved_out", _("Moved to another bed")
    MOVED_IN = "moved_in", _("Moved in from another bed")
    DISCHARGED = "discharged", _("Discharged home")
    CANCELLED = "cancelled", _("Cancelled before it began")


class StayEvent(AppendOnlyModel):
    """The history of a stay: one row per change, never edited."""

    stay = models.ForeignKey(Stay, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("change"), max_length=20, choices=StayEventKind.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    old_end = models.DateTimeField(_("end before"), null=True, blank=True)
    new_end = models.DateTimeField(_("end after"), null=True, blank=True)
    bed = models.ForeignKey(Bed, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stay change")
        verbose_name_plural = _("stay changes")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.stay_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Priority(models.IntegerChoices):
    URGENT = 1, _("Urgent")
    HIGH = 2, _("High")
    NORMAL = 3, _("Normal")


class WaitingStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    PLACED = "placed", _("Given a bed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WaitingQuerySet(CitizenRowQuerySet):
    def waiting(self):
        return self.filter(status=WaitingStatus.WAITING).order_by("priority", "granted_on", "id")


class WaitingListEntry(models.Model):
    """A citizen granted a temporary stay but without a bed yet; first by priority, then by date."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="+"
    )
    stay_type = models.ForeignKey(
        StayType, verbose_name=_("type of stay"), on_delete=models.PROTECT, related_name="+"
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    granted_on = models.DateField(_("granted on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WaitingStatus.choices, default=WaitingStatus.WAITING
    )
    stay = models.ForeignKey(Stay, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey(
        "DischargeNotice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = WaitingQuerySet.as_manager()

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["priority", "granted_on", "id"]
        indexes = [models.Index(fields=["status", "priority", "granted_on"], name="waiting_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen"], condition=Q(status="waiting"), name="waiting_once_per_citizen"
            )
        ]

    def __str__(self):
        return f"{self.citizen_id} {self.stay_type_id} ({self.status})"

    @property
    def waited_days(self):
        end = timezone.localdate(self.closed_at) if self.closed_at else timezone.localdate()
        return (end - self.granted_on).days


class Decision(models.TextChoices):
    HOME_WITH_HELP = "home_with_help", _("Home with help")
    HOME_AFTER_APV = "home_after_apv", _("Home after a home assessment (APV)")
    TEMPORARY_BED = "temporary_bed", _("Temporary bed")


class NoticeSource(models.TextChoices):
    MANUAL = "manual", _("Registered by hand")
    HOSPITAL = "hospital", _("Hospital message")


class DischargeNoticeQuerySet(CitizenRowQuerySet):
    def open(self):
        return self.filter(decision="")


class DischargeNotice(models.Model):
    """A notice from the hospital that a citizen is about to be discharged (Kom Godt Hjem)."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="+"
    )
    ward = models.CharField(_("hospital ward"), max_length=120)
    expected_at = models.DateTimeField(_("expected discharge"))
    needs = models.TextField(_("needs"), max_length=4000)
    training_plan = models.BooleanField(_("§140 training plan from the hospital"), default=False)
    source = models.CharField(
        _("source"), max_length=10, choices=NoticeSource.choices, default=NoticeSource.MANUAL
    )
    external_ref = models.CharField(_("message reference"), max_length=80, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_note = models.TextField(_("reasoning"), max_length=4000, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    objects = DischargeNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("discharge notice")
        verbose_name_plural = _("discharge notices")
        ordering = ["expected_at", "id"]
        indexes = [models.Index(fields=["decision", "expected_at"], name="notice_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["external_ref"], condition=~Q(external_ref=""), name="notice_unique_ref"
            )
        ]

    def __str__(self):
        return f"{self.citizen_id} {self.ward} {self.expected_at:%Y-%m-%d}"

    @property
    def is_overdue(self):
        return not self.decision and self.expected_at < timezone.now()


class ApvResult(models.TextChoices):
    SAFE = "safe", _("The home is safe for care work")
    SAFE_WITH_AIDS = "safe_with_aids", _("Safe once the aids are in place")
    NOT_SAFE = "not_safe", _("Not safe: care cannot start yet")


# Workplace assessment (APV) in the home: the risks looked at.
APV_RISKS = [
    ("rugs", _("Loose rugs, cables or thresholds")),
    ("space", _("Too little room around bed, toilet or bath")),
    ("bed_height", _("Bed not adjustable to working height")),
    ("lifting", _("Transfers need a lift or turning aid")),
    ("stairs", _("Stairs or steps without a rail")),
    ("light", _("Poor lighting")),
    ("smoke", _("Smoking indoors")),
    ("animals", _("Pets that must be shut away")),
    ("hygiene", _("Hygiene or pests")),
    ("climate", _("Indoor climate (heat, damp, smoke alarm)")),
]


class HomeAssessment(models.Model):
    """An APV (arbejdspladsvurdering) in the citizen's home before help starts after discharge."""

    notice = models.OneToOneField(DischargeNotice, on_delete=models.PROTECT, related_name="apv")
    visit_date = models.DateField(_("date of the visit"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    risks = models.JSONField(_("risks found"), default=list, blank=True)
    aids = models.CharField(_("aids needed"), max_length=500, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=ApvResult.choices)
    follow_up = models.CharField(_("follow-up"), max_length=500, blank=True)
    follow_up_on = models.DateField(_("follow up by"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("home assessment (APV)")
        verbose_name_plural = _("home assessments (APV)")

    def __str__(self):
        return f"APV {self.notice_id} {self.visit_date}"

    @property
    def risk_labels(self):
        labels = dict(APV_RISKS)
        return [labels.get(code, code) for code in self.risks]


class PathwayKind(models.TextChoices):
    REHAB_83A = "83a", _("Rehabilitation pathway (Serviceloven §83a)")
    TRAINING_140 = "140", _("Rehabilitation after hospital (Sundhedsloven §140)")


class PathwayStatus(models.TextChoices):
    PLANNED = "planned", _("Not started")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended, follow-up pending")
    CLOSED = "closed", _("Closed")


class PathwayResult(models.TextChoices):
    MET = "met", _("Goals met")
    PARTLY = "partly", _("Goals partly met")
    NOT_MET = "not_met", _("Goals not met")


class PathwayQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A therapist's own pathways, and any pathway of a citizen the user may see."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(therapist=user) | Q(citizen__in=Citizen.objects.visible_to(user).values("pk")))


def default_pathway_weeks():
    return settings.OMSORG.get("REHAB_PATHWAY_WEEKS", 10)


class Pathway(Versioned):
    """A §83a rehabilitation pathway, or a §140 training plan from the hospital run the same way."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("kind"), max_length=5, choices=PathwayKind.choices, default=PathwayKind.REHAB_83A
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible therapist"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    goals = models.TextField(
        _("the citizen's own goals"), max_length=4000, help_text=_("In the citizen's own words.")
    )
    interventions = models.TextField(_("interventions"), max_length=4000, blank=True)
    planned_weeks = models.PositiveSmallIntegerField(
        _("planned length (weeks)"), default=default_pathway_weeks
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PathwayStatus.choices, default=PathwayStatus.ACTIVE
    )
    start_on = models.DateField(_("start"), null=True, blank=True)
    start_deadline = models.DateField(
        _("start no later than"),
        null=True,
        blank=True,
        help_text=_("From the hospital's training plan (§140)."),
    )
    hospital = models.CharField(_("hospital / ward"), max_length=120, blank=True)
    end_on = models.DateField(_("ended"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=PathwayResult.choices, blank=True)
    end_note = models.TextField(_("closing note"), max_length=4000, blank=True)
    notice = models.ForeignKey(
        DischargeNotice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PathwayQuerySet.as_manager()
    conflict_message = _(
        "The pathway was changed by someone else while you were editing. Your change is not saved. "
        "See both versions below."
    )

    class Meta:
        verbose_name = _("rehabilitation pathway")
        verbose_name_plural = _("rehabilitation pathways")
        ordering = ["-start_on", "-id"]
        indexes = [
            models.Index(fields=["therapist", "status"], name="pathway_therapist"),
            models.Index(fields=["status", "start_on"], name="pathway_status"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.citizen_id}"

    @property
    def planned_end(self):
        return self.start_on + timedelta(weeks=self.planned_weeks) if self.start_on else None

    @property
    def deadline_passed(self):
        return (
            self.status == PathwayStatus.PLANNED
            and self.start_deadline
            and self.start_deadline < timezone.localdate()
        )


class ScorePhase(models.TextChoices):
    START = "start", _("At start")
    END = "end", _("At end")


class PathwayScore(models.Model):
    """An FSIII level (0–4) of one sub-area at the start or end of a pathway."""

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="scores")
    phase = models.CharField(max_length=5, choices=ScorePhase.choices)
    code = models.CharField(_("area"), max_length=40)
    level = models.PositiveSmallIntegerField(_("level"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pathway", "phase", "code"], name="pathwayscore_unique"),
            models.CheckConstraint(condition=Q(level__lte=4), name="pathwayscore_level"),
        ]

    def __str__(self):
        return f"{self.code} {self.phase}: {self.level}"


class Evaluation(models.Model):
    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="evaluations")
    on = models.DateField(_("date"), default=timezone.localdate)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("evaluation"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.pathway_id} {self.on}"


class FollowUpQuerySet(models.QuerySet):
    def due(self, today):
        return self.filter(done_at__isnull=True, due_on__lte=today)


class FollowUp(models.Model):
    """Serviceloven §83a: contact the citizen 1 and 3 months after the pathway ended."""

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after"))
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reached = models.BooleanField(_("citizen reached"), null=True)
    status = models.TextField(_("how the citizen is doing"), max_length=2000, blank=True)
    new_needs = models.TextField(_("new needs"), max_length=2000, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["pathway", "months"], name="followup_unique")]
        indexes = [models.Index(fields=["done_at", "due_on"], name="followup_due")]

    def __str__(self):
        return f"{self.pathway_id} +{self.months}"

    @property
    def on_time(self):
        return self.done_at is not None and timezone.localdate(self.done_at) <= self.due_on


class DecisionLetter(AppendOnlyModel):
    """A decision letter (afgørelse) PDF, stored with the stay or the pathway it decides. Every version
    sent is kept: a change to a stay (extension, move, early end) sends a new version, made from the stay
    as it is then; `event` is the change a version answers (one version per change)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="+")
    stay = models.ForeignKey(Stay, null=True, blank=True, on_delete=models.PROTECT, related_name="letters")
    pathway = models.ForeignKey(
        Pathway, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    event = models.ForeignKey(StayEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    subject = models.CharField(_("what the version answers"), max_length=60, blank=True)
    pdf = models.BinaryField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stay__isnull=False) | Q(pathway__isnull=False), name="letter_has_case"
            ),
            models.UniqueConstraint(fields=["event"], name="one_letter_per_stay_event"),
        ]

    def __str__(self):
        return f"{self.citizen_id} {self.created_at:%Y-%m-%d}"
