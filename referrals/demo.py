"""Demo referrals: the units that take referrals, and referrals in every state (sent, received,
accepted, declined, withdrawn) from home care to rehab, nursing, the dementia and nutrition team and the
training unit, and from rehab back to home care — all made through the services. Idempotent."""

from django.contrib.auth import get_user_model
from django.db import transaction

from carecore.models import Unit, UnitKind
from citizens.models import Citizen, CitizenStatus, CitizenUnit

from . import services
from .models import Receiver, Referral

# (unit code, what the unit is referred for) — Danish, as an administrator would write it
RECEIVERS = [
    ("rehabiliteringsenheden", "rehabiliteringsforløb efter Serviceloven §83a"),
    ("sygeplejen", "sygepleje efter Sundhedsloven §138"),
    ("demens-ernaering", "demens, vægttab og ernæring"),
    ("traeningsenheden", "vedligeholdende træning efter Serviceloven §86"),
    ("hjemmepleje-vest", "hjemmepleje"),
    ("hjemmepleje-oest", "hjemmepleje"),
    ("hjemmepleje-midt", "hjemmepleje"),
]


def ensure_receivers():
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c, _d in RECEIVERS])}
    for order, (code, description) in enumerate(RECEIVERS):
        if code in units:
            Receiver.objects.get_or_create(
                unit=units[code], defaults={"description": description, "order": order}
            )


@transaction.atomic
def seed(out=None, **options):
    def say(text):
        if out:
            out.write(text)

    ensure_receivers()
    if Referral.objects.exists():
        say("Referrals: already seeded\n")
        return
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=_USERS)}
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c, _d in RECEIVERS] + ["vest-team-1"])}
    if len(users) < len(_USERS) or len(units) < len(RECEIVERS) + 1:
        say("Referrals: demo users or units missing; run the core seeder first\n")
        return
    active = Citizen.objects.filter(status=CitizenStatus.ACTIVE)
    therapist = users["terapeut"]
    home = _home_care_citizens(active, users["ssh.vest"])
    in_rehab = list(
        active.filter(serving__unit=units["rehabiliteringsenheden"])
        .exclude(serving__unit__code__startswith="vest-")
        .exclude(pk__in=[c.pk for c, _s, _t in home])[:1]
    )
    if len(home) < 5:
        say("Referrals: too few citizens\n")
        return

    def send(index, to_code, reason, urgency="normal"):
        citizen, sender, team = home[index]
        return services.send_referral(
            citizen=citizen, from_unit=team, to_unit=units[to_code], reason=reason, urgency=urgency, by=sender
        )

    send(
        0,
        "rehabiliteringsenheden",
        "Har tabt sig og går usikkert efter sygdom; vil gerne kunne gå på indkøb selv igen. "
        "Potentiale for §83a.",
    )
    received = send(1, "sygeplejen", "Sår på underbenet, der ikke heler; ønsker vurdering.", "urgent")
    services.mark_received(received, by=users["sygeplejerske"])
    accepted = send(2, "demens-ernaering", "Spiser mindre og har tabt 4 kg på to måneder; glemmer måltider.")
    services.accept_referral(accepted, by=users["demens.01"], note="Vi aflægger besøg i næste uge.")
    declined = send(3, "traeningsenheden", "Ønsker vedligeholdende træning af balancen.")
    services.decline_referral(
        declined,
        by=users["traening.01"],
        reason="Borgeren er allerede i et rehabiliteringsforløb; tages op igen bagefter.",
    )
    cancelled = send(4, "rehabiliteringsenheden", "Faldet to gange i denne måned.")
    services.cancel_referral(cancelled, by=cancelled.sent_by, reason="Sendt to gange ved en fejl.")
    for citizen in in_rehab:
        services.send_referral(
            citizen=citizen,
            from_unit=therapist.memberships.first().unit,
            to_unit=units["hjemmepleje-vest"],
            reason="Forløbet slutter om to uger; har brug for hjælp til bad to gange om ugen bagefter.",
            by=therapist,
        )
    say(f"Referrals: {Referral.objects.count()} (sent, received, accepted, declined, withdrawn)\n")


def _home_care_citizens(citizens, carer, wanted=5):
    """(citizen, sender, team): citizens of home-care teams not yet served by a receiving unit, each with
    a carer of their own team as the sender — the demo user `ssh.vest` for the citizens of Vest Team 1."""
    carer_team = carer.memberships.select_related("unit").first().unit
    found = []
    rows = (
        CitizenUnit.objects.filter(citizen__in=citizens, unit__kind=UnitKind.TEAM)
        .exclude(citizen__serving__unit__code__in=_TARGETS)
        .select_related("citizen", "unit")
        .order_by("unit__path", "citizen_id")
    )
    senders = {}
    for row in rows:
        if row.unit_id == carer_team.pk:
            sender = carer
        else:
            if row.unit_id not in senders:
                senders[row.unit_id] = (
                    get_user_model()
                    .objects.filter(memberships__unit=row.unit, memberships__is_leader=False)
                    .order_by("username")
                    .first()
                )
            sender = senders[row.unit_id]
        if sender is not None and row.citizen not in [c for c, _s, _t in found]:
            found.append((row.citizen, sender, row.unit))
    found.sort(key=lambda item: item[1] != carer)  # ssh.vest's own citizens first
    return found[:wanted]


_USERS = ["ssh.vest", "terapeut", "sygeplejerske", "demens.01", "traening.01"]
_TARGETS = ["rehabiliteringsenheden", "sygeplejen", "demens-ernaering", "traeningsenheden"]
