"""`make bench` hooks: home-care data in bulk for a generated municipality, and the pages to load."""

from django.contrib.auth import get_user_model

from carecore.models import Unit

from . import demo


def populate(citizen_ids, rng):
    """Plans for every citizen, two weeks of past visits (delivered) and the 14-day horizon, assigned
    by the suggestion rule; a handful of bulk queries per batch."""
    User = get_user_model()
    leader = (
        User.objects.filter(username="leder.vest").first() or User.objects.filter(is_superuser=True).first()
    )
    demo.grant_competences(rng)
    plans, visits = demo.build(list(citizen_ids), rng, created_by=leader)
    nursing = demo.seed_nurse_day()  # the demo nurse's day: home visits and a clinic appointment
    return {"plans": len(plans), "visits": visits, "nursing": nursing}


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
