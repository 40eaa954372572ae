"""Medication's pages (see carecore.registry). Nurses of the citizen's units and leaders change the
medicine list; the home-care staff serving the citizen read it and record the doses they give."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import Page, Tile, declare, record_page
from carecore.roles import Role

EDIT_ROLES = (Role.NURSE, Role.LEADER)
READ_ROLES = (Role.NURSE, Role.LEADER, Role.SSH, Role.SSA)
GIVE_ROLES = (Role.SSH, Role.SSA, Role.NURSE)
POUR_ROLES = (Role.NURSE,)
PART = "medicin"
CITIZEN = "citizens.Citizen"
LINE = "medication.MedicineLine"
POURING = "medication.Pouring"

declare(
    record_page(
        "medication:list",
        roles=READ_ROLES,
        label=_("Medicine list"),
        part=PART,
    ),
    Page("medication:add", roles=EDIT_ROLES, model=CITIZEN, id_kwarg="citizen_pk", part=PART),
    Page("medication:reconcile", roles=EDIT_ROLES, model=CITIZEN, id_kwarg="citizen_pk", part=PART),
    Page("medication:pour", roles=POUR_ROLES, model=CITIZEN, id_kwarg="citizen_pk", part=PART),
    Page("medication:pour_check", roles=POUR_ROLES, model=POURING, part=PART),
    Page("medication:line", roles=READ_ROLES, model=LINE, part=PART),
    Page("medication:change", roles=EDIT_ROLES, model=LINE, part=PART),
    Page("medication:visit", roles=GIVE_ROLES, model="homecare.Visit", part=PART),
    Page(
        "medication:overview",
        roles=(Role.LEADER, Role.NURSE),
        tiles={
            Role.LEADER: Tile(
                _("Nursing overview"), _("Medicine not given per area and month, for samlerapportering."), 60
            )
        },
    ),
)
