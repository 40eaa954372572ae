"""Coordinates of citizens' addresses behind one adapter: `AddressRegister.lookup(address)` gives
(latitude, longitude). Which adapter runs is a setting (OMSORG_ADDRESS_REGISTER); here it is a local
stand-in that places every address at a fixed point inside the municipality, in real life a client of the
national address register (DAWA/DAR). Home care's routes read the coordinates stored on the citizen."""

import hashlib

from django.conf import settings
from django.utils.module_loading import import_string

# The municipality's centre and half its extent in degrees (about 30 × 25 km).
CENTRE = (56.17, 9.55)
HALF_SPAN = (0.11, 0.2)


class AddressRegister:
    """The interface every address-register adapter implements."""

    def lookup(self, address) -> tuple[float, float] | None:
        """(latitude, longitude) of a full address ("Street 1, 8600 City"), or None if unknown."""
        raise NotImplementedError


class LocalAddressRegister(AddressRegister):
    """A stand-in for the national register: a deterministic point inside the municipality for every
    address (the same address always lands on the same point), or the points a test put in `points`."""

    points: dict = {}

    def lookup(self, address):
        address = " ".join((address or "").split())
        if not address:
            return None
        if address in self.points:
            return self.points[address]
        digest = hashlib.sha256(address.lower().encode()).digest()
        u = int.from_bytes(digest[:4]) / 2**32
        v = int.from_bytes(digest[4:8]) / 2**32
        return (
            round(CENTRE[0] + (2 * u - 1) * HALF_SPAN[0], 6),
            round(CENTRE[1] + (2 * v - 1) * HALF_SPAN[1], 6),
        )


def register() -> AddressRegister:
    return import_string(
        getattr(settings, "OMSORG_ADDRESS_REGISTER", "citizens.addresses.LocalAddressRegister")
    )()


def full_address(citizen):
    return f"{citizen.address}, {citizen.postcode} {citizen.city}".strip(", ")


def lookup(address):
    """The coordinates of `address` from the address register."""
    return register().lookup(address)


def locate_missing(citizens=None, *, batch=500):
    """Fill the coordinates of citizens who have none from the address register (all, or the given
    QuerySet). Returns how many were located. Written with a plain update, not as a change of the
    record: coordinates are the register's, not a caseworker's."""
    from .models import Citizen

    qs = (citizens if citizens is not None else Citizen.objects.all()).filter(latitude__isnull=True)
    located = 0
    adapter = register()
    for citizen in qs.only("id", "address", "postcode", "city").iterator(chunk_size=batch):
        point = adapter.lookup(full_address(citizen))
        if point is not None:
            Citizen.objects.filter(pk=citizen.pk).update(latitude=point[0], longitude=point[1])
            located += 1
    return located
