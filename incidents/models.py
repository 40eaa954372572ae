"""Patient-safety incidents (UTH): reports, case handling, analyses, aggregate reporting, DPSD reports
and use-of-force reports. Reports are never deleted; every change of severity and state is a new row."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from carecore.models import AppendOnlyModel, Unit, scope_unit_ids
from carecore.roles import Role, has_role
from carecore.versioning import Versioned

HANDLE_PERM = "handle_incident"


class Severity(models.TextChoices):
    NONE = "none", _("No harm")
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")
    FATAL = "fatal", _("Fatal")


SEVERE = {Severity.SEVERE, Severity.FATAL}
LIGHT = {Severity.NONE, Severity.MILD}


class DpsdCategory(models.TextChoices):
    NONE = "none", _("No consequence / minor")
    RISK = "risk", _("Serious patient-safety risk")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")
    FATAL = "fatal", _("Fatal")


def dpsd_category(actual, possible):
    """DPSD's combined category, derived from the actual and the possible consequence; never typed."""
    if actual == Severity.FATAL:
        return DpsdCategory.FATAL
    if actual == Severity.SEVERE:
        return DpsdCategory.SEVERE
    if actual == Severity.MODERATE:
        return DpsdCategory.MODERATE
    if possible in SEVERE:
        return DpsdCategory.RISK
    return DpsdCategory.NONE


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", pgettext_lazy("incident status", "In progress")
    CLOSED = "closed", pgettext_lazy("incident status", "Closed")
    REJECTED = "rejected", _("Rejected")


OPEN = (Status.RECEIVED, Status.IN_PROGRESS)


class RejectReason(models.TextChoices):
    INSUFFICIENT = "insufficient", _("Insufficient information")
    WORK_ENVIRONMENT = "work_environment", _("A work-environment matter, not patient safety")
    OTHER = "other", _("Other")
    TEST = "test", _("Test case")
    DUPLICATE = "duplicate", _("Duplicate")


class Kind(models.TextChoices):
    UTH = "uth", _("Patient-safety incident")
    FORCE = "force", _("Use of force")


class Source(models.TextChoices):
    STAFF = "staff", _("Employee")
    PUBLIC = "public", _("Citizen or relative")


class ForceGroup(models.TextChoices):
    SENIOR = "senior", _("Senior and health")
    HANDICAP_HERE = "handicap_here", _("Handicap, citizens of the municipality")
    HANDICAP_ELSEWHERE = "handicap_elsewhere", _("Handicap, citizens living elsewhere")


# The default entries' names (the data migration's), in the catalogue so that English users read English;
# a name an administrator has changed or added is shown as it is written.
DEFAULT_LABELS = {
    "medicinering": ("Medicinering", pgettext_lazy("incident type", "Medication")),
    "fald": ("Fald", pgettext_lazy("incident type", "Fall")),
    "behandling-pleje": ("Behandling og pleje", pgettext_lazy("incident type", "Treatment and care")),
    "kommunikation-dokumentation": (
        "Kommunikation og dokumentation",
        pgettext_lazy("incident type", "Communication and documentation"),
    ),
    "sektorovergange": ("Sektorovergange", pgettext_lazy("incident type", "Transitions between sectors")),
    "infektion": ("Infektion", pgettext_lazy("incident type", "Infection")),
    "medicinsk-udstyr": (
        "Medicinsk udstyr og hjælpemidler",
        pgettext_lazy("incident type", "Medical devices and aids"),
    ),
    "selvskade": ("Selvskade", pgettext_lazy("incident type", "Self-harm")),
    "andet": ("Andet", pgettext_lazy("incident type", "Other")),
    "medicinadministration": (
        "Medicinadministration (inkl. medicin ikke givet)",
        pgettext_lazy("incident type", "Administering medicine (incl. medicine not given)"),
    ),
    "medicindispensering": ("Medicindispensering", pgettext_lazy("incident type", "Dispensing medicine")),
}


