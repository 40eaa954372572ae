"""Demo medication: medicine lists from the FMK stand-in for home-care citizens who get medicine visits
(reconciled by a nurse two weeks ago), and the doses of their past delivered medicine visits given or,
now and then, not given with a reason. Through the services a user's action goes through; generated
people only. Deterministic and idempotent."""

import random
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from carecore.roles import Role
from citizens.models import Citizen

from . import fmk, services
from .models import HowGiven, MedicineLine, NotGivenReason, Outcome

SEED = 1313
LIST_CITIZENS = 150
GIVING_CITIZENS = 40
PAST_DAYS = 14
NOT_GIVEN_SHARE = 0.06
POURING_CITIZENS = 20


def _seed_pourings(citizen_ids, nurse, now):
    """The nurse poured this fortnight's poured medicines for some citizens three days ago; another nurse
    of Sygeplejen checked every other pouring."""
    User = get_user_model()
    checker = (
        User.objects.filter(groups__name=Role.NURSE.value, memberships__unit__code="sygeplejen")
        .exclude(pk=nurse.pk)
        .order_by("username")
        .first()
    )
    today = timezone.localdate(now)
    lines = {}
    for line in (
        MedicineLine.objects.filter(citizen_id__in=citizen_ids).select_related("current").order_by("id")
    ):
        if line.current.how_given == HowGiven.POURED and line.current.active_on(today):
            lines.setdefault(line.citizen_id, []).append(line)
    made = 0
    for n, citizen in enumerate(Citizen.objects.filter(pk__in=lines).order_by("pk")):
        poured_at = now - timedelta(days=3)
        pouring = services.record_pouring(
            citizen,
            by=nurse,
            starts_on=today - timedelta(days=2),
            ends_on=today + timedelta(days=11),
            lines=lines[citizen.pk],
            now=poured_at,
        )
        if checker is not None and n % 2 == 0:
            services.check_pouring(pouring, by=checker, now=poured_at + timedelta(hours=2))
        made += 1
    return made


@transaction.atomic
def seed(out=None, **options):
    def say(text):
        if out:
            out.write(text)

    if MedicineLine.objects.exists() or not apps.is_installed("homecare"):
        say("Medication: medicine lists already there\n")
        return
    User = get_user_model()
    nurse = User.objects.filter(username="sygeplejerske").first()
    if nurse is None:
        say("Medication: demo users missing; run the core seeder first\n")
        return
    rng = random.Random(SEED)
    now = timezone.now()
    Visit = apps.get_model(
        "homecare", "Visit"
    )  # read through the app registry; modules never import each other
    citizen_ids = list(
        Visit.objects.filter(delegated_task="medicine")
        .values_list("citizen_id", flat=True)
        .distinct()
        .order_by("citizen_id")[:LIST_CITIZENS]
    )
    reconciled_at = now - timedelta(days=PAST_DAYS + 1)
    for citizen in Citizen.objects.filter(pk__in=citizen_ids).order_by("pk"):
        fmk.reconcile(citizen, by=nurse, now=reconciled_at)
    pourings = _seed_pourings(citizen_ids[:POURING_CITIZENS], nurse, now)
    given = not_given = 0
    since = timezone.localdate(now) - timedelta(days=PAST_DAYS)
    visits = (
        Visit.objects.filter(
            citizen_id__in=citizen_ids[:GIVING_CITIZENS],
            delegated_task="medicine",
            status="delivered",
            date__gte=since,
            finished_at__lte=now,
        )
        .select_related("team", "finished_by")
        .order_by("starts_at", "id")
    )
    for visit in visits:
        start, end = services.visit_window(visit.starts_at, visit.window_end, visit.ends_at)
        for version, due in services.due_doses(visit.citizen_id, start, end):
            missed = rng.random() < NOT_GIVEN_SHARE
            services.record_administration(
                version.line,
                due_at=due,
                outcome=Outcome.NOT_GIVEN if missed else Outcome.GIVEN,
                reason=rng.choice(NotGivenReason.values) if missed else "",
                by=visit.finished_by or nurse,
                unit=visit.team,
                visit_ref=visit.pk,
                now=min(visit.finished_at, now),
            )
            not_given += missed
            given += not missed
    say(
        f"Medication: {len(citizen_ids)} medicine lists from FMK, {pourings} pourings, {given} doses given, "
        f"{not_given} not given\n"
    )


def min_side(citizen, *, today, out=None):
    """Min side's demo citizen (citizens.portal.seed_demo) has a medicine list, reconciled with the FMK
    stand-in by the nurse, like the home-care citizens with medicine visits."""
    nurse = get_user_model().objects.filter(username="sygeplejerske").first()
    if nurse is None or MedicineLine.objects.filter(citizen=citizen).exists():
        return
    fmk.reconcile(citizen, by=nurse, now=timezone.now() - timedelta(days=PAST_DAYS + 1))
    if out:
        out.write("Medication: a medicine list for Min side's demo citizen\n")
