"""SOSU trainees: the trainee register, school and placement periods, the standard meetings of a
placement, and recruitment (information meetings, applicants, pre-placements).

Trainees are employees in training, not citizens: nothing here touches the citizen record.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from carecore import cpr as cprlib
from carecore.models import Unit, scope_unit_ids
from carecore.roles import Role, has_role
from carecore.versioning import Versioned


class Programme(models.TextChoices):
    SSH = "ssh", _("Social and health care helper (SSH)")
    SSA = "ssa", _("Social and health care assistant (SSA)")
    NURSING = "nursing", _("Nursing student")


class PayBasis(models.TextChoices):
    TRAINEE = "trainee", _("Trainee pay")
    ADULT = "adult", _("Adult trainee pay (unskilled pay)")


class TraineeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LEAVE = "leave", _("On leave")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    GRADUATED = "graduated", _("Graduated")


ENDED = (TraineeStatus.DROPPED_OUT, TraineeStatus.GRADUATED)


def supervisor_limit():
    """How many trainees one supervisor may have at once (OMSORG["TRAINEE_SUPERVISOR_LIMIT"], default 2)."""
    return int(settings.OMSORG.get("TRAINEE_SUPERVISOR_LIMIT", 2))


def is_coordinator(user):
    return has_role(user, Role.TRAINEE_COORDINATOR)


class TraineeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """THE rule for which trainees a user may see: the coordinator all; a supervisor those they
        supervise in any placement; a leader those placed in a unit of their scope."""
        if not user.is_authenticated:
            return self.none()
        if is_coordinator(user):
            return self
        condition = Q(pk__in=[])
        if has_role(user, Role.TRAINEE_SUPERVISOR):
            condition |= Q(Exists(Placement.objects.filter(trainee=OuterRef("pk"), supervisor_id=user.pk)))
        if has_role(user, Role.LEADER):
            units = scope_unit_ids(user)
            if units:
                condition |= Q(Exists(Placement.objects.filter(trainee=OuterRef("pk"), unit_id__in=units)))
        return self.filter(condition)

    def current(self):
        return self.exclude(status__in=ENDED)


class Trainee(Versioned):
    """One programme course of one person (identified by CPR). A person who finishes SSH and goes on
    to SSA has two rows with the same CPR: counted once as a person, once in each programme."""

    first_name = models.CharField(_("first name(s)"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    cpr = models.CharField(_("CPR number"), max_length=11, validators=[cprlib.validate_cpr])
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainee",
    )
    programme = models.CharField(_("programme"), max_length=10, choices=Programme.choices)
    intake = models.CharField(_("intake"), max_length=40, help_text=_('The class (hold), e.g. "2026-08".'))
    start_date = models.DateField(_("start date"))
    expected_end = models.DateField(_("expected end"))
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("The day the programme actually ended (graduation or drop-out)."),
    )
    pay_basis = models.CharField(_("pay basis"), max_length=10, choices=PayBasis.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=TraineeStatus.choices, default=TraineeStatus.ACTIVE
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainee_contacts",
        help_text=_("The coordinator the trainee turns to."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TraineeQuerySet.as_manager()
    conflict_message = _(
        "The trainee was changed by someone else while you were editing. Your change is not saved. "
        "See both versions below."
    )

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_end__gt=models.F("start_date")), name="trainee_end_after_start"
            ),
            models.UniqueConstraint(fields=["cpr", "programme", "start_date"], name="trainee_unique_course"),
        ]
        indexes = [
            models.Index(fields=["status", "programme"]),
            models.Index(fields=["intake"]),
            models.Index(fields=["cpr"]),
            models.Index(fields=["start_date", "expected_end"]),
            models.Index(fields=["last_name", "first_name", "id"]),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def end_date(self):
        return self.ended_on or self.expected_end


class DatePeriod(models.Model):
    """Whole days from `starts_on` to `ends_on`, both included; the database refuses a period that ends
    before it starts."""

    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    class Meta:
        abstract = True
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="%(class)s_end_after_start"
            )
        ]


class SchoolPeriod(DatePeriod):
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="school_periods")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(DatePeriod.Meta):
        verbose_name = _("school period")
        verbose_name_plural = _("school periods")

    def __str__(self):
        return f"{self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"


class PlacementSetting(models.TextChoices):
    HOME_CARE = "home_care", _("Home care")
    NURSING_HOME = "nursing_home", _("Nursing home")
    PSYCHIATRY = "psychiatry", _("Psychiatry")
    HOSPITAL = "hospital", _("Hospital")
    OTHER = "other", _("Other")


class PlacementQuerySet(models.QuerySet):
    def overlapping(self, starts_on, ends_on):
        return self.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)

    def visible_to(self, user):
        return self.filter(trainee__in=Trainee.objects.visible_to(user).values("pk"))


class Placement(DatePeriod):
    """A placement period (praktik) in one unit under one supervisor (elevvejleder)."""

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="placements")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="trainee_placements"
    )
    setting = models.CharField(
        _("kind of placement"),
        max_length=20,
        choices=PlacementSetting.choices,
        default=PlacementSetting.HOME_CARE,
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_placements",
    )
    over_limit_reason = models.CharField(
        _("reason for exceeding the supervisor limit"),
        max_length=300,
        blank=True,
        help_text=_("Required only when the supervisor already has the maximum number of trainees."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PlacementQuerySet.as_manager()

    class Meta(DatePeriod.Meta):
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["starts_on", "id"]
        indexes = [
            models.Index(fields=["unit", "starts_on", "ends_on"]),
            models.Index(fields=["supervisor", "starts_on", "ends_on"]),
            models.Index(fields=["trainee", "starts_on"]),
            models.Index(fields=["starts_on", "ends_on"]),
        ]

    def __str__(self):
        return f"{self.trainee} · {self.unit} {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"


class UnitCapacity(models.Model):
    """How many trainees a unit can take at once. Over capacity is warned, not refused."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="trainee_capacity"
    )
    capacity = models.PositiveSmallIntegerField(_("trainees at once"))

    class Meta:
        verbose_name = _("unit capacity for trainees")
        verbose_name_plural = _("unit capacities for trainees")

    def __str__(self):
        return f"{self.unit}: {self.capacity}"