def entry_label(code, name):
    """The name in the user's language: a default entry's translated name, else the name as written."""
    default, translated = DEFAULT_LABELS.get(code, (None, None))
    return str(translated) if default == name else name


class ForceParagraph(models.TextChoices):
    """Serviceloven's rules on use of force towards adults (voksenbestemmelserne, §§124–137)."""

    P125 = "125", _("§ 125: alarm or tracking system")
    P126 = "126", _("§ 126: holding or leading to another room (acute)")
    P126A = "126a", _("§ 126 a: holding during personal hygiene")
    P127 = "127", _("§ 127: keeping back in the home")
    P128 = "128", _("§ 128: body belt or other protective aid")
    P128A = "128a", _("§ 128 a: special door openers")
    P129 = "129", _("§ 129: placement in a special residence without consent")


class ForceMeasure(models.TextChoices):
    HOLDING = "holding", _("Holding")
    LEADING = "leading", _("Leading to another room")
    HYGIENE = "hygiene", _("Holding during personal hygiene")
    KEEPING_BACK = "keeping_back", _("Keeping back in the home")
    ALARM = "alarm", _("Alarm or tracking system")
    BELT = "belt", _("Body belt or other protective aid")
    DOOR = "door", _("Special door opener")
    PLACEMENT = "placement", _("Placement without consent")
    OTHER = "other", _("Other")


