"""The national person register (CPR) behind one adapter: the residents of the municipality, most of whom
receive no care, so the preventive home visits (Serviceloven §79a) are computed from here and not from the
citizen records. Which adapter runs is a setting (OMSORG_CPR_REGISTER_ADAPTER); here a local stand-in
generates a fixed, lean population, in real life a client of the CPR service."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.module_loading import import_string


class CivilStatus:
    UNMARRIED = "ugift"
    MARRIED = "gift"
    DIVORCED = "fraskilt"
    WIDOWED = "enke"


@dataclass(frozen=True)
class Resident:
    """One resident as the register gives them."""

    cpr: str
    first_name: str
    last_name: str
    birth_date: date
    address: str
    postcode: str = "8700"
    city: str = "Horsens"
    lives_alone: bool = False
    civil_status: str = CivilStatus.MARRIED
    civil_status_since: date | None = None

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}"


class CprRegister:
    """The interface every register adapter implements."""

    def residents(self) -> list[Resident]:
        """Every resident aged 60 or more (the ages §79a can concern)."""
        raise NotImplementedError

    def resident(self, cpr) -> Resident | None:
        return next((r for r in self.residents() if r.cpr == cpr), None)


FIRST = ["Anna", "Birthe", "Else", "Grethe", "Inger", "Jytte", "Kirsten", "Lis", "Bent", "Erik", "Finn"]
FIRST += ["Hans", "Jens", "Knud", "Ole", "Poul", "Svend", "Aase", "Ruth", "Karen", "Niels", "Arne"]
LAST = ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen"]
LAST += ["Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen"]
STREETS = ["Bygaden", "Skovvej", "Kirkevej", "Møllevej", "Engvej", "Vestergade", "Østergade", "Havevej"]


def generated_residents(count, seed=79):
    """A fixed population of `count` residents born 1926-1966 (valid CPR numbers, no real person)."""
    rng = random.Random(seed)
    seen, people = set(), []
    while len(people) < count:
        born = date(1926, 1, 1) + timedelta(days=rng.randint(0, 365 * 40))
        female = rng.random() < 0.55
        last = rng.choice([0, 2, 4, 6, 8] if female else [1, 3, 5, 7, 9])
        cpr = f"{born:%d%m%y}-{rng.randint(0, 3)}{rng.randint(0, 99):02d}{last}"
        if cpr in seen:
            continue
        seen.add(cpr)
        status = rng.choices(
            [CivilStatus.MARRIED, CivilStatus.WIDOWED, CivilStatus.DIVORCED, CivilStatus.UNMARRIED],
            [5, 3, 1, 1],
        )[0]
        since = None
        if status == CivilStatus.WIDOWED:
            since = date(2024, 1, 1) + timedelta(days=rng.randint(0, 365 * 4))
        people.append(
            Resident(
                cpr=cpr,
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                birth_date=born,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                lives_alone=status != CivilStatus.MARRIED or rng.random() < 0.05,
                civil_status=status,
                civil_status_since=since,
            )
        )
    return people


class LocalCprRegister(CprRegister):
    """A stand-in for the CPR register: a generated population (OMSORG_CPR_REGISTER_SIZE residents), or
    the residents a test put in `people`."""

    people: list | None = None
    _cache: dict = {}

    def residents(self):
        if self.people is not None:
            return list(self.people)
        size = getattr(settings, "OMSORG_CPR_REGISTER_SIZE", 600)
        if size not in self._cache:
            self._cache[size] = generated_residents(size)
        return list(self._cache[size])

    def resident(self, cpr):
        """The register knows every resident: one outside the generated population (a child with a
        training plan) is made up from the CPR number, the same each time."""
        found = super().resident(cpr)
        if found is not None or self.people is not None:
            return found
        from carecore import cpr as cprlib

        try:
            cpr, born = cprlib.parse(cpr)
        except Exception:  # noqa: BLE001 - not a CPR number: not a resident
            return None
        rng = random.Random(cpr)
        return Resident(
            cpr=cpr,
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            birth_date=born,
            address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        )


def adapter() -> CprRegister:
    return import_string(
        getattr(settings, "OMSORG_CPR_REGISTER_ADAPTER", "prevention.register.LocalCprRegister")
    )()
