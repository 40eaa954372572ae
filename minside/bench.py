"""`make bench` hooks: a citizen whose record has been looked at 10,000 times, logged in to Min side, and
the who-has-looked pages to load (first page and a deep one: paged without COUNT, ADR 4)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from carecore.demo import DEMO_PASSWORD
from carecore.models import Membership
from citizens.models import AccessLog, AccessPart, Citizen

from .identity import SESSION_KEY
from .models import CitizenAccount

USERNAME = "borger.bench"
LOOKS = 10_000
PARTS = [AccessPart.OVERVIEW, AccessPart.JOURNAL, AccessPart.FUNCTIONAL_ABILITY, AccessPart.MY_DAY]


def _citizen(citizen_ids):
    taken = CitizenAccount.objects.values("cpr")
    return Citizen.objects.filter(pk__in=citizen_ids).exclude(cpr__in=taken).order_by("pk").first()


def populate(citizen_ids, rng, looks=LOOKS):
    """The citizen's account and `looks` looks by staff of the units serving them, over two years."""
    if CitizenAccount.objects.filter(user__username=USERNAME).exists():
        return {"looks": 0}
    citizen = _citizen(citizen_ids)
    if citizen is None:
        return {"looks": 0}
    user, _created = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"first_name": citizen.first_name, "last_name": citizen.last_name}
    )
    user.password = make_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    CitizenAccount.objects.create(user=user, cpr=citizen.cpr)
    staff = list(
        Membership.objects.filter(unit__in=citizen.units.all())
        .select_related("user", "unit")
        .order_by("pk")[:30]
    ) or list(Membership.objects.select_related("user", "unit").order_by("pk")[:30])
    now = timezone.now()
    rows = []
    for _ in range(looks):
        member = rng.choice(staff)
        rows.append(
            AccessLog(
                at=now - timedelta(minutes=rng.randint(1, 2 * 365 * 24 * 60)),
                user=member.user,
                username=member.user.username,
                citizen=citizen,
                part=rng.choice(PARTS),
                purpose="Social- og sundhedshjælper",
                unit_name=member.unit.name,
            )
        )
    AccessLog.objects.bulk_create(rows, batch_size=2000)
    return {"looks": looks}


def session_data(user):
    """A bench session of the Min side citizen is a citizen session, as a login would mark it."""
    return {SESSION_KEY: CitizenAccount.objects.filter(user=user).exists()}


def pages():
    return [
        ("Min side: hvem har kigget (10.000 opslag)", "/min-side/adgange/", USERNAME),
        ("Min side: hvem har kigget, side 150", "/min-side/adgange/?side=150", USERNAME),
        ("Min side: egen pleje", "/min-side/", USERNAME),
    ]
