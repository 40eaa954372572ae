"""The demo citizens: ~300 generated citizens with relatives, journals and FSIII assessments.

Citizens and relatives are registered through `citizens.services` (validated, with change history) like
user input. Journals and assessments are history, dated in the past, which the services (dated "now")
cannot write: they are validated with the model's own rules (`full_clean`), never dated after now, and
saved in bulk. Generated people only (Faker da_DK, fixed seed). Idempotent: it tops up to the target.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from carecore.demo import NURSING_TEAM_PREFIX, SEED, demo_faker, fake_cpr, person_name
from carecore.models import Membership, Unit, UnitKind

from . import addresses, services
from .fsiii import FUNCTION_LABELS, NursingArea, NursingStatus
from .models import Assessment, AssessmentKind, Citizen, CitizenStatus, JournalEntry, JournalKind

JOURNAL_TEXTS = [
    "Morgenpleje udført. Borger i godt humør, spiste morgenmad.",
    "Hjælp til bad. Huden hel, ingen rødme på hælene.",
    "Medicin givet efter dosisdispensering. Ingen bemærkninger.",
    "Borger virker træt og har drukket mindre end vanligt. Følges op i morgen.",
    "Rengøring udført. Aftalt indkøb til fredag.",
    "Støttestrømper på. Let hævelse af ankler, uændret.",
    "Borger gik selv til køkkenet med rollator. Øvede at rejse sig fra stol 5 gange.",
    "Pårørende ringede; ønsker opringning efter lægebesøg.",
    "Aftenbesøg: hjælp til afklædning og toiletbesøg. Sengeliggende for natten.",
    "Vægt 64,2 kg. Uændret siden sidste måned.",
]
RELATIONS = ["Datter", "Søn", "Ægtefælle", "Nabo", "Barnebarn", "Bror", "Søster"]
ACCESS_NOTES = [
    "",
    "Nøgleboks ved bagdør, kode 1234",
    "Ring på, borger åbner selv",
    "Nøgle i nøgleboks ved hoveddør",
]
REASSESSED_AFTER = timedelta(days=90)


class CitizenSeeder:
    def __init__(self, out=None, target=300, now=None):
        self.out = out
        self.target = target
        self.now = now or timezone.now()
        self.rng = random.Random(SEED)
        self.fake = demo_faker()
        User = get_user_model()
        self.visitator = User.objects.get(username="visitator")
        self.nurse = User.objects.get(username="sygeplejerske")

    def say(self, text):
        if self.out:
            self.out.write(text)

    def run(self):
        existing = Citizen.objects.count()
        if existing >= self.target:
            self.say(f"Citizens: {existing} (already there)\n")
            return
        created = self.seed_citizens(existing)
        journal = self.seed_journals(created)
        assessments = self.seed_assessments(created)
        self.say(f"Citizens: {len(created)} created ({journal} journal entries, {assessments} assessments)\n")

    def homes(self):
        units = Unit.objects.filter(kind__in=[UnitKind.TEAM, UnitKind.UNIT]).order_by("path")
        teams = [u for u in units if u.kind == UnitKind.TEAM and not u.code.startswith(NURSING_TEAM_PREFIX)]
        nursing_homes = [u for u in units if u.kind == UnitKind.UNIT and u.code.startswith("plejehjem-")]
        return teams, nursing_homes

    def seed_citizens(self, existing):
        """Register each citizen with the units that serve them; relatives come with them. Returns
        [(citizen, home unit, index)]."""
        teams, nursing_homes = self.homes()
        extra = {u.code: u for u in Unit.objects.filter(code__in=["sygeplejen", "rehabiliteringsenheden"])}
        used = set(Citizen.objects.values_list("cpr", flat=True))
        created = []
        for i in range(existing, self.target):
            female = self.rng.random() < 0.6
            born = date(1925, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 40))
            cpr = fake_cpr(self.rng, born, female)
            while cpr in used:
                cpr = fake_cpr(self.rng, born, female)
            used.add(cpr)
            first, last = person_name(self.fake, female)
            data = {
                "cpr": cpr,
                "first_name": first,
                "last_name": last,
                "address": self.fake.street_address(),
                "postcode": self.fake.postcode(),
                "city": self.fake.city(),
                "phone": self.fake.phone_number(),
                "gp_name": f"Lægehuset {self.fake.last_name()}",
                "gp_phone": self.fake.phone_number(),
                "access_note": self.rng.choice(ACCESS_NOTES),
                "status": self.rng.choices(list(CitizenStatus), weights=[90, 5, 2, 3])[0],
                "created_at": self.now - timedelta(days=self.rng.randint(60, 1000)),
            }
            home = nursing_homes[i % len(nursing_homes)] if i % 10 == 9 else teams[i % len(teams)]
            served = [home]
            if self.rng.random() < 0.35:
                served.append(extra["sygeplejen"])
            if self.rng.random() < 0.15:
                served.append(extra["rehabiliteringsenheden"])
            citizen = services.register_citizen(data=data, units=served, by=self.visitator)
            place_near(citizen, home, self.rng)
            self.seed_relatives(citizen)
            created.append((citizen, home, i))
        return created

    def seed_relatives(self, citizen):
        for n in range(self.rng.randint(0, 2)):
            first, last = person_name(self.fake)
            services.add_relative(
                citizen,
                data={
                    "name": f"{first} {last}",
                    "relation": self.rng.choice(RELATIONS),
                    "phone": self.fake.phone_number(),
                    "is_primary_contact": n == 0,
                },
                by=self.visitator,
            )

    def seed_journals(self, created):
        """3-12 entries each by the home unit's staff; every 15th citizen has gone quiet for a month."""
        authors = _members_by_unit({home.pk for _c, home, _i in created})
        rows = []
        for citizen, home, i in created:
            staff = authors.get(home.pk) or [self.nurse]
            newest = self.rng.randint(31, 60) if i % 15 == 0 else self.rng.randint(0, 6)
            for k in range(self.rng.randint(3, 12)):
                author = self.rng.choice(staff)
                at = self.now - timedelta(
                    days=newest + k * self.rng.randint(1, 9), hours=self.rng.randint(0, 10)
                )
                rows.append(
                    JournalEntry(
                        citizen=citizen,
                        author=author,
                        author_title=author.staff.get_job_title_display(),
                        kind=JournalKind.CARE if k % 3 else JournalKind.NOTE,
                        text=self.rng.choice(JOURNAL_TEXTS),
                        created_at=min(at, self.now),
                    )
                )
        return _bulk_valid(JournalEntry, rows)

    def seed_assessments(self, created):
        """Eight FSIII function levels and four nursing areas each; some functions reassessed 90 days
        later, but only when that day has come."""
        rows = []
        for citizen, _home, _i in created:
            assessed = self.now - timedelta(days=self.rng.randint(20, 200))
            for code in self.rng.sample(sorted(FUNCTION_LABELS), 8):
                level = self.rng.choices([0, 1, 2, 3, 4], weights=[2, 4, 4, 2, 1])[0]
                rows.append(self.assessment(citizen, self.visitator, assessed, code=code, level=level))
                if self.rng.random() < 0.3 and assessed + REASSESSED_AFTER <= self.now:
                    rows.append(
                        self.assessment(
                            citizen,
                            self.visitator,
                            assessed + REASSESSED_AFTER,
                            code=code,
                            level=min(4, level + 1),
                        )
                    )
            for area in self.rng.sample(list(NursingArea), 4):
                status = self.rng.choice(list(NursingStatus))
                rows.append(self.assessment(citizen, self.nurse, assessed, code=area.value, status=status))
        return _bulk_valid(Assessment, rows)

    @staticmethod
    def assessment(citizen, by, at, *, code, level=None, status=""):
        kind = AssessmentKind.FUNCTION if level is not None else AssessmentKind.NURSING
        return Assessment(
            citizen=citizen, kind=kind, code=code, level=level, status=status, assessed_by=by, assessed_at=at
        )


