"""Periodic jobs of home care. Idempotent: running one twice writes nothing more."""

from . import services


def generate_visits(now=None):
    """Nightly: visits for the next 14 days from all visit plans (bulk; see services.generate_visits)."""
    return services.generate_visits(now=now)
