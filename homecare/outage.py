"""Outage lists (nødlister): every night each team's visits for the next days as a PDF, so the team can
work from paper or a phone when the system is down in the morning. A morning check tells the team's
leader when a list was not made."""

import logging
from collections import defaultdict
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from carecore.models import Notification, Unit
from carecore.notifications import notify_many
from citizens.models import Relative

from .models import DelegatedTask, OutageList, Visit, VisitStatus
from .pauses import team_leaders

logger = logging.getLogger(__name__)

DAYS = 3
SHOWN = (VisitStatus.PLANNED, VisitStatus.STARTED)


def _window(today, days=DAYS):
    return today, today + timedelta(days=days - 1)


def team_visits(team_id, first, last):
    """The visits the list holds: planned ones of the days, with citizen, relatives and carer."""
    return list(
        Visit.objects.filter(team_id=team_id, date__range=(first, last), status__in=SHOWN)
        .select_related("citizen", "assigned_to")
        .prefetch_related(
            Prefetch("citizen__relatives", queryset=Relative.objects.order_by("-is_primary_contact"))
        )
        .order_by("date", "starts_at", "id")
    )


def medicine_lines(citizen_ids, first, last):
    """{citizen id: [current medicine line versions active in the period]} from the medication module,
    read through the app registry (modules never import each other); {} when it is not installed."""
    if not apps.is_installed("medication"):
        return {}
    MedicineLine = apps.get_model("medication", "MedicineLine")
    lines = defaultdict(list)
    rows = MedicineLine.objects.filter(citizen_id__in=citizen_ids, current__isnull=False).select_related(
        "current"
    )
    for line in rows.order_by("citizen_id", "current__drug"):
        version = line.current
        if version.starts_on <= last and (version.ends_on is None or version.ends_on >= first):
            lines[line.citizen_id].append(version)
    return lines


def render_pdf(team, first, last, visits, *, now):
    from weasyprint import HTML

    medicines = medicine_lines({v.citizen_id for v in visits}, first, last)
    days = defaultdict(list)
    for visit in visits:
        visit.medicines = (
            medicines.get(visit.citizen_id, []) if visit.delegated_task == DelegatedTask.MEDICINE else []
        )
        days[visit.date].append(visit)
    leaders = team_leaders({team.pk})
    User = apps.get_model(settings.AUTH_USER_MODEL)
    context = {
        "team": team,
        "first": first,
        "last": last,
        "days": sorted(days.items()),
        "made_at": timezone.localtime(now),
        "leaders": User.objects.filter(pk__in=leaders).select_related("staff").order_by("last_name"),
    }
    with override("da"):
        html = render_to_string("homecare/outage_pdf.html", context)
    return HTML(string=html).write_pdf()


NIGHT_JOB = "beat"


def make_outage_list(team, *, by=NIGHT_JOB, now=None, days=DAYS):
    """The team's list from today (local date of `now`); None when one is already made for that day.
    `by`: the night's job, or the username of the leader who made it by hand."""
    now = now or timezone.now()
    first, last = _window(timezone.localdate(now), days)
    if OutageList.objects.filter(team=team, first_day=first).exists():
        return None
    visits = team_visits(team.pk, first, last)
    pdf = render_pdf(team, first, last, visits, now=now)
    try:
        with transaction.atomic():
            return OutageList.objects.create(
                team=team,
                first_day=first,
                days=days,
                made_at=now,
                made_by=by,
                pdf=pdf,
                citizen_ids=sorted({v.citizen_id for v in visits}),
                visit_count=len(visits),
            )
    except IntegrityError:  # another run made it meanwhile
        return None


def teams_with_visits(first, last):
    team_ids = Visit.objects.filter(date__range=(first, last), status__in=SHOWN).values("team_id")
    return Unit.objects.filter(pk__in=team_ids).order_by("path")


def make_outage_lists(now=None):
    """Nightly: a list for every team with visits in the next days. One team's failure does not stop the
    others; the morning check reports the team whose list is missing. Returns the number made."""
    now = now or timezone.now()
    made = 0
    for team in teams_with_visits(*_window(timezone.localdate(now))):
        try:
            made += make_outage_list(team, now=now) is not None
        except Exception:
            logger.exception("Outage list for team %s failed", team.pk)
    return made


def missing_teams(today):
    """Teams with visits in the coming days but no outage list made for `today`."""
    made = OutageList.objects.filter(first_day=today).values("team_id")
    return list(teams_with_visits(*_window(today)).exclude(pk__in=made))


def check_outage_lists(now=None):
    """Morning: the leader of each team whose list was not made last night is told (once a day)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    notes = []
    with override(settings.LANGUAGE_CODE):
        for team in missing_teams(today):
            for user_id in team_leaders({team.pk}):
                notes.append(
                    Notification(
                        user_id=user_id,
                        key=f"homecare-outage-missing:{team.pk}:{today.isoformat()}",
                        title=_("No outage list was made last night for %(team)s") % {"team": team.name},
                        body=_("Make sure the team has a paper list if the system goes down."),
                        url=reverse("homecare:outage_lists"),
                    )
                )
    told = set(Notification.objects.filter(key__in={n.key for n in notes}).values_list("user_id", "key"))
    notes = [n for n in notes if (n.user_id, n.key) not in told]
    return notify_many(notes)
