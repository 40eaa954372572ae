"""Home care: visit plans from granted services, the visits generated from them, competences for
delegated nursing tasks, early detection (tidlig opsporing) with triage, and start-up meetings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from carecore.models import AppendOnlyModel, AppendOnlyQuerySet, Membership, Unit, scope_unit_ids
from carecore.versioning import Versioned
from citizens.models import CitizenRowQuerySet

# A fixed-time visit (medicine at 08:00) may start at most this late; the leader is alerted after it.
FIXED_WINDOW_MINUTES = 15


class ServiceType(models.TextChoices):
    PERSONAL_CARE = "personal_care", _("§83 personal care")
    PRACTICAL_HELP = "practical_help", _("§83 practical help")
    NURSING = "nursing", _("§138 nursing (delegated)")


class DelegatedTask(models.TextChoices):
    """The delegation catalogue: nursing tasks a nurse may delegate to home-care staff."""

    MEDICINE = "medicine", _("Medicine administration")
    COMPRESSION = "compression", _("Compression stockings")
    EYE_DROPS = "eye_drops", _("Eye drops")
    INSULIN = "insulin", _("Insulin injection")
    WOUND_CARE = "wound_care", _("Simple wound care")
    CATHETER = "catheter", _("Catheter care")


class Recurrence(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("On given weekdays")
    EVERY_N_WEEKS = "every_n_weeks", _("On given weekdays every n weeks")


WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class StaffCompetence(models.Model):
    """A carer's competence profile: the delegated nursing tasks the carer has been trained for."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competences")
    task = models.CharField(_("delegated task"), max_length=20, choices=DelegatedTask.choices)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)

    class Meta:
        verbose_name = _("staff competence")
        verbose_name_plural = _("staff competences")
        constraints = [models.UniqueConstraint(fields=["user", "task"], name="staffcompetence_unique")]

    def __str__(self):
        return f"{self.user} – {self.get_task_display()}"


class TeamRowQuerySet(models.QuerySet):
    """Rows that belong to a home-care team (plans, visits, start-up meetings): visible in the teams of
    the user's scope (workers: their own team; leaders: their area)."""

    def visible_to(self, user):
        return self.filter(team_id__in=scope_unit_ids(user))


