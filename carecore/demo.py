"""The demo municipality: organisation, one user per role, generated staff and ~300 citizens.

Everything here is generated (Faker, da_DK, fixed seed); no real person is named. Idempotent:
running it again finds what exists and adds only what is missing.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from faker import Faker

from citizens.fsiii import FUNCTION_LABELS, NursingArea, NursingStatus
from citizens.models import (
    Assessment,
    AssessmentKind,
    Citizen,
    CitizenStatus,
    CitizenUnit,
    JournalEntry,
    JournalKind,
    Relative,
)

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
    "sygeplejerske": ("Hanne", "Sygeplejerske", Role.NURSE, [("sygeplejen", False), ("akutteamet", False)]),
    "terapeut": ("Jonas", "Terapeut", Role.THERAPIST, [("rehabiliteringsenheden", False)]),
    "visitator": ("Birgitte", "Visitator", Role.VISITATOR, [("kom-godt-hjem", False)]),
    "leder.vest": ("Karen", "Leder", Role.LEADER, [("hjemmepleje-vest", True)]),
    "risikomanager": ("Peter", "Risikomanager", Role.RISK_MANAGER, [("stab-udvikling", False)]),
    "uth.plejehjem": ("Anne", "Sagsbehandler", Role.UTH_HANDLER, [("plejehjem", False)]),
    "elevkoordinator": ("Mette", "Elevkoordinator", Role.TRAINEE_COORDINATOR, [("stab-udvikling", False)]),
    "elevvejleder": ("Lars", "Elevvejleder", Role.TRAINEE_SUPERVISOR, [("vest-team-2", False)]),
    "admin": ("Admin", "Systemadministrator", Role.SYSADMIN, [("stab-udvikling", False)]),
}

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


class DemoSeeder:
    def __init__(self, out=None, citizens=300):
        self.out = out
        self.citizens_target = citizens
        self.rng = random.Random(SEED)
        self.fake = Faker("da_DK")
        self.fake.seed_instance(SEED)
        self.password = demo_password_hash()
        self.units = {}

    def say(self, text):
        if self.out:
            self.out.write(text)

    @transaction.atomic
    def run(self):
        self.organisation()
        self.users()
        self.team_staff()
        self.citizens()
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

    def organisation(self):
        for code, name, kind, parent in ORGANISATION:
            self.unit(code, name, kind, parent)
        for area_code, (label, count) in TEAMS.items():
            slug = area_code.split("-")[1]
            for n in range(1, count + 1):
                self.unit(f"{slug}-team-{n}", f"{label} Team {n}", UnitKind.TEAM, area_code)
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

    def users(self):
        for username, (first, last, role, memberships) in DEMO_USERS.items():
            user = self.user(username, first, last, role, memberships)
            if username == "admin" and not user.is_superuser:
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
        self.say(f"Demo users ({', '.join(DEMO_USERS)}), password '{DEMO_PASSWORD}'\n")

    def team_staff(self):
        """8-12 SSH/SSA per home-care team, one team leader each; a few nurses and therapists."""
        for code, unit in self.units.items():
            if unit.kind != UnitKind.TEAM:
                continue
            self.user(
                f"teamleder.{code}",
                self.fake.first_name(),
                self.fake.last_name(),
                Role.LEADER,
                [(code, True)],
            )
            for n in range(1, self.rng.randint(8, 12) + 1):
                role = Role.SSA if n % 3 == 0 else Role.SSH
                self.user(
                    f"{code}.{n:02d}", self.fake.first_name(), self.fake.last_name(), role, [(code, False)]
                )
        for n in range(1, 7):
            self.user(
                f"sygeplejen.{n:02d}",
                self.fake.first_name(),
                self.fake.last_name(),
                Role.NURSE,
                [("sygeplejen", False)],
            )
        for n in range(1, 9):
            self.user(
                f"akutteamet.{n:02d}",
                self.fake.first_name(),
                self.fake.last_name(),
                Role.NURSE,
                [("akutteamet", False)],
            )
        for n in range(1, 5):
            self.user(
                f"rehab.{n:02d}",
                self.fake.first_name(),
                self.fake.last_name(),
                Role.THERAPIST,
                [("rehabiliteringsenheden", False)],
            )

    def citizens(self):
        existing = Citizen.objects.count()
        if existing >= self.citizens_target:
            self.say(f"Citizens: {existing} (already there)\n")
            return
        teams = [u for u in self.units.values() if u.kind == UnitKind.TEAM]
        nh_units = [
            u for u in self.units.values() if u.kind == UnitKind.UNIT and u.code.startswith("plejehjem-")
        ]
        authors = {
            unit_id: users for unit_id, users in _members_by_unit([u.pk for u in teams + nh_units]).items()
        }
        nurse = get_user_model().objects.get(username="sygeplejerske")
        visitator = get_user_model().objects.get(username="visitator")
        now = timezone.now()
        used = set(Citizen.objects.values_list("cpr", flat=True))
        created = 0
        journal, assessments, relatives, links = [], [], [], []
        for i in range(existing, self.citizens_target):
            female = self.rng.random() < 0.6
            born = date(1925, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 40))
            cpr = fake_cpr(self.rng, born, female)
            while cpr in used:
                cpr = fake_cpr(self.rng, born, female)
            used.add(cpr)
            first = self.fake.first_name_female() if female else self.fake.first_name_male()
            citizen = Citizen(
                cpr=cpr,
                first_name=first,
                last_name=self.fake.last_name(),
                address=self.fake.street_address(),
                postcode=self.fake.postcode(),
                city=self.fake.city(),
                phone=self.fake.phone_number(),
                gp_name=f"Lægehuset {self.fake.last_name()}",
                gp_phone=self.fake.phone_number(),
                access_note=self.rng.choice(
                    [
                        "",
                        "Nøgleboks ved bagdør, kode 1234",
                        "Ring på, borger åbner selv",
                        "Nøgle i nøgleboks ved hoveddør",
                    ]
                ),
                status=self.rng.choices(list(CitizenStatus), weights=[90, 5, 2, 3])[0],
                created_at=now - timedelta(days=self.rng.randint(60, 1000)),
            )
            citizen._history_user = visitator
            citizen.save()
            created += 1
            home = nh_units[i % len(nh_units)] if i % 10 == 9 else teams[i % len(teams)]
            served = [home]
            if self.rng.random() < 0.35:
                served.append(self.units["sygeplejen"])
            if self.rng.random() < 0.15:
                served.append(self.units["rehabiliteringsenheden"])
            links += [CitizenUnit(citizen=citizen, unit=u, since=citizen.created_at.date()) for u in served]
            for _n in range(self.rng.randint(0, 2)):
                relatives.append(
                    Relative(
                        citizen=citizen,
                        name=self.fake.name(),
                        relation=self.rng.choice(RELATIONS),
                        phone=self.fake.phone_number(),
                        is_primary_contact=_n == 0,
                    )
                )
            staff = authors.get(home.pk) or [nurse]
            # Most citizens have recent entries; every 15th has gone quiet for over a month.
            newest = self.rng.randint(31, 60) if i % 15 == 0 else self.rng.randint(0, 6)
            for k in range(self.rng.randint(3, 12)):
                author = self.rng.choice(staff)
                journal.append(
                    JournalEntry(
                        citizen=citizen,
                        author=author,
                        author_title=author.staff.get_job_title_display(),
                        kind=JournalKind.CARE if k % 3 else JournalKind.NOTE,
                        text=self.rng.choice(JOURNAL_TEXTS),
                        created_at=now
                        - timedelta(days=newest + k * self.rng.randint(1, 9), hours=self.rng.randint(0, 10)),
                    )
                )
            assessed = now - timedelta(days=self.rng.randint(20, 200))
            for code in self.rng.sample(sorted(FUNCTION_LABELS), 8):
                level = self.rng.choices([0, 1, 2, 3, 4], weights=[2, 4, 4, 2, 1])[0]
                assessments.append(
                    Assessment(
                        citizen=citizen,
                        kind=AssessmentKind.FUNCTION,
                        code=code,
                        level=level,
                        assessed_by=visitator,
                        assessed_at=assessed,
                    )
                )
                if self.rng.random() < 0.3:
                    assessments.append(
                        Assessment(
                            citizen=citizen,
                            kind=AssessmentKind.FUNCTION,
                            code=code,
                            level=min(4, level + 1),
                            assessed_by=visitator,
                            assessed_at=assessed + timedelta(days=90),
                        )
                    )
            for area in self.rng.sample(list(NursingArea), 4):
                assessments.append(
                    Assessment(
                        citizen=citizen,
                        kind=AssessmentKind.NURSING,
                        code=area.value,
                        status=self.rng.choice(list(NursingStatus)),
                        assessed_by=nurse,
                        assessed_at=assessed,
                    )
                )
        CitizenUnit.objects.bulk_create(links)
        Relative.objects.bulk_create(relatives)
        JournalEntry.objects.bulk_create(journal, batch_size=1000)
        Assessment.objects.bulk_create(assessments, batch_size=1000)
        self.say(
            f"Citizens: {created} created ({len(journal)} journal entries, {len(assessments)} assessments)\n"
        )


def _members_by_unit(unit_ids):
    result = {}
    memberships = Membership.objects.filter(unit_id__in=unit_ids, is_leader=False).select_related(
        "user__staff"
    )
    for m in memberships:
        result.setdefault(m.unit_id, []).append(m.user)
    return result
