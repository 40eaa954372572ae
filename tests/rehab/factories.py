import factory
from django.utils import timezone

from rehab.models import Bed, DischargeNotice, Pathway, Stay, StayType

from ..factories import CitizenFactory, UserFactory


class StayFactory(factory.django.DjangoModelFactory):
    """A stay written directly (bypassing the service), for lists and query counts."""

    class Meta:
        model = Stay

    bed = factory.LazyFunction(lambda: Bed.objects.get(label="T01"))
    citizen = factory.SubFactory(CitizenFactory)
    stay_type = factory.LazyFunction(lambda: StayType.objects.get(code="genoptraening"))
    starts_at = factory.LazyFunction(timezone.now)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timezone.timedelta(days=14))
    created_by = factory.SubFactory(UserFactory)


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DischargeNotice

    citizen = factory.SubFactory(CitizenFactory)
    ward = "Medicinsk afd. M3"
    expected_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=1))
    needs = "Hjælp til personlig pleje."


class PathwayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pathway

    citizen = factory.SubFactory(CitizenFactory)
    therapist = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("therapist")
    goals = "Jeg vil selv kunne gå ned efter avisen."
    planned_weeks = 10
    start_on = factory.LazyFunction(timezone.localdate)
