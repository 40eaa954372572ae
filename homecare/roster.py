"""The team's roster (vagtplan): shifts with times, who works which shift on which day, staff absence
(sick, holiday, course), shift wishes and swaps a leader approves. Planning uses it: a visit goes only to
a carer on shift and not absent at the visit's time (`check_on_shift`, called from services.assign_visit).

Staff absence (StaffAbsence) is a carer away from work; a citizen away from home is models.Absence."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from carecore.models import Unit, save_valid, scope_unit_ids
from carecore.roles import Role, role_names


class TeamScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(team_id__in=scope_unit_ids(user))


class ShiftKind(models.TextChoices):
    DAY = "day", _lazy("Day")
    EVENING = "evening", _lazy("Evening")
    NIGHT = "night", _lazy("Night")


class Shift(models.Model):
    """One of a team's shifts with its times; a shift ending at or before its start runs past midnight."""

    team = models.ForeignKey(Unit, verbose_name=_lazy("team"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_lazy("shift"), max_length=10, choices=ShiftKind.choices)
    starts = models.TimeField(_lazy("from"))
    ends = models.TimeField(_lazy("to"))

    objects = TeamScopedQuerySet.as_manager()

    class Meta:
        app_label = "homecare"
        verbose_name = _lazy("shift")
        verbose_name_plural = _lazy("shifts")
        ordering = ["team", "starts"]
        constraints = [
            models.UniqueConstraint(fields=["team", "kind"], name="shift_unique_team_kind"),
            models.CheckConstraint(condition=~Q(starts=models.F("ends")), name="shift_has_length"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def period(self, day):
        """The shift's aware start and end on `day` (the end the next day for a night shift)."""
        from .services import local_datetime

        end_day = day + timedelta(days=1) if self.ends <= self.starts else day
        return local_datetime(day, self.starts), local_datetime(end_day, self.ends)


class ShiftAssignmentQuerySet(TeamScopedQuerySet):
    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class ShiftAssignment(models.Model):
    """A person works a shift on a day. On PostgreSQL an exclusion constraint (migration 0010) makes
    two overlapping shifts of one person impossible; `assign_shift` checks the same on SQLite."""

    shift = models.ForeignKey(Shift, verbose_name=_lazy("shift"), on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_lazy("employee"),
        on_delete=models.PROTECT,
        related_name="shifts",
    )
    date = models.DateField(_lazy("date"))
    starts_at = models.DateTimeField(_lazy("starts"))
    ends_at = models.DateTimeField(_lazy("ends"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ShiftAssignmentQuerySet.as_manager()

    class Meta:
        app_label = "homecare"
        verbose_name = _lazy("shift assignment")
        verbose_name_plural = _lazy("shift assignments")
        ordering = ["date", "starts_at", "id"]
        indexes = [
            models.Index(fields=["team", "date"], name="shiftassignment_team_day"),
            models.Index(fields=["user", "starts_at"], name="shiftassignment_user_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shiftassignment_period"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.date} {self.shift}"


class StaffAbsenceKind(models.TextChoices):
    SICK = "sick", _lazy("Sick")
    HOLIDAY = "holiday", _lazy("Holiday")
    COURSE = "course", _lazy("Course")


class StaffAbsenceQuerySet(TeamScopedQuerySet):
    def on(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class StaffAbsence(models.Model):
    """An employee away from work from the first to the last day (both included): entered by the
    leader, or by the carer as a sick call."""

    team = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_lazy("employee"),
        on_delete=models.PROTECT,
        related_name="staff_absences",
    )
    kind = models.CharField(_lazy("absence"), max_length=10, choices=StaffAbsenceKind.choices)
    starts_on = models.DateField(_lazy("first day"))
    ends_on = models.DateField(_lazy("last day"))
    note = models.CharField(_lazy("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_lazy("recorded"), default=timezone.now)

    objects = StaffAbsenceQuerySet.as_manager()

    class Meta:
        app_label = "homecare"
        verbose_name = _lazy("staff absence")
        verbose_name_plural = _lazy("staff absences")
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["user", "starts_on"], name="staffabsence_user_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="staffabsence_period"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.get_kind_display()} {self.starts_on}–{self.ends_on}"


class ShiftWish(models.Model):
    """An employee's wish to work, or not to work, a shift on a day (the Vest trial's influence on own hours)."""

    team = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_wishes")
    date = models.DateField(_lazy("date"))
    kind = models.CharField(_lazy("shift"), max_length=10, choices=ShiftKind.choices)
    wants = models.BooleanField(_lazy("wants the shift"), default=True)
    note = models.CharField(_lazy("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_lazy("created"), default=timezone.now)

    objects = TeamScopedQuerySet.as_manager()

    class Meta:
        app_label = "homecare"
        verbose_name = _lazy("shift wish")
        verbose_name_plural = _lazy("shift wishes")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date", "kind"], name="shiftwish_unique_user_day_kind")
        ]

    def __str__(self):
        return f"{self.user} {self.date} {self.kind}"


class SwapStatus(models.TextChoices):
    PROPOSED = "proposed", _lazy("Awaiting the leader")
    APPROVED = "approved", _lazy("Approved")
    REJECTED = "rejected", _lazy("Rejected")


class ShiftSwap(models.Model):
    """A proposal that a colleague takes over one of the proposer's shifts; the leader approves or rejects."""

    team = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(
        ShiftAssignment, verbose_name=_lazy("shift"), on_delete=models.CASCADE, related_name="swaps"
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_lazy("colleague"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_lazy("proposed"), default=timezone.now)
    status = models.CharField(
        _lazy("status"), max_length=10, choices=SwapStatus.choices, default=SwapStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_lazy("decided"), null=True, blank=True)

    objects = TeamScopedQuerySet.as_manager()

    class Meta:
        app_label = "homecare"
        verbose_name = _lazy("shift swap")
        verbose_name_plural = _lazy("shift swaps")
        ordering = ["-proposed_at", "-id"]

    def __str__(self):
        return f"{self.assignment} → {self.colleague}"


# --- Services ---------------------------------------------------------------------------------
def _name(user):
    return user.get_full_name() or user.username


def _overlap_error(user, clash):
    return ValidationError(
        {
            "user": _("%(name)s already works %(shift)s on %(date)s.")
            % {
                "name": _name(user),
                "shift": clash.shift.get_kind_display().lower(),
                "date": f"{clash.date:%d.%m.%Y}",
            }
        }
    )


@transaction.atomic
def save_shift(*, team, kind, starts, ends):
    """Create a team's shift or change its times (future assignments keep the times they were given)."""
    if starts == ends:
        raise ValidationError({"ends": _("A shift must end at another time than it starts.")})
    shift, _created = Shift.objects.update_or_create(
        team=team, kind=kind, defaults={"starts": starts, "ends": ends}
    )
    return shift


def _assignment(shift, user, day, by):
    starts_at, ends_at = shift.period(day)
    return ShiftAssignment(
        shift=shift,
        team_id=shift.team_id,
        user=user,
        date=day,
        starts_at=starts_at,
        ends_at=ends_at,
        assigned_by=by,
    )


@transaction.atomic
def assign_shift(shift, user, day, *, by):
    """Roster `user` on `shift` on `day`. One person never has two overlapping shifts: the person's row
    is locked so two leaders rostering at once are serialised, and PostgreSQL refuses it regardless."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    starts_at, ends_at = shift.period(day)
    clash = (
        ShiftAssignment.objects.filter(user=user)
        .overlapping(starts_at, ends_at)
        .select_related("shift")
        .first()
    )
    if clash is not None:
        raise _overlap_error(user, clash)
    assignment = _assignment(shift, user, day, by)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        if "shiftassignment_no_overlap" in str(exc):
            raise _overlap_error(user, assignment) from exc
        raise
    return assignment


@transaction.atomic
def assign_shifts(rows, *, by):
    """Roster many at once: `rows` is [(shift, user, day)]. The same rule as `assign_shift` (never two
    overlapping shifts for one person, the people's rows locked), checked in memory against each other
    and against the rows already there (one query), then saved with one bulk insert. Seeding a roster
    of 14 days for a team of 60 is then a handful of queries instead of thousands."""
    if not rows:
        return []
    users = {user.pk: user for _shift, user, _day in rows}
    list(get_user_model().objects.select_for_update().filter(pk__in=users).values_list("pk", flat=True))
    new = [_assignment(shift, user, day, by) for shift, user, day in rows]
    first = min(a.starts_at for a in new)
    last = max(a.ends_at for a in new)
    periods = defaultdict(list)
    for a in (
        ShiftAssignment.objects.filter(user_id__in=users).overlapping(first, last).select_related("shift")
    ):
        periods[a.user_id].append(a)
    for a in sorted(new, key=lambda a: (a.user_id, a.starts_at)):
        clash = next(
            (b for b in periods[a.user_id] if b.starts_at < a.ends_at and b.ends_at > a.starts_at), None
        )
        if clash is not None:
            raise _overlap_error(users[a.user_id], clash)
        periods[a.user_id].append(a)
    # The people's rows are locked and checked above; PostgreSQL's exclusion constraint still stands.
    return ShiftAssignment.objects.bulk_create(new, batch_size=1000)


@transaction.atomic
def record_staff_absence(*, team, user, kind, starts_on, ends_on, by, note=""):
    """Record an employee's absence. A carer may only report themselves sick; the leader records any
    absence. Their planned visits in the period lose their carer and go back to planning (returns how
    many)."""
    from .models import Visit, VisitStatus

    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The absence cannot end before it starts.")})
    if Role.LEADER.value not in role_names(by) and (user.pk != by.pk or kind != StaffAbsenceKind.SICK):
        raise ValidationError(_("Only the leader records holidays, courses and other people's absence."))
    absence = StaffAbsence(
        team=team,
        user=user,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip(),
        recorded_by=by,
    )
    save_valid(absence)
    period = Q(date__gte=starts_on, date__lte=ends_on, status=VisitStatus.PLANNED)
    freed = Visit.objects.filter(period, assigned_to=user).update(assigned_to=None)
    freed += Visit.objects.filter(period, second_carer=user).update(second_carer=None)
    return absence, freed


@transaction.atomic
def wish_shift(*, team, user, day, kind, wants, note=""):
    wish, _created = ShiftWish.objects.update_or_create(
        user=user, date=day, kind=kind, defaults={"team": team, "wants": wants, "note": note.strip()}
    )
    return wish


@transaction.atomic
def propose_swap(assignment, colleague, *, by):
    """The proposer offers one of their own future shifts to a colleague of the team."""
    if assignment.user_id != by.pk:
        raise ValidationError({"assignment": _("You can only offer your own shifts.")})
    if assignment.starts_at <= timezone.now():
        raise ValidationError({"assignment": _("The shift has already begun.")})
    if colleague.pk == by.pk:
        raise ValidationError({"colleague": _("Choose a colleague other than yourself.")})
    if assignment.swaps.filter(status=SwapStatus.PROPOSED).exists():
        raise ValidationError({"assignment": _("This shift is already offered to a colleague.")})
    return ShiftSwap.objects.create(
        team_id=assignment.team_id, assignment=assignment, colleague=colleague, proposed_by=by
    )


@transaction.atomic
def decide_swap(swap, *, approve, by):
    """The leader approves (the colleague takes the shift, if it does not overlap theirs) or rejects."""
    swap = ShiftSwap.objects.select_for_update().select_related("assignment", "colleague").get(pk=swap.pk)
    if swap.status != SwapStatus.PROPOSED:
        raise ValidationError(_("The swap has already been decided."))
    if approve:
        assignment = swap.assignment
        get_user_model().objects.select_for_update().filter(pk=swap.colleague_id).first()
        clash = (
            ShiftAssignment.objects.filter(user=swap.colleague)
            .overlapping(assignment.starts_at, assignment.ends_at)
            .select_related("shift")
            .first()
        )
        if clash is not None:
            raise _overlap_error(swap.colleague, clash)
        if StaffAbsence.objects.filter(user=swap.colleague).on(assignment.date).exists():
            raise ValidationError(_("%(name)s is absent that day.") % {"name": _name(swap.colleague)})
        assignment.user = swap.colleague
        assignment.save(update_fields=["user"])
    swap.status = SwapStatus.APPROVED if approve else SwapStatus.REJECTED
    swap.decided_by, swap.decided_at = by, timezone.now()
    swap.save(update_fields=["status", "decided_by", "decided_at"])
    return swap


# --- Planning uses the roster -------------------------------------------------------------------
class DayRoster:
    """Who is at work on a team's day: shift periods per person minus the absent. A team that has
    rostered nobody that day does not plan by shifts yet (`rostered` False): then only absence counts."""

    def __init__(self, team, day, user_ids=None):
        shifts = ShiftAssignment.objects.filter(
            Q(team=team) | Q(user_id__in=user_ids or ()), date__in=[day - timedelta(days=1), day]
        )
        self.rostered = any(a.team_id == team.pk and a.date == day for a in shifts)
        absent = StaffAbsence.objects.on(day)
        self.absent = dict(
            (
                absent.filter(user_id__in=user_ids) if user_ids is not None else absent.filter(team=team)
            ).values_list("user_id", "kind")
        )
        self.periods = defaultdict(list)
        for a in shifts:
            self.periods[a.user_id].append((a.starts_at, a.ends_at))

    def at_work(self, user_id, starts_at, ends_at):
        if user_id in self.absent:
            return False
        if not self.rostered:
            return True
        return any(s <= starts_at and ends_at <= e for s, e in self.periods[user_id])

    def on_shift_label(self, user_id, starts_at, ends_at):
        if user_id in self.absent:
            return StaffAbsenceKind(self.absent[user_id]).label
        return "" if self.at_work(user_id, starts_at, ends_at) else _("not on shift")


def check_on_shift(visit, carer):
    """Refuse (with the reason) a carer who is absent on the visit's day or, where the team plans by
    shifts that day, has no shift covering the visit (nurses are not on the home-care team's roster)."""
    name = _name(carer)
    absence = StaffAbsence.objects.filter(user=carer).on(visit.date).first()
    nurse = Role.NURSE.value in role_names(carer)  # the nurses' own roster is not the team's
    if absence is not None:
        raise ValidationError(
            {
                "carer": _("%(name)s is absent (%(kind)s) on %(date)s.")
                % {"name": name, "kind": absence.get_kind_display().lower(), "date": f"{visit.date:%d.%m.%Y}"}
            }
        )
    if nurse:
        return
    rostered = ShiftAssignment.objects.filter(team_id=visit.team_id, date=visit.date).exists()
    if (
        rostered
        and not ShiftAssignment.objects.filter(
            user=carer, starts_at__lte=visit.starts_at, ends_at__gte=visit.ends_at
        ).exists()
    ):
        raise ValidationError(
            {
                "carer": _("%(name)s is not on shift %(start)s–%(end)s.")
                % {
                    "name": name,
                    "start": timezone.localtime(visit.starts_at).strftime("%H:%M"),
                    "end": timezone.localtime(visit.ends_at).strftime("%H:%M"),
                }
            }
        )


def week_of(day):
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


def week_roster(team, days, users):
    """{user_id: {day: [assignment or absence]}} for the roster page, in three queries."""
    first, last = days[0], days[-1]
    ids = [u.pk for u in users]
    cells = {u.pk: {d: [] for d in days} for u in users}
    for a in ShiftAssignment.objects.filter(user_id__in=ids, date__gte=first, date__lte=last).select_related(
        "shift"
    ):
        cells[a.user_id][a.date].append(a)
    for absence in StaffAbsence.objects.filter(user_id__in=ids, starts_on__lte=last, ends_on__gte=first):
        for d in days:
            if absence.starts_on <= d <= absence.ends_on:
                cells[absence.user_id][d].append(absence)
    return cells
