"""The shared core: the organisation tree, staff and their memberships, the inbox."""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import JobTitle


class AppendOnlyError(PermissionError):
    """An append-only row was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    """No bulk change or removal of append-only rows: corrections are new rows."""

    def _refuse(self):
        raise AppendOnlyError(f"{self.model._meta.label} rows are written once, never changed or deleted.")

    def update(self, **kwargs):
        self._refuse()

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse()

    def delete(self):
        self._refuse()

    def _retention_delete(self, cutoff):
        """Delete the rows recorded before `cutoff`. Only for the retention job (carecore.retention), which
        runs it inside `carecore.dbguards.retention_window(cutoff)`: elsewhere PostgreSQL refuses it."""
        field = recorded_at_field(self.model)
        return models.QuerySet.delete(self.filter(**{f"{field}__lt": cutoff}))


class AppendOnlyModel(models.Model):
    """Base of the records that are never edited or deleted (access log, journal, assessments, stay,
    severity and case events): a row is inserted once; a change is a new row. Subclasses that need
    their own QuerySet derive it from AppendOnlyQuerySet. `append_only_models()` lists them all, for
    the database-level guard (a PostgreSQL trigger per table) to iterate."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows are written once, never changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} rows are never deleted.")


def append_only_models():
    """Every installed model built on AppendOnlyModel."""
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, AppendOnlyModel)]


def save_valid(row):
    """Save a row the way a ModelForm would: validated first (full_clean), so a service refuses what the
    model's own rules refuse. Answers the row."""
    row.full_clean()
    row.save()
    return row


# Tables of installed packages whose Meta does not say when a row was recorded.
RECORDED_AT = {"axes.AccessLog": "attempt_time", "axes.AccessFailureLog": "attempt_time"}


def recorded_at_field(model):
    """The name of the time a row of a log or history table was recorded: `Meta.get_latest_by`, else the
    first field of `Meta.ordering` (e.g. "-at" → "at"). Retention and the database guard read it."""
    name = RECORDED_AT.get(model._meta.label) or model._meta.get_latest_by or model._meta.ordering or [""]
    name = (name if isinstance(name, str) else name[0]).lstrip("-")
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if not isinstance(field, models.DateTimeField):
        raise ImproperlyConfigured(
            f"{model._meta.label}: set Meta.get_latest_by (or order by) the time its rows were recorded."
        )
    return name


