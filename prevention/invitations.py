"""Who is offered a preventive home visit in a given month (Serviceloven §79a as amended 2019).

Pure rules on the register's residents, so they can be tested on any birth date: an offer in the year a
resident turns 75 and the year they turn 80, every year from the year they turn 82, the year they turn
70 if living alone (each in the month of the birthday, so 29 February falls in February also in a year
without one); 65-81-year-olds at special risk (a flag set by staff) in the month the list is made; and the
municipality's own rule: widow(er)s of 65 or more in the month after the change of civil status. Minus the
residents the municipality exempts (those who receive both personal care and practical help)."""

from dataclasses import dataclass
from datetime import date

from .models import Group
from .register import CivilStatus


@dataclass(frozen=True)
class Invitation:
    resident: object
    group: str


def age_in_year(birth_date, year):
    """The age a resident turns in `year`."""
    return year - birth_date.year


def age_on(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def yearly_group(resident, year):
    """The age group that gives the resident an offer in `year`, or None."""
    age = age_in_year(resident.birth_date, year)
    if age >= 82:
        return Group.FROM_82
    if age == 80:
        return Group.AGE_80
    if age == 75:
        return Group.AGE_75
    if age == 70 and resident.lives_alone:
        return Group.ALONE_70
    return None


def previous_month(month):
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


def widowed_last_month(resident, month):
    """Widowed in the month before `month`, at 65 or more."""
    since = resident.civil_status_since
    if resident.civil_status != CivilStatus.WIDOWED or since is None:
        return False
    before = previous_month(month)
    return (since.year, since.month) == (before.year, before.month) and age_on(
        resident.birth_date, since
    ) >= 65


def invitations_for_month(
    residents, month, *, vulnerable=frozenset(), exempt=frozenset(), offered=frozenset()
):
    """The residents to invite in `month` (the first of a month) and why. `vulnerable`: CPR numbers flagged
    at special risk; `exempt`: CPR numbers exempted; `offered`: (cpr, year, group) already offered."""
    year = month.year
    found = []
    offered_this_year = {cpr for cpr, y, _group in offered if y == year}
    for resident in residents:
        if resident.cpr in exempt or resident.birth_date > month:
            continue
        group = yearly_group(resident, year)
        if group and resident.birth_date.month == month.month:
            found.append(Invitation(resident, group))
        elif (
            resident.cpr in vulnerable
            and 65 <= age_in_year(resident.birth_date, year) <= 81
            and resident.cpr not in offered_this_year
        ):
            found.append(Invitation(resident, Group.VULNERABLE))
        if widowed_last_month(resident, month):
            found.append(Invitation(resident, Group.WIDOWED))
    return [i for i in found if (i.resident.cpr, year, i.group) not in offered]
