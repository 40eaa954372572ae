"""Sundhedsfremme, Forebyggelse og Træning (SFT): preventive home visits (Serviceloven §79a) and the
department's courses and teams (§119 patient courses, §86 maintenance training, health talks).

What SFT staff see is decided by membership: the staff of the SFT unit and those above it (`in_sft`);
the citizens they meet are served by the SFT unit, so their records follow the ordinary rule."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carecore.models import AppendOnlyModel, AppendOnlyQuerySet, Unit, scope_unit_ids
from citizens.models import CitizenRowQuerySet

SFT_UNIT_CODE = "sft"


def sft_unit():
    return Unit.objects.filter(code=SFT_UNIT_CODE).first()


def in_sft(user):
    """Whether the SFT unit is in the user's scope (its staff, and the leaders above it). Memoised."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_in_sft", None)
    if cached is None:
        units = scope_unit_ids(user)
        cached = bool(units) and Unit.objects.filter(code=SFT_UNIT_CODE, pk__in=units).exists()
        user._in_sft = cached
    return cached


class SftQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every row for the staff of SFT, none for anyone else."""
        return self if in_sft(user) else self.none()


# --- §79a preventive home visits -----------------------------------------------------------------
class Group(models.TextChoices):
    ALONE_70 = "70", _("Turns 70 and lives alone")
    AGE_75 = "75", _("Turns 75")
    AGE_80 = "80", _("Turns 80")
    FROM_82 = "82", _("82 or older")
    VULNERABLE = "risk", _("At special risk (65-81)")
    WIDOWED = "widowed", _("Widow or widower (65 or older)")


class OfferStatus(models.TextChoices):
    INVITED = "invited", _("Invited, no answer yet")
    ACCEPTED = "accepted", _("Said yes")
    DECLINED = "declined", _("Said no")
    NO_ANSWER = "no_answer", _("No answer")


class CprMark(models.Model):
    """A resident marked by staff, by CPR number, with the reason."""

    cpr = models.CharField(_("CPR number"), max_length=11, unique=True)
    reason = models.CharField(_("reason"), max_length=300)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    objects = SftQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.cpr


class RiskFlag(CprMark):
    """A 65-81-year-old at special risk, flagged by staff with the reason (§79a stk. 1, nr. 4)."""

    class Meta:
        verbose_name = _("special-risk flag")
        verbose_name_plural = _("special-risk flags")


class Exemption(CprMark):
    """A resident the municipality exempts from the offer (receives both personal care and practical help)."""

    class Meta:
        verbose_name = _("exemption from preventive visits")
        verbose_name_plural = _("exemptions from preventive visits")


class Offer(models.Model):
    """The offer of a preventive home visit to one resident, on the month's invitation list. The resident
    becomes a citizen record (served by SFT) when they accept."""

    citizen_field = "citizen"

    cpr = models.CharField(_("CPR number"), max_length=11)
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("date of birth"))
    address = models.CharField(_("address"), max_length=200)
    group = models.CharField(_("group"), max_length=10, choices=Group.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.DateField(_("month"), help_text=_("The first day of the month of the invitation list."))
    status = models.CharField(
        _("answer"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.INVITED
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    citizen = models.ForeignKey(
        "citizens.Citizen", null=True, blank=True, on_delete=models.PROTECT, related_name="preventive_offers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SftQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer of a preventive home visit")
        verbose_name_plural = _("offers of preventive home visits")
        ordering = ["month", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["cpr", "year", "group"], name="prevention_offer_once")]
        indexes = [models.Index(fields=["month", "name"], name="prevention_offer_month")]

    def __str__(self):
        return f"{self.name} ({self.get_group_display()}, {self.year})"


class PreventiveVisit(models.Model):
    """The visit booked for an accepted offer."""

    citizen_field = "citizen"

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="visit")
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.PROTECT, related_name="preventive_visits"
    )
    consultant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(_("time of the visit"))

    objects = CitizenRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("preventive home visit")
        verbose_name_plural = _("preventive home visits")
        ordering = ["scheduled_at", "id"]

    def __str__(self):
        return f"{self.citizen_id} {self.scheduled_at:%Y-%m-%d}"


class VisitRecord(AppendOnlyModel):
    """What the consultant found at the visit: a short structured note. Never changed; a correction is a
    new record pointing at the one it corrects."""

    citizen_field = "citizen"

    visit = models.ForeignKey(PreventiveVisit, on_delete=models.PROTECT, related_name="records")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    health = models.TextField(_("health"))
    network = models.TextField(_("social network"))
    activity = models.TextField(_("activity and everyday life"))
    housing = models.TextField(_("housing"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("preventive visit record")
        verbose_name_plural = _("preventive visit records")
        ordering = ["at", "id"]


class FollowUpAction(models.Model):
    """Something to do after the visit (a call, a course, a referral to another unit)."""

    visit = models.ForeignKey(PreventiveVisit, on_delete=models.PROTECT, related_name="actions")
    text = models.CharField(_("action"), max_length=300)
    due_on = models.DateField(_("by"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text


# --- courses and teams (hold) --------------------------------------------------------------------
class CourseKind(models.TextChoices):
    PATIENT_COURSE = "119", _("Patient course (§119)")
    MAINTENANCE = "86", _("Maintenance training team (§86)")
    HEALTH_TALK = "talk", _("Health talk")
    SMOKING = "smoking", _("Smoking cessation")


class Place(models.TextChoices):
    HEALTH_HOUSE = "house", _("The health house")
    SATELLITE = "satellite", _("Satellite")
    BUS = "bus", _("The health bus")


class CourseQuerySet(SftQuerySet):
    def with_counts(self):
        return self.annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status="enrolled")),
            waiting=Count("enrolments", filter=Q(enrolments__status="waiting")),
        )


class Course(models.Model):
    """One offer in the catalogue: a course or team with its place, start, capacity and instructor."""

    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=CourseKind.choices)
    place = models.CharField(_("place"), max_length=10, choices=Place.choices)
    starts_on = models.DateField(_("starts"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("instructor")
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course or team")
        verbose_name_plural = _("courses and teams")
        ordering = ["starts_on", "title", "id"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gt=0), name="prevention_course_capacity")]

    def __str__(self):
        return self.title


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))

    objects = SftQuerySet.as_manager()

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering = ["starts_at", "id"]

    def __str__(self):
        return f"{self.course} {self.starts_at:%Y-%m-%d %H:%M}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITING = "waiting", _("On the waiting list")


class ReferralSource(models.TextChoices):
    DOCTOR = "doctor", _("The citizen's doctor")
    STAFF = "staff", _("Staff of the municipality")
    OWN = "own", _("The citizen's own request")


class Enrolment(models.Model):
    citizen_field = "citizen"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices)
    source = models.CharField(_("referred by"), max_length=10, choices=ReferralSource.choices)
    referral_text = models.TextField(_("referral"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CitizenRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "citizen"], name="prevention_enrolment_once")
        ]

    def __str__(self):
        return f"{self.citizen_id} @ {self.course_id}"


class Attendance(models.Model):
    """Whether an enrolled citizen came to one session."""

    citizen_field = "enrolment__citizen"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="prevention_attendance_once")
        ]

    def __str__(self):
        return f"{self.enrolment_id} @ {self.session_id}"


# --- §140 training after hospital (genoptræning) -------------------------------------------------
class Specialty(models.TextChoices):
    """The hospital specialties a training plan comes from (model default; the plan names its own)."""

    ORTHOPAEDICS = "ortopaedi", _("Orthopaedic surgery")
    NEUROLOGY = "neurologi", _("Neurology")
    NEUROSURGERY = "neurokirurgi", _("Neurosurgery")
    CARDIOLOGY = "kardiologi", _("Cardiology")
    PULMONOLOGY = "lunger", _("Pulmonary medicine")
    ONCOLOGY = "onkologi", _("Oncology")
    RHEUMATOLOGY = "reumatologi", _("Rheumatology")
    GERIATRICS = "geriatri", _("Geriatrics")
    INTERNAL = "intern", _("Internal medicine")
    SURGERY = "kirurgi", _("Surgery")
    VASCULAR = "karkirurgi", _("Vascular surgery")
    PLASTIC = "plastik", _("Plastic surgery")
    PAEDIATRICS = "paediatri", _("Paediatrics")
    OTHER = "andet", _("Other specialty")


class TrainingPlanQuerySet(CitizenRowQuerySet):
    def visible_to(self, user):
        return super().visible_to(user) if in_sft(user) else self.none()


class TrainingPlan(models.Model):
    """A hospital's training plan (genoptræningsplan, Sundhedsloven §140; children §140a). Training
    starts at the latest START_DAYS days after discharge; a plan not started by then is overdue."""

    citizen_field = "citizen"
    START_DAYS = 7  # model default: the start limit after discharge

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    specialty = models.CharField(_("specialty"), max_length=20, choices=Specialty.choices)
    hospital = models.CharField(_("hospital and ward"), max_length=200)
    discharged_on = models.DateField(_("discharged"))
    start_by = models.DateField(_("start at the latest"))
    is_child = models.BooleanField(_("child (§140a)"), default=False)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("therapist")
    )
    started_on = models.DateField(_("training started"), null=True, blank=True)
    ended_on = models.DateField(_("training ended"), null=True, blank=True)
    result = models.TextField(_("end result"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TrainingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("training plan (§140)")
        verbose_name_plural = _("training plans (§140)")
        ordering = ["start_by", "id"]
        indexes = [models.Index(fields=["is_child", "start_by"], name="prevention_plan_list")]

    def __str__(self):
        return f"{self.citizen_id} {self.get_specialty_display()}"

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.started_on is None and today > self.start_by


# --- outcomes that matter to SFT -----------------------------------------------------------------
class OutcomePoint(models.TextChoices):
    START = "start", _("At the start")
    END = "end", _("At the end")
    LATER = "3m", _("3 months after")


class OutcomeQuerySet(AppendOnlyQuerySet):
    def latest(self):
        """The last answer per citizen, course and point (a later answer corrects an earlier one)."""
        later = Outcome.objects.filter(enrolment=models.OuterRef("enrolment"), point=models.OuterRef("point"))
        return self.exclude(models.Exists(later.filter(pk__gt=models.OuterRef("pk"))))


class Outcome(AppendOnlyModel):
    """The citizen's own rating of health and well-being, 0 (worst) to 10 (best), at the start and end
    of a course and 3 months after: SFT's measure of success over time. Never changed; a new answer
    for the same point corrects the last."""

    citizen_field = "enrolment__citizen"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="outcomes")
    point = models.CharField(_("when"), max_length=5, choices=OutcomePoint.choices)
    health = models.PositiveSmallIntegerField(_("self-rated health (0-10)"))
    wellbeing = models.PositiveSmallIntegerField(_("well-being (0-10)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome answer")
        verbose_name_plural = _("outcome answers")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(health__lte=10, wellbeing__lte=10), name="prevention_outcome_scale"
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id} {self.point}"
