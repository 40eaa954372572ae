"""Reading a MedCom HospitalNotification (FHIR R4 message Bundle) and writing the answer.

The structure is validated with fhir.resources (R4B models, which read R4 messages of these resource
types unchanged); the MedCom rules we act on are checked here: the profile, exactly one patient with a
CPR identifier, the encounter with its episode of care and period, and the provenance of this message
with an activity from MedCom's value set. How the codes combine into the use-case codes (STIN, SLHJ,
MORS, ...) follows MedCom's "Overview of HospitalNotification codes"."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from pydantic import ValidationError as PydanticError

PROFILE = "medcom-hospitalNotification-message"
CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
ACTIVITY_SYSTEM = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes"
ACK_PROFILE = "http://medcomfhir.dk/ig/acknowledgement/StructureDefinition/medcom-messaging-acknowledgement"
ENCOUNTER_STATUSES = {"in-progress", "onleave", "finished", "entered-in-error", "cancelled"}

# Provenance.activity -> use-case code (MedCom value set medcom-hospitalNotification-messageActivities)
ACTIVITIES = {
    "admit-inpatient": "STIN",
    "revise-admit-inpatient": "RE_STIN",
    "cancel-admit-inpatient": "AN_STIN",
    "admit-emergency": "STAA",
    "revise-admit-emergency": "RE_STAA",
    "cancel-admit-emergency": "AN_STAA",
    "start-leave-inpatient": "STOR",
    "revise-start-leave-inpatient": "RE_STOR",
    "cancel-start-leave-inpatient": "AN_STOR",
    "end-leave-inpatient": "SLOR",
    "revise-end-leave-inpatient": "RE_SLOR",
    "cancel-end-leave-inpatient": "AN_SLOR",
    "discharge-inpatient-home": "SLHJ",
    "discharge-emergency-home": "SLHJ",
    "revise-discharge-inpatient-home": "RE_SLHJ",
    "revise-discharge-emergency-home": "RE_SLHJ",
    "cancel-discharge-inpatient-home": "AN_SLHJ",
    "cancel-discharge-emergency-home": "AN_SLHJ",
}


class MessageError(Exception):
    """The message cannot be accepted. `status` is the HTTP status, `code` the FHIR issue type."""

    def __init__(self, reason, *, status=400, code="invalid"):
        super().__init__(reason)
        self.reason, self.status, self.code = reason, status, code


@dataclass
class Notification:
    message_id: str
    header_id: str
    event: str
    episode: str
    cpr: str
    patient_name: str
    ward: str
    occurred_at: datetime
    period_start: datetime
    period_end: datetime | None
    deceased: bool | None = None


def _aware(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    # a date only: the start of that day, local time
    return timezone.make_aware(datetime.combine(value, datetime.min.time()))


def _resources(bundle, kind):
    return [e.resource for e in bundle.entry or () if e.resource and e.resource.get_resource_type() == kind]


def _one(bundle, kind):
    found = _resources(bundle, kind)
    if len(found) != 1:
        raise MessageError(f"The message must contain exactly one {kind} (found {len(found)}).")
    return found[0]


def _has_profile(resource):
    return any(str(p).endswith("/" + PROFILE) for p in ((resource.meta and resource.meta.profile) or ()))


def _cpr(patient):
    for identifier in patient.identifier or ():
        if identifier.system == CPR_SYSTEM and identifier.value:
            digits = identifier.value.replace("-", "")
            if len(digits) == 10 and digits.isdigit():
                return f"{digits[:6]}-{digits[6:]}"
    raise MessageError("Patient.identifier must hold a CPR number (system urn:oid:1.2.208.176.1.2).")


def _current_provenance(provenances, header_id):
    """The provenance of this message: the one whose target is this message's header."""
    mine = [
        p
        for p in provenances
        if any((t.reference or "").rstrip("/").endswith("MessageHeader/" + header_id) for t in p.target or ())
    ]
    if not mine:
        raise MessageError("No Provenance has this message's MessageHeader as its target.")
    return max(mine, key=lambda p: p.recorded)


def _activity(provenance):
    for coding in (provenance.activity and provenance.activity.coding) or ():
        if coding.system == ACTIVITY_SYSTEM and coding.code in ACTIVITIES:
            return coding.code
    raise MessageError(
        "Provenance.activity is not a code of MedCom's hospital notification activities.",
        status=422,
        code="code-invalid",
    )


