"""The national medicine card (Fælles Medicinkort, FMK) behind one adapter: `fetch(cpr)` gives the
current list for a CPR number. Which adapter runs is a setting (OMSORG_FMK_ADAPTER); here it is a local
stand-in with demo data, in real life a client of the national service. `services.reconcile` compares
what the adapter gives with the citizen's list and records the differences."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class FmkLine:
    """One line of the medicine card as FMK gives it."""

    fmk_id: str
    drug: str
    form_strength: str
    dose: Decimal
    dose_unit: str
    times: list = field(default_factory=list)
    indication: str = ""
    prescriber: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    how_given: str = "dose_dispensed"


class FmkAdapter:
    """The interface every FMK adapter implements."""

    def fetch(self, cpr) -> list[FmkLine]:
        raise NotImplementedError


# (drug, form and strength, dose, unit, times, indication)
STAND_IN_DRUGS = [
    ("Metformin", "tablet 500 mg", "1", "tablet", ["08:00", "18:00"], "Type 2-diabetes"),
    ("Furosemid", "tablet 40 mg", "1", "tablet", ["08:00"], "Væske i kroppen"),
    ("Pinex", "tablet 500 mg", "2", "tablet", ["08:00", "12:00", "18:00", "22:00"], "Smerter"),
    ("Magnyl", "tablet 75 mg", "1", "tablet", ["08:00"], "Forebyggelse af blodprop"),
    ("Simvastatin", "tablet 40 mg", "1", "tablet", ["22:00"], "Forhøjet kolesterol"),
    ("Movicol", "pulver 13,8 g", "1", "tablet", ["12:00"], "Forstoppelse"),
    ("Xalatan", "øjendråber 50 mikrog/ml", "1", "drops", ["22:00"], "Grøn stær"),
]
PRESCRIBERS = ["Egen læge Anna Holm", "Egen læge Peter Krog", "Medicinsk afdeling, Regionshospitalet"]


def stand_in_fields(entry):
    """One STAND_IN_DRUGS entry as the fields of a medicine line."""
    drug, form, dose, unit, times, indication = entry
    return {
        "drug": drug,
        "form_strength": form,
        "dose": Decimal(dose),
        "dose_unit": unit,
        "times": list(times),
        "indication": indication,
    }


class LocalFmk(FmkAdapter):
    """A stand-in for FMK: a fixed, deterministic card per CPR number (three to five lines), or the
    lines a test put in `cards`."""

    cards: dict = {}

    def fetch(self, cpr):
        if cpr in self.cards:
            return list(self.cards[cpr])
        digest = int(hashlib.sha256(cpr.encode()).hexdigest(), 16)
        count = 3 + digest % 3
        start = timezone.localdate() - timedelta(days=60 + digest % 200)
        lines = []
        for i in range(count):
            # The first line is always the four-times-daily painkiller, so every medicine visit has a dose.
            others = [d for d in STAND_IN_DRUGS if d[0] != "Pinex"]
            entry = STAND_IN_DRUGS[2] if i == 0 else others[(digest // 7 + i) % len(others)]
            lines.append(
                FmkLine(
                    fmk_id=f"fmk-{digest % 100000:05d}-{i}",
                    **stand_in_fields(entry),
                    prescriber=PRESCRIBERS[(digest + i) % len(PRESCRIBERS)],
                    starts_on=start,
                    how_given="dose_dispensed" if i % 2 == 0 else "poured",
                )
            )
        return lines


def adapter() -> FmkAdapter:
    return import_string(getattr(settings, "OMSORG_FMK_ADAPTER", "medication.fmk.LocalFmk"))()


def fetch(cpr) -> list[FmkLine]:
    """The current medicine card of `cpr` from FMK."""
    return adapter().fetch(cpr)


def _as_content(fmk_line):
    return {
        "drug": fmk_line.drug,
        "form_strength": fmk_line.form_strength,
        "dose": Decimal(fmk_line.dose),
        "dose_unit": fmk_line.dose_unit,
        "times": sorted(fmk_line.times),
        "indication": fmk_line.indication,
        "prescriber": fmk_line.prescriber,
        "starts_on": fmk_line.starts_on or timezone.localdate(),
        "ends_on": fmk_line.ends_on,
        "how_given": fmk_line.how_given,
    }


def reconcile(citizen, *, by, now=None):
    """Bring the citizen's list in line with FMK and record what differed: a line only on FMK is added,
    a line that differs gets a new version, a line FMK no longer holds is ended today. Lines typed in
    here (no FMK id) are listed as differences but left as they are. Returns the reconciliation."""
    from django.db import transaction

    from .models import FmkReconciliation, MedicineLine
    from .services import add_line, change_line

    now = now or timezone.now()
    today = timezone.localdate(now)
    card = {line.fmk_id: line for line in fetch(citizen.cpr)}
    differences = []
    with transaction.atomic():
        local = list(
            MedicineLine.objects.select_for_update(of=("self",))
            .filter(citizen=citizen, current__isnull=False)
            .select_related("current")
            .order_by("id")
        )
        seen = set()
        for line in local:
            version = line.current
            ended = version.ends_on is not None and version.ends_on < today
            if not line.fmk_id:
                if not ended:
                    differences.append(f"Kun her, ikke på FMK: {version.drug} {version.form_strength}")
                continue
            seen.add(line.fmk_id)
            fmk_line = card.get(line.fmk_id)
            if fmk_line is None:
                if not ended:
                    change_line(
                        line,
                        by=by,
                        data={"ends_on": today},
                        note="Ikke længere på FMK",
                        source="fmk",
                        now=now,
                    )
                    differences.append(f"Seponeret på FMK: {version.drug} {version.form_strength}")
                continue
            wanted = _as_content(fmk_line)
            changed = [f for f, v in wanted.items() if version.content()[f] != v]
            if changed:
                change_line(line, by=by, data=wanted, note="Afstemt med FMK", source="fmk", now=now)
                differences.append(f"Ændret på FMK: {fmk_line.drug} ({', '.join(changed)})")
        for fmk_id, fmk_line in card.items():
            if fmk_id not in seen:
                add_line(citizen, by=by, data=_as_content(fmk_line), source="fmk", fmk_id=fmk_id, now=now)
                differences.append(f"Ny fra FMK: {fmk_line.drug} {fmk_line.form_strength}")
        return FmkReconciliation.objects.create(
            citizen=citizen,
            differences=differences,
            adapter=type(adapter()).__qualname__,
            reconciled_by=by,
            reconciled_at=now,
        )
