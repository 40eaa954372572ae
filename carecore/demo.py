"""The demo organisation: units, one user per role and generated staff. The citizens and each module's
data come from the `demo` module of their own app (`manage.py seed_demo` finds them).

Everything here is generated (Faker, da_DK, fixed seed); no real person is named. Idempotent:
running it again finds what exists and adds only what is missing.
"""

import random
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from faker import Faker

from .models import Membership, StaffProfile, Unit, UnitKind
from .roles import Role

DEMO_PASSWORD = "demo"
SEED = 4711

# (code, name, kind, parent code, extra)
ORGANISATION = [
    ("social-omsorg", "Social Omsorg", UnitKind.DEPARTMENT, None),
    ("srp", "Sundhed, Rehab og Pleje", UnitKind.DIVISION, "social-omsorg"),
    ("hjemmeplejen", "Hjemmeplejen", UnitKind.UNIT, "srp"),
    ("hjemmepleje-vest", "Hjemmeplejen Vest", UnitKind.AREA, "hjemmeplejen"),
    ("hjemmepleje-oest", "Hjemmeplejen Øst", UnitKind.AREA, "hjemmeplejen"),
    ("hjemmepleje-midt", "Hjemmeplejen Midt", UnitKind.AREA, "hjemmeplejen"),
    ("sygeplejen", "Sygeplejen", UnitKind.AREA, "srp"),
    ("akutteamet", "Akutteamet", UnitKind.AREA, "srp"),
    ("rehabiliteringsenheden", "Rehabiliteringsenheden", UnitKind.AREA, "srp"),
    ("kom-godt-hjem", "Kom Godt Hjem", UnitKind.AREA, "srp"),
    ("rac", "Rehab- og Akutcenter", UnitKind.AREA, "srp"),
    ("sft", "Sundhedsfremme, Forebyggelse og Træning", UnitKind.AREA, "srp"),
    ("demens-ernaering", "Demens- og ernæringsteamet", UnitKind.AREA, "srp"),
    ("traeningsenheden", "Træningsenheden", UnitKind.AREA, "sft"),
    ("plejehjem", "Plejehjem", UnitKind.DIVISION, "social-omsorg"),
    ("plejehjem-egely", "Plejehjemmet Egely", UnitKind.AREA, "plejehjem"),
    ("plejehjem-solbakken", "Plejehjemmet Solbakken", UnitKind.AREA, "plejehjem"),
    ("plejehjem-lindehuset", "Plejehjemmet Lindehuset", UnitKind.AREA, "plejehjem"),
    ("private-leverandoerer", "Private leverandører", UnitKind.DIVISION, "social-omsorg"),
    ("privat-1", "Privat leverandør Omsorgshjælpen", UnitKind.AREA, "private-leverandoerer"),
    ("privat-2", "Privat leverandør Hjemmehjælp Nord", UnitKind.AREA, "private-leverandoerer"),
    ("privat-3", "Privat leverandør Plejepartner", UnitKind.AREA, "private-leverandoerer"),
    ("privat-4", "Privat leverandør Trygt Hjem", UnitKind.AREA, "private-leverandoerer"),
    ("privat-5", "Privat leverandør Hverdagshjælp", UnitKind.AREA, "private-leverandoerer"),
    ("stab-udvikling", "Stab & Udvikling", UnitKind.DIVISION, "social-omsorg"),
    ("velfaerdsraadgivningen", "Velfærdsrådgivningen", UnitKind.DIVISION, "social-omsorg"),
    ("voksenhandicap", "Voksenhandicap", UnitKind.DIVISION, "social-omsorg"),
    ("tandplejen", "Tandplejen", UnitKind.DIVISION, "social-omsorg"),
    ("sundhedsplejen", "Sundhedsplejen", UnitKind.DIVISION, "social-omsorg"),
    ("rusmiddelcentret", "Rusmiddelcentret", UnitKind.DIVISION, "social-omsorg"),
    ("socialpsykiatrien", "Socialpsykiatrien", UnitKind.DIVISION, "social-omsorg"),
]
TEAMS = {"hjemmepleje-vest": ("Vest", 4), "hjemmepleje-oest": ("Øst", 4), "hjemmepleje-midt": ("Midt", 3)}
# Home nursing plans its visits in teams of nurses, like home care; they serve no citizen of their own.
NURSING_TEAMS = ("sygeplejen", "Sygeplejen", 2)
NURSING_TEAM_PREFIX = "sygepleje-team-"
NURSING_HOME_UNITS = {"plejehjem-egely": 2, "plejehjem-solbakken": 2, "plejehjem-lindehuset": 2}
COVERS = {
    "sygeplejen": ["hjemmeplejen"],
    "akutteamet": ["hjemmeplejen", "rac"],
    "kom-godt-hjem": ["hjemmeplejen", "rac", "rehabiliteringsenheden"],
}