# Where each area of the demo municipality lies, as (north, east) offsets from its centre in degrees.
AREA_OFFSETS = {"vest": (0.0, -0.12), "midt": (0.0, 0.0), "oest": (0.0, 0.12)}


def area_point(unit):
    """The demo centre of a unit's area: the area's offset, a team's own part of it (teams 1–4 at the
    corners of a 4 km square), elsewhere the municipality's centre."""
    area, _sep, rest = unit.code.partition("-")
    north, east = AREA_OFFSETS.get(area, (0.0, 0.0))
    number = rest.rpartition("-")[2]
    if number.isdigit():
        n = int(number) - 1
        north += (0.018 if n % 2 else -0.018) if n < 4 else 0.0
        east += (0.03 if n // 2 else -0.03) if n < 4 else 0.0
    return addresses.CENTRE[0] + north, addresses.CENTRE[1] + east


def place_near(citizen, unit, rng):
    """Generated coordinates for a demo citizen: within about 2 km of the home unit's area centre (a real
    municipality gets them from the address register, citizens.addresses)."""
    lat, lon = area_point(unit)
    citizen.latitude = round(lat + rng.uniform(-0.018, 0.018), 6)
    citizen.longitude = round(lon + rng.uniform(-0.03, 0.03), 6)
    Citizen.objects.filter(pk=citizen.pk).update(latitude=citizen.latitude, longitude=citizen.longitude)


def _bulk_valid(model, rows):
    """The model's own field validation for every row (the database checks keys and constraints), then
    one bulk insert."""
    relations = [f.name for f in model._meta.fields if f.is_relation]
    for row in rows:
        row.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    model.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _members_by_unit(unit_ids):
    result = {}
    memberships = Membership.objects.filter(unit_id__in=unit_ids, is_leader=False).select_related(
        "user__staff"
    )
    for m in memberships:
        result.setdefault(m.unit_id, []).append(m.user)
    return result


def seed(out=None, *, citizens=300, **options):
    """The record's part of `manage.py seed_demo`: citizens, relatives, journals and FSIII."""
    with transaction.atomic():
        CitizenSeeder(out=out, target=citizens).run()
        addresses.locate_missing()
