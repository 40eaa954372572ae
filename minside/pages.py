"""Min side's staff pages (see carecore.registry). The citizens' own pages at /min-side/ are not role
pages: they are for citizen sessions only (minside.access.citizen_page, minside.middleware)."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import Page, Tile, declare, record_page
from carecore.roles import Role
from citizens.models import AccessPart

ANSWER = "minside.answer_accessquestion"
QUESTIONS = _("Citizens' questions")
ABOUT_QUESTIONS = _("Questions from citizens about looks at their record.")

declare(
    record_page(
        "attorneys:citizen",
        permission="citizens.change_citizen",
        label=_("Powers of attorney"),
        part="paaroerende",
    ),
    Page(
        "attorneys:revoke",
        permission="citizens.change_citizen",
        model="minside.PowerOfAttorney",
        part="paaroerende",
    ),
    Page(
        "dpo:questions",
        permission=ANSWER,
        label=QUESTIONS,
        nav=115,
        tiles={
            Role.DPO: Tile(QUESTIONS, ABOUT_QUESTIONS, 10),
            Role.SYSADMIN: Tile(QUESTIONS, ABOUT_QUESTIONS, 30),
        },
    ),
    Page("dpo:answer", permission=ANSWER, model="minside.AccessQuestion", part=AccessPart.ACCESS_LOG),
)