class CodeListEntry(models.Model):
    """An entry of a code list an administrator edits: its code, name, place in the list and whether
    it is offered."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return entry_label(self.code, self.name)


class IncidentType(CodeListEntry):
    """DPSD main group (Fald, Medicinering, ...). Data, editable by an administrator."""

    class Meta(CodeListEntry.Meta):
        verbose_name = _("incident type")
        verbose_name_plural = _("incident types")


class ShortFormType(CodeListEntry):
    """A type allowed on the short form of samlerapportering (national rule: four types by default)."""

    class Meta(CodeListEntry.Meta):
        verbose_name = _("short-form type")
        verbose_name_plural = _("short-form types")


class HandlerGroupQuerySet(models.QuerySet):
    def for_unit(self, unit, kind=Kind.UTH):
        """The group of the nearest enclosing unit that has one (routing rule)."""
        if kind == Kind.FORCE:
            return self.filter(handles_force=True).first()
        ids = [int(p) for p in unit.path.strip("/").split("/") if p]
        return (
            self.filter(root_unit_id__in=ids, handles_force=False)
            .select_related("root_unit")
            .order_by("-root_unit__path")
            .first()
        )


class HandlerGroup(models.Model):
    """The case handlers of one reporting area; incidents in the root unit's subtree are routed here."""

    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    root_unit = models.ForeignKey(Unit, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("case handlers"), blank=True, related_name="uth_groups"
    )
    handles_force = models.BooleanField(_("handles use-of-force reports"), default=False)

    objects = HandlerGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("case-handler group")
        verbose_name_plural = _("case-handler groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Which cases a user may handle: the risk manager all; a handler the group's cases and those
        handed to them. Reporters see their own only through `reported_by` (see `mine`)."""
        if not user.is_authenticated:
            return self.none()
        if has_role(user, Role.RISK_MANAGER):
            return self
        if not has_role(user, Role.UTH_HANDLER):
            return self.none()
        groups = HandlerGroup.members.through.objects.filter(user_id=user.pk).values("handlergroup_id")
        granted = IncidentUserObjectPermission.objects.filter(
            user_id=user.pk, permission__codename=HANDLE_PERM
        ).values("content_object_id")
        return self.filter(Q(handler_group_id__in=groups) | Q(pk__in=granted))

    def in_area_of(self, user):
        """For dashboards: the risk manager all, a leader the incidents of units in their scope."""
        if has_role(user, Role.RISK_MANAGER):
            return self
        return self.filter(unit_id__in=scope_unit_ids(user))

    def open(self):
        return self.filter(status__in=OPEN)


class Incident(Versioned):
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UTH)
    source = models.CharField(_("reported by"), max_length=10, choices=Source.choices, default=Source.STAFF)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    occurred_at = models.DateTimeField(_("when did it happen"))
    unit = models.ForeignKey(Unit, verbose_name=_("where"), on_delete=models.PROTECT, related_name="+")
    citizen_field = "citizen"  # whose record this is (carecore.access)
    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name=_("citizen involved"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    type = models.ForeignKey(
        IncidentType,
        verbose_name=_("type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("what happened"), max_length=4000)
    immediate_action = models.TextField(_("what was done at once"), max_length=2000, blank=True)
    prevention = models.TextField(_("proposal to prevent it"), max_length=2000, blank=True)
    # The reporter's view is kept as reported; the current (verified) values may change, with history.
    reported_actual = models.CharField(_("consequence (reported)"), max_length=10, choices=Severity.choices)
    reported_possible = models.CharField(
        _("possible consequence (reported)"), max_length=10, choices=Severity.choices
    )
    actual_severity = models.CharField(_("consequence"), max_length=10, choices=Severity.choices)
    possible_severity = models.CharField(_("possible consequence"), max_length=10, choices=Severity.choices)
    severity_verified = models.BooleanField(_("severity verified"), default=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="uth_reports"
    )
    contact_name = models.CharField(_("your name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("your email"), blank=True)
    contact_phone = models.CharField(_("your phone"), max_length=30, blank=True)
    handler_group = models.ForeignKey(
        HandlerGroup,
        verbose_name=_("case-handler group"),
        null=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uth_cases",
    )
    causes = models.TextField(_("causes"), max_length=4000, blank=True)
    feedback = models.TextField(_("feedback to the reporter"), max_length=4000, blank=True)
    feedback_at = models.DateTimeField(_("feedback given"), null=True, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=20, choices=RejectReason.choices, blank=True)
    analysis_wanted = models.BooleanField(_("incident analysis wanted"), default=False)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    receipt_code = models.CharField(
        _("receipt code"),
        max_length=20,
        blank=True,
        default="",
        editable=False,
        help_text=_("Given to a citizen or relative who reports on the public form, to follow the report."),
    )
    touched_at = models.DateTimeField(_("last handled"), default=timezone.now)
    closed_at = models.DateTimeField(pgettext_lazy("incident", "closed"), null=True, blank=True)
    # Use of force (magtanvendelse) only.
    force_group = models.CharField(_("group"), max_length=20, choices=ForceGroup.choices, blank=True)
    force_paragraph = models.CharField(
        _("legal paragraph"), max_length=10, choices=ForceParagraph.choices, blank=True
    )
    force_measure = models.CharField(
        _("kind of measure"), max_length=120, choices=ForceMeasure.choices, blank=True
    )
    force_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    force_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    force_performed_by = models.CharField(_("who carried it out"), max_length=200, blank=True)
    force_assessment = models.TextField(_("the leader's assessment"), max_length=2000, blank=True)

    objects = IncidentQuerySet.as_manager()
    conflict_message = _(
        "The case was changed by someone else while you were editing. Your change is not saved. "
        "See both versions below."
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-created_at", "-id"]
        permissions = [(HANDLE_PERM, _("Can handle the incident as its case handler"))]
        indexes = [
            models.Index(fields=["handler_group", "status", "-created_at"], name="incident_group_status"),
            models.Index(fields=["reported_by", "-created_at"], name="incident_reporter"),
            models.Index(fields=["status", "touched_at"], name="incident_status_touched"),
            models.Index(fields=["kind", "status", "closed_at"], name="incident_kind_closed"),
            models.Index(fields=["unit", "created_at"], name="incident_unit_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="rejected") | Q(reject_reason=""),
                name="incident_reason_only_when_rejected",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["closed", "rejected"]) | Q(closed_at__isnull=False),
                name="incident_finished_has_closed_at",
            ),
            models.UniqueConstraint(
                fields=["receipt_code"], condition=~Q(receipt_code=""), name="incident_receipt_code_unique"
            ),
        ]

    def __str__(self):
        return f"UTH-{self.pk}"

    def delete(self, *args, **kwargs):
        raise PermissionError("Incident reports are never deleted.")

    @property
    def number(self):
        return f"{'MAG' if self.kind == Kind.FORCE else 'UTH'}-{self.pk}"

    @property
    def dpsd_category(self):
        return dpsd_category(self.actual_severity, self.possible_severity)

    def get_dpsd_category_display(self):
        return DpsdCategory(self.dpsd_category).label

    @property
    def is_open(self):
        return self.status in OPEN

    @property
    def needs_analysis(self):
        return self.kind == Kind.UTH and (self.actual_severity in SEVERE or self.analysis_wanted)


class IncidentUserObjectPermission(UserObjectPermissionBase):
    """Case assignment: the handler who has the case holds `handle_incident` on it."""

    content_object = models.ForeignKey(Incident, on_delete=models.CASCADE)


class IncidentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Incident, on_delete=models.CASCADE)


class SeverityChange(AppendOnlyModel):
    """Every verification or correction of a severity: who, when, from, to, why. Never changed."""

    class Field(models.TextChoices):
        ACTUAL = "actual", _("Consequence")
        POSSIBLE = "possible", _("Possible consequence")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="severity_changes")
    field = models.CharField(_("field"), max_length=10, choices=Field.choices)
    from_value = models.CharField(_("from"), max_length=10, choices=Severity.choices)
    to_value = models.CharField(_("to"), max_length=10, choices=Severity.choices)
    reason = models.CharField(_("why"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("severity change")
        verbose_name_plural = _("severity changes")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.incident_id} {self.field}: {self.from_value} -> {self.to_value}"


class CaseEvent(AppendOnlyModel):
    """The case log: received, taken, handed over, state changes, with the reason. Never changed."""

    class What(models.TextChoices):
        REPORTED = "reported", _("Reported")
        ROUTED = "routed", _("Routed to group")
        TAKEN = "taken", _("Taken")
        HANDED = "handed", _("Handed over")
        CLASSIFIED = "classified", _("Classified")
        SEVERITY = "severity", _("Severity assessed")
        CLOSED = "closed", pgettext_lazy("incident status", "Closed")
        REJECTED = "rejected", _("Rejected")
        NOTE = "note", _("Note")
        APPROVED = "approved", _("Anonymised text approved")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="events")
    what = models.CharField(_("event"), max_length=12, choices=What.choices)
    text = models.CharField(_("text"), max_length=1000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["incident", "at"], name="caseevent_incident_at")]

    def __str__(self):
        return f"{self.incident_id} {self.what}"


class Action(models.Model):
    """An action agreed in the case: who does what by when."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="actions")
    what = models.CharField(_("what"), max_length=500)
    responsible = models.CharField(_("who"), max_length=120)
    due = models.DateField(_("by when"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["done_at", "due"], name="action_open_due")]

    def __str__(self):
        return self.what

    @property
    def is_overdue(self):
        return self.done_at is None and self.due < timezone.localdate()


class Analysis(Versioned):
    """Hændelsesanalyse: required for severe and fatal incidents before the case is closed. Every saved
    text is kept as an AnalysisRevision; this row is the current one."""

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="analysis")
    timeline = models.TextField(_("timeline"), max_length=6000)
    causes = models.TextField(_("causes"), max_length=4000)
    contributing_factors = models.TextField(_("contributing factors"), max_length=4000, blank=True)
    actions = models.TextField(_("actions"), max_length=4000)
    learning_points = models.TextField(_("learning points"), max_length=4000)
    completed = models.BooleanField(_("analysis completed"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    conflict_message = _(
        "The analysis was changed by someone else while you were editing. Your change is not saved. "
        "See both versions below."
    )

    class Meta:
        verbose_name = _("incident analysis")
        verbose_name_plural = _("incident analyses")

    def __str__(self):
        return f"Analysis {self.incident_id}"


ANALYSIS_TEXTS = ["timeline", "causes", "contributing_factors", "actions", "learning_points"]


class AnalysisRevision(AppendOnlyModel):
    """One saved version of an incident analysis, as it was saved: no analysis text is ever lost."""

    analysis = models.ForeignKey(Analysis, on_delete=models.PROTECT, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    timeline = models.TextField(_("timeline"))
    causes = models.TextField(_("causes"))
    contributing_factors = models.TextField(_("contributing factors"), blank=True)
    actions = models.TextField(_("actions"))
    learning_points = models.TextField(_("learning points"))
    completed = models.BooleanField(_("analysis completed"), default=False)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("saved version of an incident analysis")
        verbose_name_plural = _("saved versions of incident analyses")
        ordering = ["-saved_at", "-id"]
        indexes = [models.Index(fields=["analysis", "-saved_at"], name="analysisrevision_analysis")]

    def __str__(self):
        return f"Analysis {self.analysis_id} v{self.version}"


class Draft(models.Model):
    """A half-written report kept on the server (htmx autosave), one per user and form."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    form = models.CharField(max_length=20, default="uth")
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "form"], name="draft_unique_user_form")]

    def __str__(self):
        return f"Draft {self.user_id} {self.form}"


class ShortForm(models.Model):
    """Samlerapportering: a frequent event with no or mild harm, on a one-line form. No citizen name."""

    occurred_on = models.DateField(_("date"))
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    type = models.ForeignKey(
        ShortFormType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    severity = models.CharField(_("consequence"), max_length=10, choices=Severity.choices)
    description = models.CharField(_("one-line description"), max_length=200)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("short form")
        verbose_name_plural = _("short forms")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["occurred_on", "unit"], name="shortform_date_unit")]
        constraints = [
            models.CheckConstraint(condition=Q(severity__in=["none", "mild"]), name="shortform_only_light")
        ]

    def __str__(self):
        return f"{self.occurred_on} {self.description}"


class MonthDiscussion(models.Model):
    """The unit leader's mark that the month's short forms were discussed in the staff group."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    actions = models.TextField(_("actions agreed"), max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="monthdiscussion_unique")]

    def __str__(self):
        return f"{self.unit_id} {self.month:%Y-%m}"


class ExportApproval(models.Model):
    """The case handler's approval of the anonymised texts that go to DPSD (the handler anonymises):
    what was approved, from which case texts, by whom and when. A new row for every approval."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="export_approvals")
    texts = models.JSONField(_("approved texts"))
    source_digest = models.CharField(max_length=64)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("approved"), default=timezone.now)

    class Meta:
        verbose_name = _("approved anonymised text")
        verbose_name_plural = _("approved anonymised texts")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["incident", "-at"], name="exportapproval_incident_at")]

    def __str__(self):
        return f"{self.incident_id} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionError("An approval is never changed; approve again instead.")
        super().save(*args, **kwargs)


class DpsdReport(models.Model):
    """The monthly report to DPSD, anonymised. Rebuilding replaces the draft; once a version is marked
    as sent it is frozen, and rebuilding the month makes the next version."""

    month = models.DateField(_("month"))
    version = models.PositiveIntegerField(_("version"), default=1)
    data = models.JSONField(default=dict)
    built_at = models.DateTimeField(_("built"), default=timezone.now)
    builds = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("DPSD report")
        verbose_name_plural = _("DPSD reports")
        ordering = ["-month", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["month", "version"], name="dpsdreport_unique_month_version")
        ]

    def __str__(self):
        return f"DPSD {self.month:%Y-%m} v{self.version}"


class DpsdRun(models.Model):
    """Log of every build of a month's report (the job or a person re-running an old month)."""

    report = models.ForeignKey(DpsdReport, on_delete=models.PROTECT, related_name="runs")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    incidents = models.PositiveIntegerField(default=0)
    short_forms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.report_id} {self.at:%Y-%m-%d %H:%M}"
