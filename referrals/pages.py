"""The referrals' pages (see carecore.registry). Every member of staff who works with citizens may refer
one and follow what they sent; the professionals and leaders of a receiving unit answer."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import Page, Tile, declare, record_page
from carecore.roles import CARE_STAFF, Role

from .models import RECEIVING_ROLES

VIEW_ROLES = (*CARE_STAFF, Role.VISITATOR, Role.LEADER)
REFERRAL = "referrals.Referral"
PART = "henvisning"

declare(
    Page(
        "referrals:list",
        roles=VIEW_ROLES,
        label=_("Referrals"),
        nav=58,
        tiles={Role.THERAPIST: Tile(_("Referrals"), _("Citizens referred to your unit."), 15)},
    ),
    Page("referrals:new", roles=VIEW_ROLES),
    record_page(
        "referrals:refer",
        roles=VIEW_ROLES,
        label=_("Refer to another unit"),
        part=PART,
    ),
    Page("referrals:detail", roles=VIEW_ROLES, model=REFERRAL, part=PART),
    Page("referrals:accept", roles=RECEIVING_ROLES, model=REFERRAL, part=PART),
    Page("referrals:decline", roles=RECEIVING_ROLES, model=REFERRAL, part=PART),
    Page("referrals:cancel", roles=VIEW_ROLES, model=REFERRAL, part=PART),
)
