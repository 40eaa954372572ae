"""Pauses: while a citizen is away from home (admitted to hospital, on a bed at the Rehab- og
Akutcenter) or has died, their planned visits of those days are cancelled ("aflyst"), the team is told,
and the visits come back from the day after the citizen is home. A visitator can override."""

from datetime import datetime, time

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from carecore.models import Membership, Unit
from carecore.notifications import notify

from .models import Absence, PauseReason, Visit, VisitStatus


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _inside(absence):
    """The visits the absence covers: from its start to the end of its last day."""
    q = Q(citizen_id=absence.citizen_id, starts_at__gte=absence.starts_at)
    if absence.ends_at is not None:
        q &= Q(date__lte=absence.last_day)
    return q


def team_leaders(team_ids):
    """Leaders of the teams and of the units above them (area leaders lead their teams)."""
    unit_ids = set()
    for path in Unit.objects.filter(pk__in=team_ids).values_list("path", flat=True):
        unit_ids |= {int(p) for p in path.strip("/").split("/") if p}
    by_team = {}
    rows = Membership.objects.filter(unit_id__in=unit_ids, is_leader=True).values_list("unit_id", "user_id")
    leaders_of_unit = {}
    for unit_id, user_id in rows:
        leaders_of_unit.setdefault(unit_id, set()).add(user_id)
    for team_id, path in Unit.objects.filter(pk__in=team_ids).values_list("pk", "path"):
        ids = [int(p) for p in path.strip("/").split("/") if p]
        # the nearest unit with a leader: the team's own, else its area's, and so on upwards
        for unit_id in reversed(ids):
            if leaders_of_unit.get(unit_id):
                by_team[team_id] = leaders_of_unit[unit_id]
                break
    return set().union(*by_team.values()) if by_team else set()


def _notify(absence, visits, *, kind):
    """The team's leader and the carers of the changed visits get a row in their inbox."""
    if not visits:
        return
    citizen = absence.citizen
    users = team_leaders({v.team_id for v in visits}) | {v.assigned_to_id for v in visits if v.assigned_to_id}
    first, last = min(v.date for v in visits), max(v.date for v in visits)
    stamp = f"{absence.starts_at:%Y%m%d%H%M}-{absence.last_day or 'open'}-{absence.withdrawn}"
    with override("da"):
        if kind == "paused":
            title = _("Visits cancelled: %(name)s") % {"name": citizen.full_name}
            body = _("%(reason)s. %(count)s visits from %(first)s to %(last)s are cancelled.") % {
                "reason": PauseReason(absence.reason).label,
                "count": len(visits),
                "first": first.strftime("%d.%m.%Y"),
                "last": last.strftime("%d.%m.%Y"),
            }
        else:
            title = _("Visits resume: %(name)s") % {"name": citizen.full_name}
            body = _("%(count)s visits from %(first)s are planned again.") % {
                "count": len(visits),
                "first": first.strftime("%d.%m.%Y"),
            }
    url = reverse("homecare:citizen_plans", args=[citizen.pk])
    notify(users, key=f"homecare-pause:{absence.pk}:{kind}:{stamp}", title=title, body=body, url=url)


def apply_absence(absence, *, now=None):
    """Bring the citizen's future visits in line with the absence: planned visits inside it are
    cancelled, visits it cancelled that now lie outside it (or all of them, when the absence was
    withdrawn or lifted) are planned again. Started and finished visits are never touched."""
    now = now or timezone.now()
    in_force = not absence.withdrawn and absence.lifted_at is None
    paused = []
    if in_force:
        paused = list(
            Visit.objects.select_for_update()
            .filter(_inside(absence), status=VisitStatus.PLANNED, pause_overridden=False)
            .order_by("starts_at")
        )
        for v in paused:
            v.status, v.pause_reason, v.absence = VisitStatus.CANCELLED, absence.reason, absence
        Visit.objects.bulk_update(paused, ["status", "pause_reason", "absence"])
    resumed = Visit.objects.select_for_update().filter(
        absence=absence, status=VisitStatus.CANCELLED, starts_at__gt=now
    )
    if in_force:
        resumed = resumed.exclude(_inside(absence))
    resumed = list(resumed.order_by("starts_at"))
    for v in resumed:
        v.status, v.pause_reason, v.absence = VisitStatus.PLANNED, "", None
    Visit.objects.bulk_update(resumed, ["status", "pause_reason", "absence"])
    _notify(absence, paused, kind="paused")
    _notify(absence, resumed, kind="resumed")
    return len(paused), len(resumed)


@transaction.atomic
def citizen_away(*, citizen, start, end, reason, reference, **kwargs):
    """Receiver of citizens.pathway.citizen_away: a new absence, or a changed period of a known one."""
    absence, _created = Absence.objects.select_for_update().get_or_create(
        reference=reference,
        defaults={"citizen": citizen, "reason": reason, "starts_at": start, "ends_at": end},
    )
    absence.citizen_id, absence.reason, absence.starts_at, absence.ends_at = citizen.pk, reason, start, end
    absence.withdrawn = False
    absence.changed_at = timezone.now()
    absence.save()
    return apply_absence(absence)


@transaction.atomic
def citizen_home(*, citizen, end, reference, cancelled=False, **kwargs):
    """Receiver of citizens.pathway.citizen_home: visits come back from the day after `end`.
    `cancelled` (the sender withdrew the absence, e.g. a cancelled admission) brings them all back."""
    absence = Absence.objects.select_for_update().filter(reference=reference).first()
    if absence is None:
        return 0, 0
    if cancelled:
        absence.withdrawn = True
    else:
        absence.ends_at = max(end, absence.starts_at)
    absence.changed_at = timezone.now()
    absence.save()
    return apply_absence(absence)


@transaction.atomic
def citizen_deceased(*, citizen, at, reference, cancelled=False, **kwargs):
    """Receiver of citizens.pathway.citizen_deceased: every visit from the time of death is cancelled
    (a cancelled death notice brings them back)."""
    if cancelled:
        return citizen_home(citizen=citizen, end=at, reference=f"deceased:{reference}", cancelled=True)
    return citizen_away(
        citizen=citizen, start=at, end=None, reason=PauseReason.DECEASED, reference=f"deceased:{reference}"
    )


@transaction.atomic
def unpause_visit(visit, *, by):
    """A visitator keeps one visit although the citizen is away (e.g. on leave from hospital)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != VisitStatus.CANCELLED or visit.starts_at <= timezone.now():
        return False
    visit.status, visit.pause_reason, visit.absence, visit.pause_overridden = (
        VisitStatus.PLANNED,
        "",
        None,
        True,
    )
    visit.save(update_fields=["status", "pause_reason", "absence", "pause_overridden"])
    return True


@transaction.atomic
def lift_pause(absence, *, by):
    """A visitator lifts the whole pause: every future visit it cancelled is planned again, and the
    absence pauses nothing more even if the sender changes its period later."""
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    if absence.lifted_at is None:
        absence.lifted_at, absence.lifted_by = timezone.now(), by
        absence.save(update_fields=["lifted_at", "lifted_by"])
    return apply_absence(absence)


def absences_by_citizen(citizen_ids, first_day):
    """{citizen_id: [absence]} of the absences in force that reach `first_day` or later."""
    result = {}
    for a in Absence.objects.in_force().filter(
        Q(ends_at__isnull=True) | Q(ends_at__gte=_day_start(first_day)), citizen_id__in=citizen_ids
    ):
        result.setdefault(a.citizen_id, []).append(a)
    return result
