"""The visitation's pages (see carecore.registry). Leaders see the orders the visitation has placed
with their units; the visitator assesses and decides."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import Page, Tile, declare
from carecore.roles import Role

VIEW_ROLES = (Role.VISITATOR, Role.LEADER)
CASE = "visitation.Case"

declare(
    Page(
        "visitation:list",
        roles=VIEW_ROLES,
        label=_("Visitation"),
        nav=55,
        tiles={
            Role.VISITATOR: Tile(_("Visitation"), _("Requests for help, assessments and decisions."), 5),
            Role.LEADER: Tile(_("Orders"), _("Services the visitation has ordered from your units."), 15),
        },
    ),
    Page("visitation:case", roles=VIEW_ROLES, model=CASE, part="visitation:sag"),
    Page("visitation:assess", roles=(Role.VISITATOR,), model=CASE, part="visitation:sag"),
    Page("visitation:decide", roles=(Role.VISITATOR,), model=CASE, part="visitation:sag"),
    Page("visitation:decision_pdf", roles=VIEW_ROLES, model=CASE, part="visitation:afgoerelse"),
    Page("visitation:decision_version_pdf", roles=VIEW_ROLES, model=CASE, part="visitation:afgoerelse"),
)
