"""Hospital messages in the citizen's pathway (citizens.timeline): admissions, leave, discharges and
deaths as the hospital announced them. A message has no page of its own, so the entry has no link;
it names the event and the hospital but not the ward (which can say more than every role should read).
Everyone who may open the record sees them: the record's header already shows the citizen admitted."""

from django.utils.translation import gettext as _

from citizens.timeline import Entry

from .models import HospitalMessage, MessageStatus


def entries(user, citizen):
    """One query."""
    messages = (
        HospitalMessage.objects.filter(citizen=citizen, status=MessageStatus.PROCESSED)
        .select_related("sender")
        .only("event", "occurred_at", "sender__name")
    )
    return [
        Entry(
            when=m.occurred_at,
            kind=_("Hospital message"),
            title=f"{m.get_event_display()} ({m.sender.name})",
            url=None,
            module="hospital",
        )
        for m in messages
    ]
