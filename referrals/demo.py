"""Demo referrals: the units that take referrals, and referrals in every state (sent, received,
accepted, declined, withdrawn) from home care to rehab, nursing, the dementia and nutrition team and the
training unit, and from rehab back to home care — all made through the services. Idempotent."""

from django.contrib.auth import get_user_model
from django.db import transaction

from carecore.models import Unit
from citizens.models import Citizen, CitizenStatus

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
    carer, therapist = users["ssh.vest"], users["terapeut"]
    home = list(
        active.filter(serving__unit=units["vest-team-1"]).exclude(serving__unit__code__in=_TARGETS)[:6]
    )
    in_rehab = list(
        active.filter(serving__unit=units["rehabiliteringsenheden"])
        .exclude(serving__unit__code__startswith="vest-")
        .exclude(serving__unit__code="hjemmepleje-vest")[:1]
    )
    if len(home) < 6 or not in_rehab:
        say("Referrals: too few citizens\n")
        return

    def send(citizen, by, from_code, to_code, reason, urgency="normal"):
        return services.send_referral(
            citizen=citizen,
            from_unit=Unit.objects.get(code=from_code),
            to_unit=units[to_code],
            reason=reason,
            urgency=urgency,
            by=by,
        )

    rehab_from = therapist.memberships.first().unit.code
    send(
        home[0],
        carer,
        "vest-team-1",
        "rehabiliteringsenheden",
        "Har tabt sig og går usikkert efter sygdom; vil gerne kunne gå på indkøb selv igen. Potentiale for §83a.",
    )
    received = send(
        home[1],
        carer,
        "vest-team-1",
        "sygeplejen",
        "Sår på underbenet, der ikke heler; ønsker vurdering.",
        urgency="urgent",
    )
    services.mark_received(received, by=users["sygeplejerske"])
    accepted = send(
        home[2],
        carer,
        "vest-team-1",
        "demens-ernaering",
        "Spiser mindre og har tabt 4 kg på to måneder; glemmer måltider.",
    )
    services.accept_referral(accepted, by=users["demens.01"], note="Vi aflægger besøg i næste uge.")
    declined = send(
        home[3], carer, "vest-team-1", "traeningsenheden", "Ønsker vedligeholdende træning af balancen."
    )
    services.decline_referral(
        declined,
        by=users["traening.01"],
        reason="Borgeren er allerede i et rehabiliteringsforløb; tages op igen bagefter.",
    )
    cancelled = send(
        home[4], carer, "vest-team-1", "rehabiliteringsenheden", "Faldet to gange i denne måned."
    )
    services.cancel_referral(cancelled, by=carer, reason="Sendt to gange ved en fejl.")
    send(
        in_rehab[0],
        therapist,
        rehab_from,
        "hjemmepleje-vest",
        "Forløbet slutter om to uger; har brug for hjælp til bad to gange om ugen bagefter.",
    )
    say(f"Referrals: {Referral.objects.count()} (sent, received, accepted, declined, withdrawn)\n")


_USERS = ["ssh.vest", "terapeut", "sygeplejerske", "demens.01", "traening.01"]
_TARGETS = ["rehabiliteringsenheden", "sygeplejen", "demens-ernaering", "traeningsenheden"]
