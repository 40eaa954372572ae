"""`make bench` hooks: home-care data in bulk for a generated municipality, and the pages to load."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from carecore.demo import NURSING_TEAM_PREFIX
from carecore.models import Unit, UnitKind

from . import demo, services

# A carer on a day or evening shift makes about six visits (with driving); a citizen with home care has
# about 1.25 visits a day on average over the plan kinds in demo.PLAN_KINDS. Home care goes to as many
# citizens as the generated staff can serve, so a team's day is about six visits per carer and most of
# it can be planned (the bench's citizens are the municipality's citizens, not all of them get home care).
VISITS_PER_CARER_DAY = 6
VISITS_PER_CITIZEN_DAY = 1.25


def home_care_citizens(citizen_ids, rng):
    """The share of the citizens the home-care teams' staff can serve, chosen at random (deterministic)."""
    teams = Unit.objects.filter(kind=UnitKind.TEAM).filter(~Q(code__startswith=NURSING_TEAM_PREFIX))
    carers = sum(len(services.team_carers(team)) for team in teams)
    share = min(1.0, carers * VISITS_PER_CARER_DAY / (max(1, len(citizen_ids)) * VISITS_PER_CITIZEN_DAY))
    return [c for c in citizen_ids if rng.random() < share], carers


def populate(citizen_ids, rng):
    """Rosters for every home-care team (day and evening shifts for the coming two weeks), plans for the
    citizens the staff can serve, two weeks of past visits (delivered) and the 14-day horizon, assigned
    by the suggestion rule within the roster; a handful of bulk queries per batch."""
    User = get_user_model()
    leader = (
        User.objects.filter(username="leder.vest").first() or User.objects.filter(is_superuser=True).first()
    )
    demo.grant_competences(rng)
    shifts = demo.seed_roster(rng, by=leader)
    served, carers = home_care_citizens(list(citizen_ids), rng)
    plans, visits = demo.build(served, rng, created_by=leader)
    nursing = demo.seed_nurse_day()  # the demo nurse's day: home visits and a clinic appointment
    return {
        "carers": carers,
        "shifts": shifts,
        "citizens with home care": len(served),
        "plans": len(plans),
        "visits": visits,
        "nursing": nursing,
    }


def pages():
    team = Unit.objects.filter(code="vest-team-1").values_list("pk", flat=True).first()
    nursing = Unit.objects.filter(code="sygepleje-team-1").values_list("pk", flat=True).first()
    return [
        ("Min dag", "/min-dag/", "ssh.vest"),
        ("Min dag (sygeplejerske, hjemmesygepleje)", "/min-dag/", "sygeplejerske"),
        ("Planlægning (dag, team)", f"/hjemmepleje/planlaegning/?team={team}", "leder.vest"),
        ("Hjemmepleje-overblik", "/hjemmepleje/oversigt/", "leder.vest"),
        ("Planlægning (sygeplejeteam)", f"/hjemmepleje/planlaegning/?team={nursing}", "leder.sygepleje"),
        ("Sygeplejeoversigt", "/sygepleje/oversigt/", "leder.sygepleje"),
    ]