class Clinic(models.Model):
    """A nursing clinic (sygeplejeklinik): citizens who can come in are seen there, not at home. An
    appointment there is a visit whose plan names the clinic."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.CharField(_("address"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=pgettext_lazy("clinic", "run by"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("nursing clinic")
        verbose_name_plural = _("nursing clinics")
        ordering = ["name"]

    def __str__(self):
        return self.name


class VisitPlan(Versioned):
    """A granted service turned into a recurring visit: what, how often, when and by whom."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="visit_plans")
    team = models.ForeignKey(
        Unit, verbose_name=_("team"), on_delete=models.PROTECT, related_name="visit_plans"
    )
    service_type = models.CharField(_("service"), max_length=20, choices=ServiceType.choices)
    title = models.CharField(_("title"), max_length=100)
    tasks = models.TextField(_("tasks"), help_text=_("One task per line."))
    delegated_task = models.CharField(
        _("required competence"),
        max_length=20,
        choices=DelegatedTask.choices,
        blank=True,
        help_text=_("A delegated nursing task; only staff with this competence can be assigned."),
    )
    clinic = models.ForeignKey(
        Clinic,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A nursing clinic the citizen comes to; empty: a visit in the citizen's home."),
    )
    recurrence = models.CharField(_("recurrence"), max_length=20, choices=Recurrence.choices)
    weekdays = models.CharField(_("weekdays"), max_length=7, blank=True)
    interval_weeks = models.PositiveSmallIntegerField(_("every n weeks"), default=1)
    window_start = models.TimeField(_("from"))
    window_end = models.TimeField(_("to"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    carers_needed = models.PositiveSmallIntegerField(
        _("carers needed"), default=1, help_text=_("Two for e.g. transfers with a hoist.")
    )
    fixed_time = models.BooleanField(
        _("fixed time"),
        default=False,
        help_text=_("Must start on time (e.g. medicine at 08:00): the leader is alerted 15 minutes after."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    decision_ref = models.CharField(
        _("visitation decision"),
        max_length=80,
        blank=True,
        db_index=True,
        help_text=_("The visitation decision that ordered this plan (empty for plans typed in by hand)."),
    )

    objects = TeamRowQuerySet.as_manager()
    conflict_message = _(
        "The visit plan was changed by someone else while you were editing. Your change is not saved. "
        "See both versions below."
    )

    class Meta:
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        ordering = ["window_start", "id"]
        indexes = [
            models.Index(fields=["citizen"], name="visitplan_citizen"),
            models.Index(fields=["team"], name="visitplan_team"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="visitplan_duration_positive"),
            models.CheckConstraint(condition=Q(interval_weeks__gte=1), name="visitplan_interval_positive"),
            models.CheckConstraint(
                condition=Q(window_end__gt=models.F("window_start")), name="visitplan_window"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="visitplan_period",
            ),
            models.CheckConstraint(
                condition=Q(recurrence="daily") | ~Q(weekdays=""), name="visitplan_weekdays"
            ),
            models.CheckConstraint(
                condition=Q(carers_needed__gte=1, carers_needed__lte=2), name="visitplan_carers_needed"
            ),
        ]

    def clean(self):
        super().clean()
        if self.fixed_time and self.window_start and self.window_end:
            minutes = (self.window_end.hour * 60 + self.window_end.minute) - (
                self.window_start.hour * 60 + self.window_start.minute
            )
            if minutes > FIXED_WINDOW_MINUTES:
                raise ValidationError(
                    {
                        "window_end": _("A fixed-time visit has a window of at most %(minutes)s minutes.")
                        % {"minutes": FIXED_WINDOW_MINUTES}
                    }
                )

    def __str__(self):
        return f"{self.title} ({self.citizen_id})"

    @property
    def task_list(self):
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]

    @property
    def weekdays_display(self):
        names = dict(WEEKDAYS)
        return ", ".join(str(names[d]) for d in self.weekdays if d in names)

    def weekday_set(self):
        return {int(d) for d in self.weekdays}

    def occurs_on(self, day):
        """Does the plan give a visit on `day`? Every-n-weeks counts weeks from the first day's week."""
        if day < self.starts_on or (self.ends_on and day > self.ends_on):
            return False
        if self.recurrence == Recurrence.DAILY:
            return True
        if day.weekday() not in self.weekday_set():
            return False
        if self.recurrence == Recurrence.EVERY_N_WEEKS and self.interval_weeks > 1:
            first_monday = self.starts_on.toordinal() - self.starts_on.weekday()
            weeks = (day.toordinal() - day.weekday() - first_monday) // 7
            return weeks % self.interval_weeks == 0
        return True


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    STARTED = "started", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    NOT_DELIVERED = "not_delivered", _("Not delivered")
    CANCELLED = "cancelled", _("Cancelled")


class PauseReason(models.TextChoices):
    """Why a visit is paused: the citizen is away from home (citizens.pathway.citizen_away)."""

    HOSPITAL = "hospital", _("Cancelled: admitted to hospital")
    TEMPORARY_BED = "temporary_bed", _("Cancelled: on a temporary bed")
    DECEASED = "deceased", _("Cancelled: deceased")


class AbsenceQuerySet(CitizenRowQuerySet):
    def in_force(self):
        """Absences that pause visits: not withdrawn by the sender and not lifted by a visitator."""
        return self.filter(withdrawn=False, lifted_at__isnull=True)


class Absence(models.Model):
    """A period the citizen is away from home (hospital, a bed at the Rehab- og Akutcenter) or has
    died. The citizen's planned visits from `starts_at` to the end of `ends_at`'s day are paused;
    visits resume the day after. One row per announced absence (its `reference`)."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="absences")
    reference = models.CharField(_("reference"), max_length=120, unique=True)
    reason = models.CharField(_("reason"), max_length=20, choices=PauseReason.choices)
    starts_at = models.DateTimeField(_("away from"))
    ends_at = models.DateTimeField(_("home again"), null=True, blank=True)
    withdrawn = models.BooleanField(_("withdrawn by the sender"), default=False)
    lifted_at = models.DateTimeField(_("pause lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["citizen", "starts_at"], name="absence_citizen_start")]

    def __str__(self):
        return f"{self.citizen_id} {self.reference}"

    @property
    def last_day(self):
        """The last paused day (Copenhagen time), or None while open-ended."""
        return timezone.localdate(self.ends_at) if self.ends_at else None

    def covers(self, starts_at, day):
        return starts_at >= self.starts_at and (self.ends_at is None or day <= self.last_day)


class NotDeliveredReason(models.TextChoices):
    NOT_HOME = "not_home", _("Citizen not at home")
    CANCELLED = "cancelled", _("Cancelled by the citizen")
    ADMITTED = "admitted", _("Admitted to hospital")
    OTHER = "other", _("Other")


class VisitQuerySet(TeamRowQuerySet):
    def of_carer(self, user):
        """The carer's visits, as the one carer or the second of two."""
        return self.filter(Q(assigned_to=user) | Q(second_carer=user))

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(
            status__in=[VisitStatus.NOT_DELIVERED, VisitStatus.CANCELLED]
        )


class Visit(models.Model):
    """One visit at a citizen's home, generated from a plan. Its state moves only forward:
    planned → started → delivered / not delivered, with the time and the user of each step."""

    plan = models.ForeignKey(VisitPlan, on_delete=models.PROTECT, related_name="visits")
    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="visits")
    team = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="visits")
    date = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("planned start"))
    ends_at = models.DateTimeField(_("planned end"))
    window_end = models.DateTimeField(_("latest start"))
    title = models.CharField(_("title"), max_length=100)
    tasks = models.TextField(_("tasks"), blank=True)
    tasks_done = models.JSONField(_("tasks done"), default=list, blank=True)
    tasks_not_done = models.JSONField(
        _("tasks not done"), default=dict, blank=True, help_text=_("Task number → why it was not done.")
    )
    delegated_task = models.CharField(
        _("required competence"), max_length=20, choices=DelegatedTask.choices, blank=True
    )
    clinic = models.ForeignKey(
        Clinic, verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("carer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    carers_needed = models.PositiveSmallIntegerField(_("carers needed"), default=1)
    fixed_time = models.BooleanField(_("fixed time"), default=False)
    second_carer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("second carer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="second_visits",
    )
    first_finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=NotDeliveredReason.choices, blank=True)
    reason_text = models.CharField(_("explanation"), max_length=300, blank=True)
    pause_reason = models.CharField(
        _("cancelled because"), max_length=20, choices=PauseReason.choices, blank=True
    )
    absence = models.ForeignKey(
        Absence, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    pause_overridden = models.BooleanField(_("kept despite an absence"), default=False)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "date"], name="visit_unique_plan_date"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="visit_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(second_carer__isnull=True) | ~Q(second_carer=models.F("assigned_to")),
                name="visit_two_different_carers",
            ),
            models.CheckConstraint(
                condition=Q(status="planned", started_at__isnull=True, finished_at__isnull=True)
                | Q(status="started", started_at__isnull=False, finished_at__isnull=True)
                | Q(status="delivered", started_at__isnull=False, finished_at__isnull=False)
                | Q(status="not_delivered", finished_at__isnull=False) & ~Q(reason="")
                | Q(status="cancelled", started_at__isnull=True, finished_at__isnull=True)
                & ~Q(pause_reason=""),
                name="visit_state_consistent",
            ),
        ]
        indexes = [
            models.Index(fields=["second_carer", "date"], name="visit_second_carer_day"),
            models.Index(fields=["team", "date", "starts_at"], name="visit_team_day"),
            models.Index(fields=["assigned_to", "date", "starts_at"], name="visit_carer_day"),
            models.Index(fields=["citizen", "date"], name="visit_citizen_day"),
        ]

    def __str__(self):
        return f"{self.title} {self.date} ({self.citizen_id})"

    @property
    def task_list(self):
        done = set(self.tasks_done or ())
        lines = [line.strip() for line in self.tasks.splitlines() if line.strip()]
        return [(i, line, i in done) for i, line in enumerate(lines)]

    @property
    def task_rows(self):
        """(index, task, done, why not done) of each task, for Min dag's card."""
        not_done = self.tasks_not_done or {}
        return [(i, line, done, not_done.get(str(i), "")) for i, line, done in self.task_list]

    def unresolved_tasks(self):
        """Tasks neither ticked nor marked 'not done' with a reason: a visit with any cannot be finished."""
        not_done = self.tasks_not_done or {}
        return [line for i, line, done in self.task_list if not done and not not_done.get(str(i))]

    @property
    def is_open(self):
        return self.status in (VisitStatus.PLANNED, VisitStatus.STARTED)

    def is_overdue(self, now=None):
        """Not started by the latest start of its window."""
        return self.status == VisitStatus.PLANNED and (now or timezone.now()) > self.window_end


