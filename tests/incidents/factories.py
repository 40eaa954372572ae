from datetime import timedelta

import factory
from django.utils import timezone

from carecore.roles import Role
from incidents import services
from incidents.models import HandlerGroup, Incident, IncidentType

from ..factories import make_staff


def incident_type(code="fald"):
    # get_or_create: a transactional test after a flush no longer has the data migration's rows.
    return IncidentType.objects.get_or_create(code=code, defaults={"name": code.title()})[0]


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    description = "Borger faldet i stuen."
    reported_actual = "mild"
    reported_possible = "moderate"
    actual_severity = factory.SelfAttribute("reported_actual")
    possible_severity = factory.SelfAttribute("reported_possible")
    type = factory.LazyFunction(incident_type)


def handler_group(code, root, *members, force=False):
    group, _ = HandlerGroup.objects.get_or_create(
        code=code, defaults={"name": code.title(), "root_unit": root, "handles_force": force}
    )
    group.members.add(*members)
    return group


def handler(username, unit):
    return make_staff(username, role=Role.UTH_HANDLER, units=[unit])


def approve(incident, by):
    """The case handler approves the anonymised texts as the anonymiser proposed them."""
    from incidents.anonymise import KnownPeople, anonymise

    sources = services.export_sources(incident.__class__.objects.get(pk=incident.pk))
    people = KnownPeople.in_texts(sources.values())
    return services.approve_export(incident, by, **{k: anonymise(v, people) for k, v in sources.items()})
