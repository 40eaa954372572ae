"""`make bench` hooks: referrals of a generated municipality in bulk, and the referral pages to load."""

from datetime import timedelta

from django.utils import timezone

from carecore.models import Membership, Unit, UnitKind
from citizens.models import Citizen, CitizenUnit

from .demo import ensure_receivers
from .models import Event, Receiver, Referral, Status

PER_CITIZEN = 0.05  # about one referral per 20 citizens a year, kept for two years


def populate(citizen_ids, rng):
    ensure_receivers()
    if Referral.objects.exists():
        return
    receivers = list(Receiver.objects.values_list("unit_id", flat=True))
    home = dict(
        CitizenUnit.objects.filter(citizen_id__in=citizen_ids, unit__kind=UnitKind.TEAM).values_list(
            "citizen_id", "unit_id"
        )
    )
    staff = {}
    for unit_id, user_id in Membership.objects.filter(unit__kind=UnitKind.TEAM).values_list(
        "unit_id", "user_id"
    ):
        staff.setdefault(unit_id, []).append(user_id)
    answerers = {}
    for unit_id, user_id in Membership.objects.filter(unit_id__in=receivers).values_list(
        "unit_id", "user_id"
    ):
        answerers.setdefault(unit_id, []).append(user_id)
    people = dict(Citizen.objects.filter(pk__in=list(home)).values_list("pk", "cpr"))
    names = {
        pk: f"{first} {last}"
        for pk, first, last in Citizen.objects.filter(pk__in=list(home)).values_list(
            "pk", "first_name", "last_name"
        )
    }
    units = set(Unit.objects.filter(pk__in=receivers).values_list("pk", flat=True))
    now = timezone.now()
    rows = []
    candidates = [c for c in home if home[c] in staff]
    for _i in range(int(len(citizen_ids) * PER_CITIZEN)):
        citizen_id = rng.choice(candidates)
        to_unit = rng.choice(sorted(units))
        sent_at = now - timedelta(days=rng.uniform(0, 730))
        status = (
            Status.SENT
            if sent_at > now - timedelta(days=7)
            else rng.choice([Status.ACCEPTED, Status.ACCEPTED, Status.DECLINED, Status.CANCELLED])
        )
        answered = status != Status.SENT and answerers.get(to_unit)
        rows.append(
            Referral(
                citizen_id=citizen_id,
                citizen_name=names[citizen_id],
                citizen_cpr=people[citizen_id],
                from_unit_id=home[citizen_id],
                to_unit_id=to_unit,
                reason="Har tabt sig og går usikkert; ønsker vurdering.",
                status=status if answered or status == Status.SENT else Status.SENT,
                sent_by_id=rng.choice(staff[home[citizen_id]]),
                sent_at=sent_at,
                decided_by_id=rng.choice(answerers[to_unit]) if answered else None,
                decided_at=sent_at + timedelta(days=2) if answered else None,
                answer="Ikke relevant nu." if status == Status.DECLINED else "",
            )
        )
    Referral.objects.bulk_create(rows, batch_size=2000)
    Event.objects.bulk_create(
        [Event(referral=r, what=Event.What.SENT, by_id=r.sent_by_id, at=r.sent_at) for r in rows],
        batch_size=2000,
    )


def pages():
    return [
        ("Henvisninger, modtagne (terapeut)", "/henvisninger/", "terapeut"),
        ("Henvisninger, sendte (teamleder)", "/henvisninger/?vis=sendt&status=all", "teamleder.vest-team-1"),
        ("Henvisninger, sendte (leder)", "/henvisninger/?vis=sendt&status=all", "leder.vest"),
        ("Henvisninger, modtagne (visitator)", "/henvisninger/", "visitator"),
    ]
