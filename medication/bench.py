"""`make bench` hooks: medicine lists in bulk for the citizens with medicine visits, and the pages to load
(the medicine list, and Min dag for the nurse)."""

from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .fmk import STAND_IN_DRUGS, stand_in_fields
from .models import MedicineLine, MedicineLineVersion, Pouring

LIMIT = 5000


def populate(citizen_ids, rng):
    """Three to five lines per citizen with medicine visits (bulk: lines, versions, one UPDATE)."""
    if MedicineLine.objects.exists() or not apps.is_installed("homecare"):
        return {"lines": 0}
    nurse = get_user_model().objects.filter(username="sygeplejerske").first()
    if nurse is None:
        return {"lines": 0}
    Visit = apps.get_model("homecare", "Visit")
    ids = list(
        Visit.objects.filter(citizen_id__in=citizen_ids, delegated_task="medicine")
        .values_list("citizen_id", flat=True)
        .distinct()[:LIMIT]
    )
    now = timezone.now()
    plan = []
    for citizen_id in ids:
        for drug in rng.sample(STAND_IN_DRUGS, rng.randint(3, 5)):
            plan.append((citizen_id, drug, rng.random() < 0.3))
    lines = MedicineLine.objects.bulk_create(
        [MedicineLine(citizen_id=c, created_at=now) for c, _drug, _poured in plan], batch_size=2000
    )
    start = timezone.localdate() - timedelta(days=90)
    MedicineLineVersion.objects.bulk_create(
        [
            MedicineLineVersion(
                line=line,
                number=1,
                **stand_in_fields(drug),
                prescriber="Egen læge",
                starts_on=start,
                how_given="poured" if poured else "dose_dispensed",
                recorded_by=nurse,
                recorded_at=now,
            )
            for line, (_c, drug, poured) in zip(lines, plan, strict=True)
        ],
        batch_size=2000,
    )
    MedicineLine.objects.filter(current__isnull=True).update(
        current=Subquery(MedicineLineVersion.objects.filter(line=OuterRef("pk")).values("pk")[:1])
    )
    # Four fortnightly pourings of each citizen's poured lines, the medicine list shows the latest.
    poured = {}
    for line, (citizen_id, (drug, form, *_rest), is_poured) in zip(lines, plan, strict=True):
        if is_poured:
            poured.setdefault(citizen_id, []).append(
                {"line": line.pk, "version": 1, "text": f"{drug} {form}"}
            )
    today = timezone.localdate()
    pourings = Pouring.objects.bulk_create(
        [
            Pouring(
                citizen_id=citizen_id,
                starts_on=today - timedelta(days=14 * n),
                ends_on=today - timedelta(days=14 * n - 13),
                poured=items,
                poured_by=nurse,
                poured_at=now - timedelta(days=14 * n + 1),
            )
            for citizen_id, items in poured.items()
            for n in range(4)
        ],
        batch_size=2000,
    )
    return {"lines": len(lines), "pourings": len(pourings)}


def pages():
    citizen_id = (
        MedicineLine.objects.filter(citizen__serving__unit__code="vest-team-1")
        .values_list("citizen_id", flat=True)
        .first()
    )
    result = [("Min dag (sygeplejerske)", "/min-dag/", "sygeplejerske")]
    if citizen_id:
        result.append(("Medicinliste", f"/borgere/{citizen_id}/medicin/", "sygeplejerske"))
    return result
