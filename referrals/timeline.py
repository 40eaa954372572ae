"""Referrals in the citizen's pathway (citizens.timeline): each referral the user may see — to or from
their units, or sent by them — dated when it was sent, linking to the referral."""

from django.urls import reverse
from django.utils.translation import gettext as _

from citizens.timeline import Entry, may_open

from .models import Referral


def entries(user, citizen):
    if not may_open(user, "referrals:detail"):
        return []
    referrals = Referral.objects.visible_to(user).filter(citizen=citizen).select_related("to_unit")
    return [
        Entry(
            when=r.sent_at,
            kind=_("Referral"),
            title=r.title,
            url=reverse("referrals:detail", args=[r.pk]),
            module="referrals",
        )
        for r in referrals
    ]