class ChangeItem(models.TextChoices):
    """The change sheet (ændringsskema) of early detection."""

    TIRED = "tired", _("More tired than usual")
    EATS_LESS = "eats_less", _("Eats or drinks less")
    URINE = "urine", _("Changed urine")
    STOOL = "stool", _("Changed stool")
    SKIN = "skin", _("Skin changes, wounds or redness")
    MOBILITY = "mobility", _("Moves less or has fallen")
    MOOD = "mood", _("Changed mood or behaviour")
    CONFUSED = "confused", _("New confusion")
    PAIN = "pain", _("Pain")
    FEVER = "fever", _("Fever or feels hot")
    BREATHING = "breathing", _("Short of breath")
    SLEEP = "sleep", _("Sleeps badly or more")


# Changes that make the citizen unstable on their own: act today, nurse involved.
RED_FLAGS = {ChangeItem.FEVER, ChangeItem.BREATHING, ChangeItem.CONFUSED}
RED_AT_COUNT = 4


class TriageColour(models.TextChoices):
    RED = "red", _("Red")
    YELLOW = "yellow", _("Yellow")
    GREEN = "green", _("Green")


def suggest_colour(changes):
    """Tidlig opsporing: red if a red flag or many changes at once, yellow for any change, else green."""
    changes = set(changes)
    if changes & RED_FLAGS or len(changes) >= RED_AT_COUNT:
        return TriageColour.RED
    if changes:
        return TriageColour.YELLOW
    return TriageColour.GREEN


