"""Test objects of the hospital-message app."""

from django.utils import timezone

from hospital.models import HospitalMessage, HospitalSender, MessageStatus


def make_unmatched_message(patient_name=""):
    """A STIN message whose CPR number matched no citizen, waiting for the visitator."""
    now = timezone.now()
    return HospitalMessage.objects.create(
        message_id="m-1",
        header_id="h-1",
        sender=HospitalSender.objects.create(name="Testsygehus", token_hash="0" * 64),
        event="STIN",
        episode="ep-1",
        cpr="0101501234",
        patient_name=patient_name,
        occurred_at=now,
        period_start=now,
        status=MessageStatus.UNMATCHED,
        payload={},
    )
