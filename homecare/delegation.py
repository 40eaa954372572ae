"""Doctor's orders and delegation (§138 nursing): a nurse records an order from the citizen's doctor or
the hospital, and delegates a nursing task to a team or a named carer at a competence level, with the
instruction, valid until a review date. A visit with a delegated task is given only to a carer who holds a
valid delegation for it (see `check_delegation`, used by services.assign_visit)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from carecore.models import Unit, save_valid, scope_unit_ids
from carecore.roles import Role, role_names

from .models import DelegatedTask

REMIND_DAYS = 14


class DoctorOrder(models.Model):
    """Ordination/behandlingsplan: what, why, from whom, from/to, and how to observe."""

    citizen_field = "citizen"
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="doctor_orders")
    what = models.CharField(_lazy("what is ordered"), max_length=300)
    why = models.CharField(_lazy("why"), max_length=300)
    ordered_by = models.CharField(_lazy("ordered by"), max_length=120)
    valid_from = models.DateField(_lazy("from"))
    valid_to = models.DateField(_lazy("to"), null=True, blank=True)
    observation = models.TextField(_lazy("how to observe"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_lazy("recorded"), default=timezone.now)

    class Meta:
        app_label = "homecare"
        verbose_name = _lazy("doctor's order")
        verbose_name_plural = _lazy("doctor's orders")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="doctororder_period",
            )
        ]

    def __str__(self):
        return self.what


class Level(models.TextChoices):
    SSH = "ssh", _lazy("SSH or above")
    SSA = "ssa", _lazy("SSA")


LEVEL_ROLES = {Level.SSH: {Role.SSH.value, Role.SSA.value}, Level.SSA: {Role.SSA.value}}


class DelegationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(team_id__in=scope_unit_ids(user))

    def in_force(self, day):
        return self.filter(withdrawn_at__isnull=True, valid_from__lte=day, valid_until__gte=day)

    def expiring(self, today, days=REMIND_DAYS):
        return self.filter(
            withdrawn_at__isnull=True, valid_until__gte=today, valid_until__lte=today + timedelta(days=days)
        )


class Delegation(models.Model):
    """A nursing task delegated by a nurse to a team (carer empty) or a named carer of it."""

    team = models.ForeignKey(Unit, verbose_name=_lazy("team"), on_delete=models.PROTECT, related_name="+")
    carer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_lazy("carer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    task = models.CharField(_lazy("delegated task"), max_length=20, choices=DelegatedTask.choices)
    level = models.CharField(_lazy("competence level"), max_length=5, choices=Level.choices)
    order = models.ForeignKey(
        DoctorOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="delegations"
    )
    instruction = models.TextField(_lazy("instruction"))
    valid_from = models.DateField(_lazy("valid from"))
    valid_until = models.DateField(_lazy("review date"))
    delegated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    delegated_at = models.DateTimeField(_lazy("delegated"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_lazy("withdrawn"), null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        app_label = "homecare"
        verbose_name = _lazy("delegation")
        verbose_name_plural = _lazy("delegations")
        ordering = ["valid_until", "id"]
        indexes = [models.Index(fields=["team", "task", "valid_until"], name="delegation_team_task")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="delegation_period"
            )
        ]

    def __str__(self):
        return f"{self.get_task_display()} → {self.carer or self.team}"


def _roles_of(carer_ids):
    """{user_id: set of role names} in one query."""
    from django.contrib.auth import get_user_model

    through = get_user_model().groups.through
    roles = {}
    for user_id, name in through.objects.filter(user_id__in=carer_ids).values_list("user_id", "group__name"):
        roles.setdefault(user_id, set()).add(name)
    return roles


def held_tasks(team_id, carers, day):
    """{carer_id: the delegated tasks the carer may be given in the team on `day`}: a nurse holds every
    task; others what a delegation in force for the team gives them, by name or to the whole team, at a
    level their role meets. Two queries, whatever the number of carers (the planner's rule)."""
    ids = [c.pk for c in carers]
    roles = _roles_of(ids)
    held = {pk: set() for pk in ids}
    for pk in ids:
        if Role.NURSE.value in roles.get(pk, ()):
            held[pk] = set(DelegatedTask.values)
    for d in Delegation.objects.filter(team_id=team_id).in_force(day).only("carer_id", "task", "level"):
        for pk in [d.carer_id] if d.carer_id else ids:
            if pk in held and roles.get(pk, set()) & LEVEL_ROLES[d.level]:
                held[pk].add(d.task)
    return held


def check_delegation(visit, carer):
    """Raise (with the reason) unless `carer` may be given `visit`'s delegated task on its day: a nurse
    always may; otherwise only with a delegation in force for the visit's team and task, to the carer by
    name or to the whole team, at a level the carer's role meets. The delegation catalogue decides
    alone: the older competence checkboxes (StaffCompetence) no longer give a task."""
    task, day = visit.delegated_task, visit.date
    roles = role_names(carer)
    if not task or Role.NURSE.value in roles:
        return True
    name = carer.get_full_name() or carer.username
    label = DelegatedTask(task).label
    mine = Delegation.objects.filter(team_id=visit.team_id, task=task, withdrawn_at__isnull=True).filter(
        Q(carer=carer) | Q(carer__isnull=True)
    )
    in_force = list(mine.in_force(day))
    if any(roles & LEVEL_ROLES[d.level] for d in in_force):
        return True
    expired = mine.filter(valid_until__lt=day).order_by("-valid_until").first()
    if in_force:
        reason = _("%(name)s does not meet the competence level of the delegation for '%(task)s'.") % {
            "name": name,
            "task": label,
        }
    elif expired is not None:
        reason = _("%(name)s's delegation for '%(task)s' expired on %(date)s.") % {
            "name": name,
            "task": label,
            "date": expired.valid_until.strftime("%d.%m.%Y"),
        }
    else:
        reason = _("%(name)s holds no valid delegation for '%(task)s'.") % {"name": name, "task": label}
    raise ValidationError({"carer": reason})


@transaction.atomic
def delegate(*, team, task, level, instruction, valid_from, valid_until, by, carer=None, order=None):
    """A nurse delegates a task; only nurses delegate, and a review date before the start is refused."""
    if Role.NURSE.value not in role_names(by):
        raise ValidationError(_("Only a nurse can delegate a nursing task."))
    if valid_until < valid_from:
        raise ValidationError({"valid_until": _("The review date lies before the start.")})
    delegation = Delegation(
        team=team,
        carer=carer,
        task=task,
        level=level,
        order=order,
        instruction=instruction,
        valid_from=valid_from,
        valid_until=valid_until,
        delegated_by=by,
    )
    return save_valid(delegation)


@transaction.atomic
def record_order(citizen, *, by, what, why, ordered_by, valid_from, valid_to=None, observation=""):
    if valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end lies before the start.")})
    order = DoctorOrder(
        citizen=citizen,
        what=what,
        why=why,
        ordered_by=ordered_by,
        valid_from=valid_from,
        valid_to=valid_to,
        observation=observation,
        recorded_by=by,
    )
    return save_valid(order)


def remind_expiring(today=None):
    """Tell the delegating nurse, once per delegation, when its review date is 14 days or less away
    (the key makes a second run write nothing). Returns the number of reminders written."""
    from django.urls import reverse

    from carecore.models import Notification
    from carecore.notifications import notify_many

    today = today or timezone.localdate()
    notes = [
        Notification(
            user_id=d.delegated_by_id,
            key=f"homecare:delegation-review:{d.pk}:{d.valid_until.isoformat()}",
            title=_("Delegation to review by %(date)s: %(task)s, %(who)s")
            % {
                "date": d.valid_until.strftime("%d.%m.%Y"),
                "task": d.get_task_display(),
                "who": (d.carer.get_full_name() or d.carer.username) if d.carer else d.team.name,
            },
            url=reverse("homecare:delegations"),
        )
        for d in Delegation.objects.expiring(today).select_related("team", "carer")
    ]
    before = Notification.objects.count()
    notify_many(notes)
    return Notification.objects.count() - before
