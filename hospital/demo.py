"""Demo hospital messages: one admission of a citizen with home care (visits paused) and two messages
for CPR numbers no citizen has (the visitator's unmatched queue)."""

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from citizens.models import Citizen, CitizenStatus

from .models import HospitalMessage, HospitalSender
from .services import receive

HN = "http://medcomfhir.dk/ig/hospitalnotification/StructureDefinition/"
WARD = "Medicinsk afdeling, Regionshospitalet"


def _id(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "omsorg-demo:" + ":".join(parts)))


def message(*, key, cpr, name, activity, status, start, end=None, encounter_class="IMP"):
    """A MedCom HospitalNotification Bundle shaped like MedCom's published examples."""
    header, patient, encounter, sender, provenance = (_id(key, x) for x in ("h", "p", "e", "s", "v"))
    period = {"start": start.isoformat()}
    if end:
        period["end"] = end.isoformat()
    resources = [
        {
            "resourceType": "MessageHeader",
            "id": header,
            "eventCoding": {
                "system": "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-eventCodes",
                "code": "hospital-notification-message",
            },
            "sender": {"reference": f"Organization/{sender}"},
            "source": {"endpoint": "https://sor2.sum.dsdn.dk/#id=265161000016000"},
            "focus": [{"reference": f"Encounter/{encounter}"}],
        },
        {
            "resourceType": "Patient",
            "id": patient,
            "identifier": [{"system": "urn:oid:1.2.208.176.1.2", "value": cpr.replace("-", "")}],
            "name": [{"use": "official", "family": name}],
        },
        {
            "resourceType": "Encounter",
            "id": encounter,
            "status": status,
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": encounter_class},
            "subject": {"reference": f"Patient/{patient}"},
            "episodeOfCare": [{"identifier": {"value": _id(cpr, "episode")}}],
            "period": period,
            "serviceProvider": {"reference": f"Organization/{sender}"},
        },
        {"resourceType": "Organization", "id": sender, "name": WARD},
        {
            "resourceType": "Provenance",
            "id": provenance,
            "target": [{"reference": f"MessageHeader/{header}"}],
            "recorded": start.isoformat(),
            "occurredDateTime": start.isoformat(),
            "activity": {
                "coding": [
                    {
                        "system": "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes",
                        "code": activity,
                    }
                ]
            },
            "agent": [{"who": {"reference": f"Organization/{sender}"}}],
        },
    ]
    return {
        "resourceType": "Bundle",
        "id": _id(key),
        "meta": {"profile": [HN + "medcom-hospitalNotification-message"]},
        "type": "message",
        "timestamp": start.isoformat(),
        "entry": [{"fullUrl": f"{r['resourceType']}/{r['id']}", "resource": r} for r in resources],
    }


@transaction.atomic
def seed(out=None, **options):
    if HospitalMessage.objects.exists():
        if out:
            out.write("Hospital messages: already seeded\n")
        return
    sender = HospitalSender(name="Regionshospitalet (demo)", sor_code="265161000016000")
    sender.issue_token()  # the token is not shown: issue one with `manage.py issue_hospital_token`
    sender.save()
    now = timezone.now()
    admitted = (
        Citizen.objects.filter(status=CitizenStatus.ACTIVE, visit_plans__isnull=False)
        .exclude(absences__isnull=False)
        .order_by("id")
        .first()
    )
    if admitted is not None:
        receive(
            sender=sender,
            raw=message(
                key="admitted",
                cpr=admitted.cpr,
                name=admitted.last_name,
                activity="admit-inpatient",
                status="in-progress",
                start=now - timedelta(hours=5),
            ),
        )
    for n, (cpr, name, activity, status) in enumerate(
        [
            ("010150-9912", "Ukendt", "admit-inpatient", "in-progress"),
            ("121244-9936", "Udenbys", "admit-emergency", "in-progress"),
        ]
    ):
        receive(
            sender=sender,
            raw=message(
                key=f"unmatched-{n}",
                cpr=cpr,
                name=name,
                activity=activity,
                status=status,
                start=now - timedelta(hours=2 + n),
                encounter_class="EMER" if activity == "admit-emergency" else "IMP",
            ),
        )
    if out:
        out.write(f"Hospital messages: {HospitalMessage.objects.count()} (2 unmatched)\n")
