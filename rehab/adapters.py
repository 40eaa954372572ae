"""The door for hospital messages: a discharge notice from a structured message (e.g. a MedCom
discharge report, once parsed). Idempotent on the message id, so a resent message is one notice."""

from django.utils.dateparse import parse_datetime

from citizens.models import Citizen

from .models import DischargeNotice, NoticeSource
from .services import register_notice


def notice_from_hospital_message(message):
    """`message`: {"id", "cpr", "ward", "expected" (ISO 8601), "needs", "training_plan"}."""
    existing = DischargeNotice.objects.filter(external_ref=message["id"]).first()
    if existing:
        return existing
    citizen = Citizen.objects.get(cpr=message["cpr"])
    return register_notice(
        citizen=citizen,
        ward=message["ward"],
        expected_at=parse_datetime(message["expected"]),
        needs=message.get("needs", ""),
        training_plan=bool(message.get("training_plan")),
        source=NoticeSource.HOSPITAL,
        external_ref=message["id"],
    )
