"""Demo visitation: cases in every state (new, under assessment, rehabilitation first, decided,
refused, re-assessment due) and a private provider with a leader and orders. Idempotent."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from carecore.models import Membership, StaffProfile, Unit, UnitKind
from carecore.roles import Role
from citizens.models import Citizen, CitizenStatus

from . import services
from .law import frame_for
from .models import Case, Outcome, Request, Service

PRIVATE_CODE = "privat-1"
PRIVATE_LEADER = "leder.privat"


def _private_leader(unit):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=PRIVATE_LEADER,
        defaults={"first_name": "Tina", "last_name": "Privat", "email": f"{PRIVATE_LEADER}@omsorg.invalid"},
    )
    if created:
        visitator = User.objects.get(username="visitator")
        user.password = visitator.password  # the demo password
        user.save(update_fields=["password"])
        StaffProfile.objects.create(user=user, job_title=Role.LEADER, initials="TPR")
        user.groups.add(Group.objects.get(name=Role.LEADER.value))
        Membership.objects.create(user=user, unit=unit, is_leader=True)
    return user


def _line(catalogue, code, weekdays, minutes=None, note=""):
    service = catalogue[code]
    return {
        "service": service,
        "weekdays": list(weekdays),
        "minutes": minutes or service.standard_minutes,
        "note": note,
    }


@transaction.atomic
def seed(out=None, **options):
    def say(text):
        if out:
            out.write(text)

    # Other units' demos already open cases (a stay discharged home asks for help), so look for our own.
    if Request.objects.filter(reference__startswith="demo:").exists():
        say("Visitation: already seeded\n")
        return
    User = get_user_model()
    visitator = User.objects.filter(username="visitator").first()
    private = Unit.objects.filter(code=PRIVATE_CODE).first()
    team = Unit.objects.filter(kind=UnitKind.TEAM, code="vest-team-1").first()
    if visitator is None or private is None or team is None:
        say("Visitation: demo users or units missing; run the core seeder first\n")
        return
    _private_leader(private)
    catalogue = {s.code: s for s in Service.objects.all()}
    citizens = list(
        Citizen.objects.filter(status=CitizenStatus.ACTIVE, serving__unit__kind=UnitKind.TEAM)
        .order_by("-id")
        .distinct()[:9]
    )
    if len(citizens) < 9:
        say("Visitation: too few citizens\n")
        return
    today = timezone.localdate()
    pool = iter(citizens)

    def request(source, text, proposed):
        citizen = next(pool)
        return services.receive_request(
            citizen=citizen,
            source=source,
            reference=f"demo:{source}:{citizen.pk}",
            text=text,
            proposed=[{"service": p, "note": ""} for p in proposed],
            by=visitator,
        ).case

    def grant(case, provider, lines, *, start_on=today, reassess_on=None, reasons):
        return services.decide(
            case,
            by=visitator,
            outcome=Outcome.GRANTED,
            law_frame=frame_for(case.citizen, start_on),
            reasons=reasons,
            start_on=start_on,
            provider=provider,
            reassess_on=reassess_on or start_on + timedelta(days=180),
            lines=lines,
        )

    # New requests.
    request(
        "discharge", "Udskrives fra M3. Har brug for hjælp til bad og indkøb.", ["Personlig pleje", "Indkøb"]
    )
    request("relative", "Datteren ringede: moren klarer ikke længere rengøringen.", ["Rengøring"])
    # Under assessment.
    case = request("citizen", "Ønsker hjælp til tøjvask.", ["Tøjvask"])
    services.record_assessment(
        case,
        by=visitator,
        assessed_on=today,
        home_visit_on=today,
        home_visit_note="Bor i stueetagen; vaskemaskine i kælderen.",
        rehab_potential=False,
        rehab_reason="Nedsat gangfunktion uden udsigt til bedring.",
    )
    # Rehabilitation first.
    case = request("stay", "Udskrevet til hjemmet efter rehabiliteringsophold.", ["Personlig pleje"])
    services.record_assessment(
        case,
        by=visitator,
        assessed_on=today,
        rehab_potential=True,
        rehab_reason="Kan med træning genvinde evnen til selv at gå i bad.",
    )
    # Decided, municipal team.
    case = request("discharge", "Hjem med hjælp.", ["Personlig pleje", "Sygepleje"])
    grant(
        case,
        team,
        [
            _line(catalogue, "personlig-pleje", "0123456", 30, "Morgenpleje og bad"),
            _line(catalogue, "sygepleje", "024"),
        ],
        reasons="Borgeren kan efter indlæggelsen ikke selv klare personlig hygiejne.",
    )
    # Decided, private provider (orders), one changed into a second version.
    case = request("citizen", "Ønsker hjælp til rengøring.", ["Rengøring"])
    grant(
        case,
        private,
        [_line(catalogue, "praktisk-rengoering", "2")],
        reasons="Borgeren kan ikke selv gøre rent på grund af nedsat balance.",
    )
    case = request("discharge", "Udskrives fra ortopædkirurgisk afdeling.", ["Personlig pleje", "Madservice"])
    grant(
        case,
        private,
        [_line(catalogue, "personlig-pleje", "0246"), _line(catalogue, "madservice", "1", 5)],
        reasons="Borgeren har brug for hjælp til bad og måltider efter hofteoperation.",
    )
    grant(
        case,
        private,
        [_line(catalogue, "personlig-pleje", "0123456", 30), _line(catalogue, "madservice", "1", 5)],
        reasons="Behovet er øget: borgeren har nu brug for daglig hjælp til personlig pleje.",
    )
    # Re-assessment due.
    case = request("relative", "Sønnen beder om at få hjælpen set efter.", ["Indkøb"])
    grant(
        case,
        team,
        [_line(catalogue, "praktisk-indkoeb", "3")],
        start_on=today - timedelta(days=200),
        reassess_on=today - timedelta(days=10),
        reasons="Borgeren kan ikke selv bære indkøb hjem.",
    )
    # Refused.
    case = request("citizen", "Ønsker hjælp til havearbejde.", ["Havearbejde"])
    services.decide(
        case,
        by=visitator,
        outcome=Outcome.REFUSED,
        law_frame=frame_for(case.citizen, today),
        reasons="Havearbejde er ikke omfattet af kommunens kvalitetsstandard for praktisk hjælp.",
        start_on=today,
    )
    say(
        f"Visitation: {Case.objects.count()} cases; private provider {private.name} with leader '{PRIVATE_LEADER}'\n"
    )
