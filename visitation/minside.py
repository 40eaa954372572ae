"""The citizen's current decision on Min side (citizens.portal): what was decided, from when, which
help and how often, and when it is looked at again, and a link to the decision letter (the citizen's own
copy, served by `visitation:citizen_letter`)."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from citizens.portal import Item, Section

from .models import Decision, GrantedService, Outcome


def sections(citizen, *, today):
    """Two queries; no section before the first decision."""
    decision = (
        Decision.objects.filter(case__citizen=citizen, replaced_by__isnull=True)
        .only("outcome", "start_on", "reassess_on", "decided_at", "version")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=GrantedService.objects.select_related("service").only(
                    "decision_id", "weekdays", "minutes", "service__name"
                ),
            )
        )
        .order_by("-decided_at", "-version")
        .first()
    )
    if decision is None:
        return []
    date = lambda day: formats.date_format(day, "j. F Y")  # noqa: E731
    if decision.outcome == Outcome.GRANTED:
        heading = _("We granted you help from %(date)s") % {"date": date(decision.start_on)}
    else:
        heading = _("We decided on %(date)s not to grant the help you asked for") % {
            "date": date(decision.decided_at.date())
        }
    items = [
        Item(
            title=granted.service.name,
            when=ngettext(
                "%(times)s time a week, %(minutes)s minutes each time",
                "%(times)s times a week, %(minutes)s minutes each time",
                granted.times_per_week,
            )
            % {"times": granted.times_per_week, "minutes": granted.minutes},
        )
        for granted in decision.services.all()
    ]
    if decision.reassess_on:
        items.append(
            Item(title=_("We look at your help again by %(date)s") % {"date": date(decision.reassess_on)})
        )
    items.append(
        Item(
            title=_("Read the decision letter (PDF)"),
            url=reverse("visitation:citizen_letter", args=[decision.pk]),
        )
    )
    return [
        Section(
            key="decision",
            heading=_("Your decision"),
            items=[Item(title=heading), *items],
            order=10,
        )
    ]
