"""Home care acting on the citizen's pathway (citizens.pathway): a visitation decision's order becomes
visit plans of the provider, and visits are generated from them."""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from carecore.models import save_valid

from .models import Recurrence, ServiceType, Visit, VisitPlan, VisitStatus
from .services import generate_visits

# Where the order gives no time of day, the planner starts from these windows and moves them.
DEFAULT_WINDOWS = {
    ServiceType.PERSONAL_CARE: (time(7, 30), time(9, 30)),
    ServiceType.PRACTICAL_HELP: (time(10, 0), time(14, 0)),
    ServiceType.NURSING: (time(11, 30), time(12, 30)),
}
ALL_DAYS = "0123456"


def _end_plans(decision_ref, last_day):
    """The replaced order's plans end on `last_day`; a plan that has not begun by then is withdrawn
    together with its planned visits (it never delivered anything)."""
    plans = list(VisitPlan.objects.select_for_update().filter(decision_ref=decision_ref))
    ended = []
    for plan in plans:
        if plan.starts_on > last_day:
            Visit.objects.filter(plan=plan, status=VisitStatus.PLANNED).delete()
            if not Visit.objects.filter(plan=plan).exists():
                plan.delete()
                continue
            last = plan.starts_on
        else:
            last = last_day
        if plan.ends_on is None or plan.ends_on > last:
            plan.ends_on = last
            plan.save(update_fields=["ends_on"])
        ended.append(plan)
    if ended:
        generate_visits(plans=ended)


@transaction.atomic
def on_services_granted(
    sender, *, citizen, provider, decision_ref, services, replaces=None, by=None, **kwargs
):
    """Receiver of citizens.pathway.services_granted. Idempotent on `decision_ref`: an order already
    turned into plans is not planned again. Visits start the day after the decision's start."""
    if VisitPlan.objects.filter(decision_ref=decision_ref).exists():
        return []
    starts = [s["start"] for s in services if s.get("start")]
    if replaces:
        _end_plans(replaces, min(starts) if starts else timezone.localdate())
    plans = []
    for service in services:
        service_type = service.get("service_type")
        if service_type not in ServiceType.values or by is None:
            continue  # not a home-care visit (meals, alarm, training)
        weekdays = "".join(sorted(set(service.get("weekdays") or ())))
        window_start, window_end = DEFAULT_WINDOWS[service_type]
        starts_on = service["start"] + timedelta(days=1)
        plan = VisitPlan(
            citizen=citizen,
            team=provider,
            service_type=service_type,
            title=service["name"][:100],
            tasks=service.get("note") or service["name"],
            recurrence=Recurrence.DAILY if weekdays in ("", ALL_DAYS) else Recurrence.WEEKLY,
            weekdays="" if weekdays == ALL_DAYS else weekdays,
            window_start=window_start,
            window_end=window_end,
            duration_minutes=service["minutes"],
            starts_on=starts_on,
            ends_on=service.get("end"),
            created_by=by,
            decision_ref=decision_ref,
        )
        save_valid(plan)
        plans.append(plan)
    if plans:
        generate_visits(plans=plans)
    return plans