# username: (first, last, job title, [(unit code, is_leader)], superuser)
DEMO_USERS = {
    "ssh.vest": ("Sofie", "Vestergaard", Role.SSH, [("vest-team-1", False)]),
    "ssh.oest": ("Mads", "Østergaard", Role.SSH, [("oest-team-1", False)]),
    "ssa.midt": ("Line", "Midtgaard", Role.SSA, [("midt-team-1", False)]),
    "sygeplejerske": (
        "Hanne",
        "Sygeplejerske",
        Role.NURSE,
        [("sygeplejen", False), ("sygepleje-team-1", False), ("akutteamet", False)],
    ),
    "terapeut": ("Jonas", "Terapeut", Role.THERAPIST, [("rehabiliteringsenheden", False)]),
    "visitator": ("Birgitte", "Visitator", Role.VISITATOR, [("kom-godt-hjem", False)]),
    "leder.vest": ("Karen", "Leder", Role.LEADER, [("hjemmepleje-vest", True)]),
    "leder.rehab": ("Ulla", "Rehableder", Role.LEADER, [("rehabiliteringsenheden", True)]),
    "leder.sygepleje": ("Inge", "Sygeplejeleder", Role.LEADER, [("sygeplejen", True)]),
    "risikomanager": ("Peter", "Risikomanager", Role.RISK_MANAGER, [("stab-udvikling", False)]),
    "uth.plejehjem": ("Anne", "Sagsbehandler", Role.UTH_HANDLER, [("plejehjem", False)]),
    "elevkoordinator": ("Mette", "Elevkoordinator", Role.TRAINEE_COORDINATOR, [("stab-udvikling", False)]),
    "elevvejleder": ("Lars", "Elevvejleder", Role.TRAINEE_SUPERVISOR, [("vest-team-2", False)]),
    "admin": ("Admin", "Systemadministrator", Role.SYSADMIN, [("stab-udvikling", False)]),
    "dpo": ("Dorthe", "Databeskyttelse", Role.DPO, [("stab-udvikling", False)]),
    "forebyggelse": ("Lone", "Forebyggelse", Role.PREVENTION, [("sft", False)]),
    "traener": ("Rasmus", "Træner", Role.THERAPIST, [("sft", False)]),
    "leder.sft": ("Bodil", "Sundhedsleder", Role.LEADER, [("sft", True)]),
}


def demo_password_hash():
    return make_password(DEMO_PASSWORD)


def fake_cpr(rng, born: date, female: bool) -> str:
    year = born.year
    if year < 2000:
        seventh = rng.choice([0, 1, 2, 3])
    else:
        seventh = 4
    serial = f"{seventh}{rng.randint(0, 99):02d}"
    last = rng.choice([0, 2, 4, 6, 8] if female else [1, 3, 5, 7, 9])
    return f"{born:%d%m%y}-{serial}{last}"


def demo_faker():
    fake = Faker("da_DK")
    fake.seed_instance(SEED)
    return fake


def person_name(fake, female=None):
    """A generated (first, last) name. Never Faker's name(): it adds titles such as "Dr." or "Univ.Prof."."""
    if female is None:
        first = fake.first_name()
    else:
        first = fake.first_name_female() if female else fake.first_name_male()
    return first, fake.last_name()


