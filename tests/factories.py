"""Factories for the core and the citizen record. Apps add theirs in tests/<app>/factories.py."""

import random
from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from carecore.models import Membership, StaffProfile, Unit, UnitKind
from carecore.roles import Role
from citizens.models import Citizen, CitizenUnit, JournalEntry


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Enhed {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = UnitKind.TEAM


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    password = factory.django.Password("demo")


def make_staff(username=None, *, role=Role.SSH, units=(), leader_of=()):
    """A user with a staff profile, the role's group, and memberships (leader of `leader_of`)."""
    user = UserFactory(**({"username": username} if username else {}))
    StaffProfile.objects.get_or_create(user=user, defaults={"job_title": role})
    user.groups.add(Group.objects.get(name=str(role)))
    for unit in units:
        Membership.objects.get_or_create(user=user, unit=unit)
    for unit in leader_of:
        Membership.objects.update_or_create(user=user, unit=unit, defaults={"is_leader": True})
    return user


_used_cprs = set()


def fake_cpr():
    while True:
        born = date(1930, 1, 1) + timedelta(days=random.randint(0, 365 * 60))
        value = f"{born:%d%m%y}-{random.randint(0, 3)}{random.randint(0, 999):03d}"
        if value not in _used_cprs:
            _used_cprs.add(value)
            return value


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen
        skip_postgeneration_save = True

    cpr = factory.LazyFunction(fake_cpr)
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    address = factory.Faker("street_address", locale="da_DK")
    postcode = "8700"
    city = "Horsens"

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        for unit in extracted or ():
            CitizenUnit.objects.create(citizen=self, unit=unit)


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    citizen = factory.SubFactory(CitizenFactory)
    author = factory.SubFactory(UserFactory)
    text = "Morgenpleje udført."
