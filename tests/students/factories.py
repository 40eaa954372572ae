"""Factories for the trainee module."""

import itertools
from datetime import date, timedelta

import factory

from students.models import Applicant, ApplicantStage, PayBasis, Placement, Programme, Trainee, TraineeStatus
from students.services import generate_meetings

_serial = itertools.count(1)


def trainee_cpr():
    n = next(_serial)
    born = date(1980, 1, 1) + timedelta(days=n % 9000)
    return f"{born:%d%m%y}-{(n // 9000) % 4}{n % 1000:03d}"


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    cpr = factory.LazyFunction(trainee_cpr)
    programme = Programme.SSA
    intake = "2026-02"
    start_date = date(2026, 2, 1)
    expected_end = date(2028, 12, 15)
    pay_basis = PayBasis.TRAINEE
    status = TraineeStatus.ACTIVE


def place(trainee, unit, supervisor=None, starts_on=date(2026, 3, 2), ends_on=date(2026, 5, 31), **extra):
    """A placement saved straight to the database (no rule checks), with its meetings."""
    placement = Placement.objects.create(
        trainee=trainee, unit=unit, supervisor=supervisor, starts_on=starts_on, ends_on=ends_on, **extra
    )
    generate_meetings(placement)
    return placement


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.Faker("email", locale="da_DK")
    phone = "12345678"
    programme = Programme.SSH
    stage = ApplicantStage.APPLIED