class DemoSeeder:
    """Units, the fixed demo users and generated staff; modules reuse `units` and `user()`."""

    def __init__(self, out=None):
        self.out = out
        self.rng = random.Random(SEED)
        self.fake = demo_faker()
        self.password = demo_password_hash()
        self.units = {}

    def say(self, text):
        if self.out:
            self.out.write(text)

    @transaction.atomic
    def run(self):
        self.seed_units()
        self.seed_demo_users()
        self.seed_staff()
        return self

    def unit(self, code, name, kind, parent_code):
        unit, _ = Unit.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "parent": self.units.get(parent_code),
                "is_private_provider": code.startswith("privat-"),
            },
        )
        self.units[code] = unit
        return unit

    def seed_units(self):
        for code, name, kind, parent in ORGANISATION:
            self.unit(code, name, kind, parent)
        for area_code, (label, count) in TEAMS.items():
            slug = area_code.split("-")[1]
            for n in range(1, count + 1):
                self.unit(f"{slug}-team-{n}", f"{label} Team {n}", UnitKind.TEAM, area_code)
        area_code, label, count = NURSING_TEAMS
        for n in range(1, count + 1):
            self.unit(f"{NURSING_TEAM_PREFIX}{n}", f"{label} Team {n}", UnitKind.TEAM, area_code)
        for home_code, count in NURSING_HOME_UNITS.items():
            for n in range(1, count + 1):
                self.unit(
                    f"{home_code}-afsnit-{n}",
                    f"{self.units[home_code].name}, afsnit {n}",
                    UnitKind.UNIT,
                    home_code,
                )
        for code, covered in COVERS.items():
            self.units[code].covers.add(*[self.units[c] for c in covered])
        self.say(f"Organisation: {Unit.objects.count()} units\n")

    def user(self, username, first, last, role, memberships):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "password": self.password,
                "email": f"{username}@omsorg.invalid",
            },
        )
        if created:
            StaffProfile.objects.create(user=user, job_title=role, initials=(first[:1] + last[:2]).upper())
            user.groups.add(Group.objects.get(name=role.value))
            Membership.objects.bulk_create(
                [
                    Membership(user=user, unit=self.units[code], is_leader=leader)
                    for code, leader in memberships
                ]
            )
        return user

    def seed_demo_users(self):
        for username, (first, last, role, memberships) in DEMO_USERS.items():
            user = self.user(username, first, last, role, memberships)
            if username == "admin" and not user.is_superuser:
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
        self.say(f"Demo users ({', '.join(DEMO_USERS)}), password '{DEMO_PASSWORD}'\n")

    def seed_staff(self):
        """8-12 SSH/SSA per home-care team, one team leader each; a few nurses and therapists."""
        for code, unit in self.units.items():
            if unit.kind != UnitKind.TEAM or code.startswith(NURSING_TEAM_PREFIX):
                continue
            self.user(f"teamleder.{code}", *person_name(self.fake), Role.LEADER, [(code, True)])
            for n in range(1, self.rng.randint(8, 12) + 1):
                role = Role.SSA if n % 3 == 0 else Role.SSH
                self.user(f"{code}.{n:02d}", *person_name(self.fake), role, [(code, False)])
        for prefix, count, role, unit_code in [
            ("sygeplejen", 6, Role.NURSE, "sygeplejen"),
            ("akutteamet", 8, Role.NURSE, "akutteamet"),
            ("rehab", 4, Role.THERAPIST, "rehabiliteringsenheden"),
            ("demens", 3, Role.NURSE, "demens-ernaering"),
            ("traening", 3, Role.THERAPIST, "traeningsenheden"),
        ]:
            for n in range(1, count + 1):
                units = [(unit_code, False)]
                if unit_code == NURSING_TEAMS[0]:
                    units.append((f"{NURSING_TEAM_PREFIX}{n % NURSING_TEAMS[2] + 1}", False))
                self.user(f"{prefix}.{n:02d}", *person_name(self.fake), role, units)


def seed(out=None, **options):
    """The core's part of `manage.py seed_demo`: the organisation, the demo users and staff."""
    DemoSeeder(out=out).run()
