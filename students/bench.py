"""Benchmark hooks for `make bench`: trainees for a generated municipality, and the pages to load."""

from django.utils import timezone
from faker import Faker

from .demo import build


def populate(citizen_ids, rng):
    """One trainee per ten citizens (at least 120), with supervisors, placements and meetings."""
    fake = Faker("da_DK")
    fake.seed_instance(rng.randint(0, 10**6))
    build(rng, fake, timezone.localdate(), roster=max(120, len(citizen_ids) // 10))


def pages():
    return [
        ("Elever", "/elever/", "elevkoordinator"),
        ("Elever (vejleder)", "/elever/", "elevvejleder"),
        ("Praktikkalender", "/elever/praktik/", "elevkoordinator"),
        ("Praktikkalender (leder)", "/elever/praktik/", "leder.vest"),
        ("Elevoversigt", "/elever/oversigt/", "elevkoordinator"),
    ]