class Observation(AppendOnlyModel):
    """Changes a carer observed in a citizen (ændringsskema). Never changed; a new one is added."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="observations")
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="observations"
    )
    changes = models.JSONField(_("observed changes"), default=list)
    note = models.CharField(_("note"), max_length=500, blank=True)
    suggested_colour = models.CharField(_("suggested colour"), max_length=10, choices=TriageColour.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["citizen", "-recorded_at"], name="observation_citizen_time")]

    def __str__(self):
        return f"{self.citizen_id} {self.recorded_at:%Y-%m-%d %H:%M}"

    def change_labels(self):
        return [ChangeItem(c).label for c in self.changes if c in ChangeItem.values]


class TriageQuerySet(AppendOnlyQuerySet):
    def current(self):
        """The latest triage of each citizen."""
        newer = Triage.objects.filter(citizen_id=OuterRef("citizen_id")).filter(
            Q(set_at__gt=OuterRef("set_at")) | Q(set_at=OuterRef("set_at"), id__gt=OuterRef("id"))
        )
        return self.filter(~Exists(newer))


class Triage(AppendOnlyModel):
    """A citizen's triage colour: suggested from an observation, then set by a nurse with the agreed
    action. History is the sequence of rows; the current colour is the latest."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="triages")
    colour = models.CharField(_("colour"), max_length=10, choices=TriageColour.choices)
    action = models.CharField(_("agreed action"), max_length=500, blank=True)
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.PROTECT, related_name="triages"
    )
    confirmed = models.BooleanField(_("set by a nurse"), default=False)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = TriageQuerySet.as_manager()

    class Meta:
        verbose_name = _("triage")
        verbose_name_plural = _("triages")
        ordering = ["-set_at", "-id"]
        indexes = [models.Index(fields=["citizen", "-set_at", "-id"], name="triage_citizen_time")]

    def __str__(self):
        return f"{self.citizen_id}: {self.colour}"


