"""Min side's part of `manage.py seed_demo`: `borger.demo`, a citizen with visits in the coming week
(and, when one has it, a past stay), and `paaroerende.demo`, a relative holding a power of attorney for
that citizen. Matched by CPR, as every Min side login is. The modules then add their demo rows for that
citizen (`citizens.portal.seed_demo`: e.g. an incident report sent while logged in). Idempotent."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from carecore.demo import DEMO_PASSWORD, SEED, demo_faker, fake_cpr, person_name
from citizens import portal
from citizens.models import Citizen, Relative

from .models import CitizenAccount, PowerOfAttorney, Scope

CITIZEN, RELATIVE = "borger.demo", "paaroerende.demo"


def _has_items(citizen, key, today):
    return any(s.key == key and s.items for s in portal.sections(citizen, today=today))


def pick_citizen(today):
    """The first citizen with visits in the coming week and a stay behind them, else with visits only."""
    with_visits = list(
        Citizen.objects.filter(visits__date__gte=today, visits__date__lt=today + timedelta(days=7))
        .distinct()
        .order_by("pk")[:60]
    )
    for citizen in with_visits:
        if _has_items(citizen, "stays", today):
            return citizen
    return with_visits[0] if with_visits else Citizen.objects.order_by("pk").first()


def _user(username, first, last):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _free_cpr(rng):
    while True:
        cpr = fake_cpr(rng, date(1965, 1, 1) + timedelta(days=rng.randint(0, 7000)), rng.random() < 0.5)
        if (
            not Citizen.objects.filter(cpr=cpr).exists()
            and not CitizenAccount.objects.filter(cpr=cpr).exists()
        ):
            return cpr


def seed(out=None, **options):
    if CitizenAccount.objects.filter(user__username=CITIZEN).exists():
        if out:
            out.write("Min side: already seeded\n")
        return
    today = timezone.localdate()
    citizen = pick_citizen(today)
    if citizen is None:
        return
    rng = random.Random(SEED + 14)
    with transaction.atomic():
        user = _user(CITIZEN, citizen.first_name, citizen.last_name)
        CitizenAccount.objects.create(user=user, cpr=citizen.cpr)
        relative = Relative.objects.filter(citizen=citizen).order_by("pk").first()
        if relative is not None:
            first, _sep, last = relative.name.rpartition(" ")
        else:
            first, last = person_name(demo_faker())
        relative_user = _user(RELATIVE, first or last, last)
        cpr = _free_cpr(rng)
        CitizenAccount.objects.create(user=relative_user, cpr=cpr)
        PowerOfAttorney.objects.create(
            citizen=citizen,
            grantee_cpr=cpr,
            grantee_name=f"{first} {last}".strip(),
            scope=Scope.ALL,
            starts_on=today - timedelta(days=30),
            ends_on=today + timedelta(days=365),
            registered_by=get_user_model().objects.get(username="visitator"),
        )
        portal.seed_demo(citizen, today=today, out=out)
    if out:
        out.write(f"Min side: {CITIZEN} and {RELATIVE} (power of attorney), password '{DEMO_PASSWORD}'\n")
