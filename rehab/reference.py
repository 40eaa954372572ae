"""Reference data of the Rehab- og Akutcenter: the 8 stay types with standard lengths, the acute type,
and the 17 temporary and 2 acute beds. Model defaults (domain.md §5), editable in the admin afterwards:
this only adds what is missing, so an administrator's edits stay."""

from carecore.reference import add_missing_rows

STAY_TYPE_FIELDS = ("code", "name", "standard_days", "max_days", "is_acute", "legal_basis")
STAY_TYPES = [
    ("genoptraening", "Genoptræning", 14, None, False, "Serviceloven § 84, stk. 2"),
    ("rehabilitering", "Rehabilitering", 21, None, False, "Serviceloven § 84, stk. 2"),
    ("afklaring", "Afklaring", 14, None, False, "Serviceloven § 84, stk. 2"),
    ("aflastning", "Aflastning", 7, None, False, "Serviceloven § 84, stk. 1"),
    ("terminal", "Terminal pleje", 30, None, False, "Sundhedsloven § 138"),
    ("observation", "Observation", 7, None, False, "Sundhedsloven § 138"),
    ("venter-bolig", "Venter på bolig/hjælpemidler", 14, None, False, "Serviceloven § 84, stk. 2"),
    ("sygeplejefagligt", "Sygeplejefagligt ophold", 10, None, False, "Sundhedsloven § 138"),
    ("akut", "Akut ophold", 3, 3, True, "Sundhedsloven § 138"),
]
# The waiting list's default priority per type of stay (settings.OMSORG_REHAB_WAITING_PRIORITY overrides
# it): terminal care and nursing/medical needs first; waiting for a home or aids is never urgent.
# 1 = urgent ("akut"), 2 = high, 3 = normal; a type not named is normal.
WAITING_PRIORITY = {"terminal": 1, "sygeplejefagligt": 2, "observation": 2, "genoptraening": 2}
TEMPORARY_BEDS = 17
ACUTE_BEDS = 2


def ensure_reference_data(**kwargs):
    from .models import Bed, BedKind, StayType

    add_missing_rows(StayType, STAY_TYPE_FIELDS, STAY_TYPES)
    have = set(Bed.objects.values_list("label", flat=True))
    beds = [(f"T{n:02d}", BedKind.TEMPORARY, n) for n in range(1, TEMPORARY_BEDS + 1)]
    beds += [(f"A{n}", BedKind.ACUTE, 100 + n) for n in range(1, ACUTE_BEDS + 1)]
    Bed.objects.bulk_create(
        [Bed(label=label, kind=kind, order=order) for label, kind, order in beds if label not in have]
    )