def _event(activity, encounter, patient):
    """Use-case code from the activity, the encounter status and Patient.deceased (MedCom's overview)."""
    if patient.deceasedBoolean is True or patient.deceasedDateTime is not None:
        return "MORS"
    return ACTIVITIES[activity]


def _ward(bundle, encounter):
    ref = (encounter.serviceProvider and encounter.serviceProvider.reference) or ""
    for org in _resources(bundle, "Organization"):
        if ref.endswith("Organization/" + str(org.id)):
            return org.name or ""
    return ""


def parse(raw):
    """The JSON body -> a Notification, or MessageError with the reason."""
    if not isinstance(raw, dict) or raw.get("resourceType") != "Bundle":
        raise MessageError("The body must be a FHIR Bundle in JSON.")
    try:
        bundle = Bundle.model_validate(raw)
    except PydanticError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)[:5]
        )
        raise MessageError(f"The Bundle is not valid FHIR: {details}") from exc
    except (ValueError, TypeError) as exc:
        raise MessageError(f"The Bundle is not valid FHIR: {exc}") from exc
    if bundle.type != "message":
        raise MessageError("Bundle.type must be 'message'.")
    if not _has_profile(bundle):
        raise MessageError(
            "Unknown profile: this endpoint takes MedCom HospitalNotification messages "
            f"(meta.profile …/{PROFILE}).",
            status=422,
            code="not-supported",
        )
    if not bundle.id:
        raise MessageError("Bundle.id (the message id) is missing.")
    header = _one(bundle, "MessageHeader")
    if not header.eventCoding or header.eventCoding.code != "hospital-notification-message":
        raise MessageError(
            "MessageHeader.eventCoding must be hospital-notification-message.",
            status=422,
            code="not-supported",
        )
    patient = _one(bundle, "Patient")
    encounter = _one(bundle, "Encounter")
    if encounter.status not in ENCOUNTER_STATUSES:
        raise MessageError(f"Encounter.status '{encounter.status}' is not a hospital notification status.")
    if not encounter.period or not encounter.period.start:
        raise MessageError("Encounter.period.start is missing.")
    episodes = [
        e.identifier.value for e in encounter.episodeOfCare or () if e.identifier and e.identifier.value
    ]
    if not episodes:
        raise MessageError("Encounter.episodeOfCare.identifier is missing.")
    provenance = _current_provenance(_resources(bundle, "Provenance"), str(header.id))
    activity = _activity(provenance)
    names = [n for n in patient.name or () if n.use == "official"] or list(patient.name or ())
    name = " ".join([*(names[0].given or ()), names[0].family or ""]).strip() if names else ""
    return Notification(
        message_id=str(bundle.id),
        header_id=str(header.id),
        event=_event(activity, encounter, patient),
        episode=episodes[0],
        cpr=_cpr(patient),
        patient_name=name,
        ward=_ward(bundle, encounter),
        occurred_at=_aware(provenance.occurredDateTime or provenance.recorded),
        period_start=_aware(encounter.period.start),
        period_end=_aware(encounter.period.end),
        deceased=patient.deceasedBoolean,
    )


def operation_outcome(reason, *, severity="error", code="invalid"):
    outcome = OperationOutcome(
        id=str(uuid.uuid4()), issue=[{"severity": severity, "code": code, "diagnostics": reason}]
    )
    return outcome.model_dump(mode="json", exclude_none=True)


def acknowledgement(message_id, header_id, *, received_at):
    """MedCom Acknowledgement: a message Bundle whose MessageHeader answers the received header with
    response code 'ok'. Built from the stored message alone, so a repeated message gets the same answer."""
    ack_id = uuid.uuid5(uuid.NAMESPACE_URL, f"medcom-ack:{message_id}")
    header_uuid = uuid.uuid5(uuid.NAMESPACE_URL, f"medcom-ack-header:{message_id}")
    stamp = timezone.localtime(received_at).isoformat()
    bundle = Bundle(
        id=str(ack_id),
        meta={"profile": [ACK_PROFILE]},
        type="message",
        timestamp=stamp,
        entry=[
            {
                "fullUrl": f"MessageHeader/{header_uuid}",
                "resource": {
                    "resourceType": "MessageHeader",
                    "id": str(header_uuid),
                    "eventCoding": {
                        "system": "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-eventCodes",
                        "code": "acknowledgement-message",
                    },
                    "source": {"endpoint": "urn:omsorg:hospitalnotification"},
                    "response": {"identifier": header_id, "code": "ok"},
                },
            }
        ],
    )
    return bundle.model_dump(mode="json", exclude_none=True)
