"""§79a invitation groups: property-based on birth dates across year boundaries and leap days."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from prevention.invitations import invitations_for_month, previous_month, yearly_group
from prevention.models import Group
from prevention.register import CivilStatus, Resident

births = st.dates(min_value=date(1920, 1, 1), max_value=date(1970, 12, 31))
years = st.integers(min_value=2020, max_value=2040)


def person(born, **kwargs):
    return Resident(cpr="010101-0001", first_name="A", last_name="B", birth_date=born, address="x", **kwargs)


def months_of(year):
    return [date(year, m, 1) for m in range(1, 13)]


@given(born=births, year=years, alone=st.booleans())
def test_a_yearly_group_is_offered_exactly_once_in_the_year_in_the_birthday_month(born, year, alone):
    resident = person(born, lives_alone=alone)
    found = [(m, i.group) for m in months_of(year) for i in invitations_for_month([resident], m)]
    group = yearly_group(resident, year)
    if group is None:
        assert found == []
    else:
        assert found == [(date(year, born.month, 1), group)]


@given(born=births, year=years, alone=st.booleans())
def test_the_group_follows_the_age_turned_in_the_year(born, year, alone):
    age = year - born.year
    group = yearly_group(person(born, lives_alone=alone), year)
    expected = {75: Group.AGE_75, 80: Group.AGE_80}.get(age)
    if age >= 82:
        expected = Group.FROM_82
    if age == 70 and alone:
        expected = Group.ALONE_70
    assert group == expected


@given(year=years)
def test_born_on_a_leap_day_is_invited_in_february_also_in_a_common_year(year):
    born = date(year - 75, 2, 29) if (year - 75) % 4 == 0 else date(1948, 2, 29)
    resident = person(born)
    found = [m for m in months_of(born.year + 75) for _ in invitations_for_month([resident], m)]
    assert found == [date(born.year + 75, 2, 1)]


@given(year=years)
def test_new_years_eve_and_new_years_day_fall_in_their_own_years(year):
    eve, day = person(date(year - 76, 12, 31)), person(date(year - 75, 1, 1))
    # the one born on 31 December turns 76 in `year`: no offer; the one born on 1 January turns 75
    assert invitations_for_month([eve], date(year, 12, 1)) == []
    assert [i.group for i in invitations_for_month([day], date(year, 1, 1))] == [Group.AGE_75]
    assert [i.group for i in invitations_for_month([eve], date(year - 1, 12, 1))] == [Group.AGE_75]


@given(
    born=st.dates(min_value=date(1930, 1, 1), max_value=date(1965, 12, 31)),
    widowed=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
)
def test_a_widow_is_offered_once_in_the_month_after_the_change_if_65_or_older(born, widowed):
    resident = person(born, civil_status=CivilStatus.WIDOWED, civil_status_since=widowed)
    months = [date(y, m, 1) for y in (widowed.year, widowed.year + 1) for m in range(1, 13)]
    found = [m for m in months for i in invitations_for_month([resident], m) if i.group == Group.WIDOWED]
    age = widowed.year - born.year - ((widowed.month, widowed.day) < (born.month, born.day))
    after = date(widowed.year, widowed.month, 1) + timedelta(days=31)
    assert found == ([date(after.year, after.month, 1)] if age >= 65 else [])


@given(born=births, year=years)
def test_at_special_risk_only_from_65_to_81_and_once_a_year(born, year):
    resident = person(born)
    age = year - born.year
    month = date(year, 6 if born.month != 6 else 7, 1)
    found = invitations_for_month([resident], month, vulnerable={resident.cpr})
    risk = [i for i in found if i.group == Group.VULNERABLE]
    assert bool(risk) == (65 <= age <= 81)
    offered = {(resident.cpr, year, Group.VULNERABLE)}
    again = invitations_for_month([resident], month, vulnerable={resident.cpr}, offered=offered)
    assert not [i for i in again if i.group == Group.VULNERABLE]


@given(born=births, year=years, alone=st.booleans())
def test_an_exempt_resident_is_never_invited(born, year, alone):
    resident = person(born, lives_alone=alone)
    assert all(invitations_for_month([resident], m, exempt={resident.cpr}) == [] for m in months_of(year))


def test_previous_month_crosses_the_year():
    assert previous_month(date(2027, 1, 1)) == date(2026, 12, 1)