class RetentionRun(AppendOnlyModel):
    """One pass of the retention job (carecore.retention) over one table: when, which table, the cutoff,
    how many rows it deleted and who ran it. The only deletion of log rows, and itself never deleted."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    table = models.CharField(_("table"), max_length=100)
    cutoff = models.DateTimeField(_("deleted rows recorded before"))
    deleted = models.PositiveIntegerField(_("rows deleted"))
    by = models.CharField(_("run by"), max_length=150)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.table} {self.at:%Y-%m-%d %H:%M}: {self.deleted}"


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    DIVISION = "division", _("Division")
    AREA = "area", _("Area")
    TEAM = "team", _("Team")
    UNIT = "unit", _("Unit")


class UnitQuerySet(models.QuerySet):
    def ancestors_of(self, unit, include_self=True):
        ids = [int(p) for p in unit.path.strip("/").split("/") if p]
        if not include_self:
            ids = ids[:-1]
        return self.filter(pk__in=ids)


class Unit(models.Model):
    """A node of the organisation: department, division, area, team or unit (e.g. a nursing-home unit).

    `path` is the materialised chain of ids ("/1/4/9/") so "this unit and everything below it" is
    one indexed prefix match.
    """

    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    covers = models.ManyToManyField(
        "self",
        verbose_name=_("also serves citizens of"),
        symmetrical=False,
        blank=True,
        related_name="covered_by",
        help_text=_(
            "Staff of this unit may also see the citizens of these units (e.g. home nursing covers the home-care areas)."
        ),
    )
    is_private_provider = models.BooleanField(_("private provider"), default=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        path = f"{parent_path}{self.pk}/"
        if path != self.path:
            old = self.path
            self.path = path
            Unit.objects.filter(pk=self.pk).update(path=path)
            if old:
                for child in Unit.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.path = path + child.path[len(old) :]
                    Unit.objects.filter(pk=child.pk).update(path=child.path)

    def area(self):
        """The nearest enclosing unit of kind area (itself if it is one)."""
        for unit in Unit.objects.ancestors_of(self).order_by("-path"):
            if unit.kind == UnitKind.AREA:
                return unit
        return None


class StaffProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    job_title = models.CharField(_("job title"), max_length=40, choices=JobTitle.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    initials = models.CharField(_("initials"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.get_job_title_display()})"


class Membership(models.Model):
    """A user works in a unit; `is_leader` makes them that unit's leader. Scope follows membership."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    is_leader = models.BooleanField(_("leader of the unit"), default=False)
    since = models.DateField(_("since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="membership_unique_user_unit")]
        indexes = [models.Index(fields=["unit", "is_leader"])]

    def __str__(self):
        return f"{self.user} @ {self.unit}"


class ExternalIdentity(models.Model):
    """A staff user known to the municipality's identity provider: the login is linked by the provider's
    issuer and subject, never by a user name a local account might share (carecore.oidc)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identity"
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)

    class Meta:
        verbose_name = _("identity at the identity provider")
        verbose_name_plural = _("identities at the identity provider")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="externalidentity_unique_subject")
        ]

    def __str__(self):
        return f"{self.user} ({self.issuer})"


def scope_unit_ids(user):
    """Ids of the units whose citizens, cases and trainees `user` may see: the units they belong to,
    the units those cover, and everything below them. One query, memoised on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_scope_unit_ids", None)
    if cached is not None:
        return cached
    unit = Unit._meta.db_table
    membership = Membership._meta.db_table
    covers = Unit.covers.through._meta.db_table
    sql = f"""
        SELECT DISTINCT u.id FROM {unit} u
        JOIN {unit} r ON u.path LIKE r.path || '%%'
        WHERE r.id IN (
            SELECT m.unit_id FROM {membership} m WHERE m.user_id = %s
            UNION
            SELECT c.to_unit_id FROM {covers} c JOIN {membership} m ON m.unit_id = c.from_unit_id
            WHERE m.user_id = %s
        )
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk])
        ids = frozenset(row[0] for row in cursor.fetchall())
    user._scope_unit_ids = ids
    return ids


def unit_names(user):
    """The names of the units `user` works in, sorted: what the access log records as the unit of a look
    at the time it happened. One query, memoised on the user object (carecore.authz caches it)."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, "_unit_names", None)
    if cached is None:
        cached = tuple(
            Membership.objects.filter(user=user).order_by("unit__name").values_list("unit__name", flat=True)
        )
        user._unit_names = cached
    return cached


def leaders_by_unit():
    """For every unit, the leaders responsible for it: its own, or else the nearest ancestor's."""
    own = {}
    for m in Membership.objects.filter(is_leader=True).values("unit_id", "user_id"):
        own.setdefault(m["unit_id"], set()).add(m["user_id"])
    result = {}
    for unit_id, path in Unit.objects.values_list("id", "path"):
        chain = [int(p) for p in path.strip("/").split("/") if p]
        for ancestor in reversed(chain):
            if ancestor in own:
                result[unit_id] = own[ancestor]
                break
    return result


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message in a user's inbox. `key` makes a job's notice idempotent: the same key is written once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_user_key")]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notification_inbox")]

    def __str__(self):
        return self.title


class OutboxMessage(models.Model):
    """Work for Celery, written in the transaction of the action that asked for it and handed to the broker
    after commit by carecore.outbox.relay: nothing is lost when the broker is down, nothing sent for a
    rolled-back action. `key` makes enqueueing idempotent."""

    key = models.CharField(max_length=200, unique=True)
    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(fields=["id"], name="outbox_pending", condition=models.Q(dispatched_at__isnull=True))
        ]

    def __str__(self):
        return f"{self.task_name} {self.key}"


class RateLimitHit(models.Model):
    """One counted request for a rate limit, used when the cache that normally counts is unreachable."""

    group = models.CharField(max_length=100)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["group", "key", "at"], name="ratelimit_window")]

    def __str__(self):
        return f"{self.group} {self.at:%Y-%m-%d %H:%M}"


class ScheduledRun(models.Model):
    """When each beat entry last ran; carecore.beat.DatabaseScheduler reads it on start, so a run missed
    while beat (or the broker) was down is made up once when it is back."""

    name = models.CharField(max_length=200, unique=True)
    last_run_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} {self.last_run_at:%Y-%m-%d %H:%M}"
