"""Which law a decision is made under. Since 1 July 2025 the Ældrelov governs care for citizens who
have reached the state pension age; Serviceloven §83/§83a still applies to younger adults (the
visitator may place a younger citizen whose needs match under the Ældrelov, Ældreloven § 2, stk. 2)."""

from datetime import date

from .models import LawFrame

# Lov om social pension § 1 a: the pension age by date of birth (born before -> age).
PENSION_AGE = [
    (date(1954, 1, 1), 65),
    (date(1955, 1, 1), 66),
    (date(1963, 1, 1), 67),
    (date(1967, 1, 1), 68),
]
LATER_PENSION_AGE = 69


def pension_age(birth_date):
    for born_before, age in PENSION_AGE:
        if birth_date < born_before:
            return age
    return LATER_PENSION_AGE


def age_on(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def frame_for(citizen, day):
    """The law frame that applies by age on `day`."""
    if age_on(citizen.birth_date, day) >= pension_age(citizen.birth_date):
        return LawFrame.ELDERLY_ACT
    return LawFrame.SOCIAL_SERVICES_ACT