class StartupMeeting(models.Model):
    """Opstartsmøde: a start-up meeting with a new citizen and relatives (Midt's trial)."""

    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="startup_meetings")
    team = models.ForeignKey(Unit, verbose_name=_("team"), on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(_("time of the meeting"))
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    attendees = models.CharField(_("who attended"), max_length=300, blank=True)
    goals = models.TextField(_("the citizen's own goals"), blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = TeamRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("start-up meeting")
        verbose_name_plural = _("start-up meetings")
        ordering = ["-scheduled_at", "-id"]
        indexes = [models.Index(fields=["team", "-scheduled_at"], name="startupmeeting_team")]

    def __str__(self):
        return f"{self.citizen_id} {self.scheduled_at:%Y-%m-%d}"


QUESTIONS = [
    ("q_seen", _("Felt seen, heard and understood")),
    ("q_coherent", _("A coherent and coordinated start")),
    ("q_own_resources", _("Help arranged so that what I can do myself is used")),
    ("q_overall", _("Overall experience")),
]


def _score(label):
    return models.PositiveSmallIntegerField(label)


class SurveyAnswer(models.Model):
    """The four 0–10 answers after a start-up meeting: measurement 0 is the baseline, 1, 2, ... later ones."""

    meeting = models.ForeignKey(StartupMeeting, on_delete=models.PROTECT, related_name="answers")
    measurement = models.PositiveSmallIntegerField(_("measurement"))
    q_seen = _score(QUESTIONS[0][1])
    q_coherent = _score(QUESTIONS[1][1])
    q_own_resources = _score(QUESTIONS[2][1])
    q_overall = _score(QUESTIONS[3][1])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["measurement"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "measurement"], name="surveyanswer_unique"),
            models.CheckConstraint(
                condition=Q(q_seen__lte=10, q_coherent__lte=10, q_own_resources__lte=10, q_overall__lte=10),
                name="surveyanswer_scale",
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id} #{self.measurement}"


class OutageListQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user):
        """Only the team's own: its members, and the leaders of the team or of a unit above it."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(team_id__in=outage_team_ids(user))


def outage_team_ids(user):
    """Teams whose outage lists `user` may read: teams they work in, and teams below a unit they lead."""
    ids = set()
    for unit_id, path, is_leader in Membership.objects.filter(user=user).values_list(
        "unit_id", "unit__path", "is_leader"
    ):
        ids.add(unit_id)
        if is_leader:
            ids |= set(Unit.objects.filter(path__startswith=path).values_list("pk", flat=True))
    return ids


class OutageList(AppendOnlyModel):
    """Nødliste: a team's visits for the next days as a PDF, made every night so the team can work from
    it when the system is down. Written once; tomorrow's is a new row."""

    team = models.ForeignKey(Unit, verbose_name=_("team"), on_delete=models.PROTECT, related_name="+")
    first_day = models.DateField(_("first day"))
    days = models.PositiveSmallIntegerField(_("days"))
    made_at = models.DateTimeField(_("made"), default=timezone.now)
    made_by = models.CharField(
        _("made by"), max_length=150, help_text=_("The night's job, or the leader's username.")
    )
    pdf = models.BinaryField(_("PDF"))
    citizen_ids = models.JSONField(_("citizens on the list"), default=list)
    visit_count = models.PositiveIntegerField(_("visits"))

    objects = OutageListQuerySet.as_manager()

    class Meta:
        verbose_name = _("outage list")
        verbose_name_plural = _("outage lists")
        ordering = ["-made_at", "-id"]
        get_latest_by = "made_at"
        constraints = [models.UniqueConstraint(fields=["team", "first_day"], name="outagelist_team_day")]

    def __str__(self):
        return f"{self.team_id} {self.first_day}"


from .acute import CallOut  # noqa: E402, F401  (models of their own file)
from .delegation import Delegation, DoctorOrder  # noqa: E402, F401  (models of their own file)
from .proposals import RouteProposal  # noqa: E402, F401
from .roster import Shift, ShiftAssignment, ShiftSwap, ShiftWish, StaffAbsence  # noqa: E402, F401
