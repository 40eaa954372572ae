"""`make bench` hooks: build the rehab data of a generated municipality in bulk, and the pages to load."""

from django.db import transaction

from .demo import build
from .models import Stay
from .reference import ensure_reference_data


def populate(citizen_ids, rng):
    """Beds filled for a month around today, a waiting list, discharge notices and pathways."""
    with transaction.atomic():
        ensure_reference_data()
        if not Stay.objects.exists():
            build(None, rng=rng, citizen_ids=list(citizen_ids))


def pages():
    return [
        ("Sengeoversigt", "/rehab/senge/", "visitator"),
        ("Udskrivelser", "/rehab/udskrivelser/", "visitator"),
        ("Rehabiliteringsforløb", "/rehab/forloeb/", "terapeut"),
        ("Rehab nøgletal", "/rehab/oversigt/", "leder.vest"),
    ]
