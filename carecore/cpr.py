"""Danish CPR numbers: DDMMYY-SSSS. The 7th digit with the two-digit year gives the century.
Modulus-11 is no longer required (numbers without it have been issued since 2007)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CPR_RE = re.compile(r"^\s*(\d{2})(\d{2})(\d{2})-?(\d{4})\s*$")


def century(year2: int, seventh: int) -> int:
    if seventh in (0, 1, 2, 3):
        return 1900
    if seventh in (4, 9):
        return 2000 if year2 <= 36 else 1900
    if seventh in (5, 6, 7, 8):
        return 2000 if year2 <= 57 else 1800
    raise ValueError(seventh)


def parse(value: str):
    """Return (normalised "DDMMYY-SSSS", birth date) or raise ValidationError with a Danish message."""
    match = CPR_RE.match(value or "")
    if not match:
        raise ValidationError(_("Enter the CPR number as DDMMYY-SSSS (10 digits)."), code="format")
    dd, mm, yy, serial = match.groups()
    year = century(int(yy), int(serial[0])) + int(yy)
    try:
        born = datetime.date(year, int(mm), int(dd))
    except ValueError:
        raise ValidationError(_("The CPR number does not start with a real date."), code="date") from None
    return f"{dd}{mm}{yy}-{serial}", born


def validate_cpr(value):
    parse(value)


def written(value: str) -> str:
    """How a full CPR number is written on every page, DDMMYY-SSSS, whatever form it came in
    (a hospital message sends it without the hyphen); anything else is shown as it is."""
    match = CPR_RE.match(value or "")
    if not match:
        return value or ""
    dd, mm, yy, serial = match.groups()
    return f"{dd}{mm}{yy}-{serial}"


def mask(value: str) -> str:
    """Lists show only the date part: DDMMYY-xxxx."""
    if not value:
        return ""
    return f"{value[:6]}-xxxx"