class MeetingKind(models.TextChoices):
    EXPECTATION = "expectation", _("Expectation meeting")
    MIDWAY = "midway", _("Midway evaluation")
    FINAL = "final", _("Final evaluation")


MEETING_ORDER = [MeetingKind.EXPECTATION, MeetingKind.MIDWAY, MeetingKind.FINAL]


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    HELD = "held", _("Held")


def meeting_dates(starts_on, ends_on):
    """{kind: (window opens, due on)}: the expectation meeting in the first week, the midway
    evaluation around the midpoint, the final evaluation in the last week."""
    first_week_end = min(starts_on + timedelta(days=6), ends_on)
    midpoint = starts_on + (ends_on - starts_on) / 2
    last_week_start = max(ends_on - timedelta(days=6), starts_on)
    return {
        MeetingKind.EXPECTATION: (starts_on, first_week_end),
        MeetingKind.MIDWAY: (max(midpoint - timedelta(days=7), starts_on), midpoint),
        MeetingKind.FINAL: (last_week_start, ends_on),
    }


class MeetingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(held_on__isnull=True)

    def visible_to(self, user):
        return self.filter(placement__trainee__in=Trainee.objects.visible_to(user).values("pk"))


class Meeting(models.Model):
    """A standard meeting of a placement with its minutes, kept with the trainee."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("meeting"), max_length=20, choices=MeetingKind.choices)
    opens_on = models.DateField(_("earliest"))
    due_on = models.DateField(_("due"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    attendees = models.CharField(_("who attended"), max_length=300, blank=True)
    goals_discussed = models.TextField(_("placement goals discussed"), blank=True)
    agreements = models.TextField(_("agreements"), blank=True)
    goals_met = models.BooleanField(_("placement goals met"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["placement", "kind"], name="meeting_unique_kind")]
        indexes = [models.Index(fields=["held_on", "due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.placement.trainee}"

    def state(self, today=None):
        today = today or timezone.localdate()
        if self.held_on:
            return MeetingState.HELD
        if today > self.due_on:
            return MeetingState.OVERDUE
        if today >= self.opens_on:
            return MeetingState.DUE
        return MeetingState.PLANNED


# --- Recruitment ---------------------------------------------------------------------------------
class InfoMeeting(models.Model):
    """An open information meeting (four a year, with the job centre)."""

    held_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=200)
    with_job_centre = models.BooleanField(_("with the job centre"), default=True)
    capacity = models.PositiveSmallIntegerField(_("seats"), default=40)

    class Meta:
        verbose_name = _("information meeting")
        verbose_name_plural = _("information meetings")
        ordering = ["-held_at"]

    def __str__(self):
        return f"{timezone.localtime(self.held_at):%d.%m.%Y} {self.place}"


class Registration(models.Model):
    info_meeting = models.ForeignKey(InfoMeeting, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    career_changer = models.BooleanField(_("career changer"), default=False)
    registered_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "id"]

    def __str__(self):
        return self.name


class ApplicantStage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INTERVIEW = "interview", _("Interview")
    OFFERED = "offered", _("Offered")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", pgettext_lazy("applicant", "Rejected")


STAGE_ORDER = [ApplicantStage.APPLIED, ApplicantStage.INTERVIEW, ApplicantStage.OFFERED, ApplicantStage.HIRED]


class Applicant(models.Model):
    first_name = models.CharField(_("first name(s)"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    programme = models.CharField(_("programme"), max_length=10, choices=Programme.choices)
    career_changer = models.BooleanField(_("career changer (unskilled adult)"), default=False)
    info_meeting = models.ForeignKey(
        InfoMeeting,
        verbose_name=_("came via information meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applicants",
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=ApplicantStage.choices, default=ApplicantStage.APPLIED
    )
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    trainee = models.OneToOneField(
        Trainee, null=True, blank=True, on_delete=models.SET_NULL, related_name="applicant"
    )

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["-applied_on", "id"]
        indexes = [models.Index(fields=["stage", "-applied_on"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def next_stage(self):
        if self.stage in (ApplicantStage.HIRED, ApplicantStage.REJECTED, ApplicantStage.OFFERED):
            return None
        return STAGE_ORDER[STAGE_ORDER.index(self.stage) + 1]


class PrePlacement(DatePeriod):
    """A short pre-placement (før-praktik) before the programme starts."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="pre_placements")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")

    class Meta(DatePeriod.Meta):
        verbose_name = _("pre-placement")
        verbose_name_plural = _("pre-placements")

    def __str__(self):
        return f"{self.unit} {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"
