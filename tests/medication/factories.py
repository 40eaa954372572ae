from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from medication import services

CPH = ZoneInfo("Europe/Copenhagen")


def line_data(**overrides):
    data = {
        "drug": "Metformin",
        "form_strength": "tablet 500 mg",
        "dose": Decimal("1"),
        "dose_unit": "tablet",
        "times": ["08:00", "18:00"],
        "indication": "Type 2-diabetes",
        "prescriber": "Egen læge Anna Holm",
        "starts_on": date(2026, 3, 1),
        "ends_on": None,
        "how_given": "dose_dispensed",
    }
    data.update(overrides)
    return data


def make_line(citizen, by, **overrides):
    return services.add_line(citizen, by=by, data=line_data(**overrides))


def make_visit_at(
    citizen, team, *, hour, minute=0, day=date(2026, 3, 23), carer=None, delegated_task="medicine"
):
    """A planned visit for `citizen` on `day` at a local time, in `team`, assigned to `carer`."""
    from homecare.models import Visit

    from ..homecare.factories import VisitPlanFactory

    plan = VisitPlanFactory(citizen=citizen, team=team, title="Medicin", delegated_task=delegated_task)
    start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=CPH)
    return Visit.objects.create(
        plan=plan,
        citizen=citizen,
        team=team,
        date=day,
        starts_at=start,
        ends_at=start + timedelta(minutes=15),
        window_end=start + timedelta(minutes=60),
        title="Medicin",
        tasks="Giv medicin",
        delegated_task=delegated_task,
        assigned_to=carer,
    )
