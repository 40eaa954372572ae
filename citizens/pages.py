"""The citizen record's pages (see carecore.registry)."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import Page, Tile, declare
from carecore.roles import Role

CITIZEN = "citizens.Citizen"
OUR_CITIZENS, YOUR_TEAM = _("Our citizens"), _("The citizens your team serves.")
WHO_LOOKED = _("Who looked at which record, and when.")

declare(
    Page(
        "citizens:list",
        permission="citizens.view_citizen",
        label=_("Citizens"),
        nav=10,
        tiles={
            Role.SSH: Tile(OUR_CITIZENS, YOUR_TEAM, 20),
            Role.SSA: Tile(OUR_CITIZENS, YOUR_TEAM, 30),
            Role.NURSE: Tile(_("Citizens"), _("Citizens of the areas you serve."), 20),
            Role.THERAPIST: Tile(_("Citizens"), _("Citizens in your pathways."), 20),
            Role.VISITATOR: Tile(_("Citizens"), _("Find or register a citizen."), 30),
            Role.LEADER: Tile(_("Citizens"), _("Citizens of your units."), 50),
        },
    ),
    Page("citizens:create", permission="citizens.add_citizen"),
    Page("citizens:detail", permission="citizens.view_citizen", model=CITIZEN, part="overblik"),
    Page("citizens:edit", permission="citizens.change_citizen", model=CITIZEN, part="stamdata"),
    Page("citizens:journal", permission="citizens.view_journalentry", model=CITIZEN, part="journal"),
    Page("citizens:journal_correct", permission="citizens.add_journalentry", model=CITIZEN, part="journal"),
    Page("citizens:assessments", permission="citizens.view_assessment", model=CITIZEN, part="funktionsevne"),
    Page("citizens:timeline", permission="citizens.view_citizen", model=CITIZEN, part="forloeb"),
    Page("citizens:changes", permission="citizens.view_citizen", model=CITIZEN, part="aendringslog"),
    Page("citizens:access", permission="citizens.view_accesslog", model=CITIZEN, part="adgangslog"),
    Page("citizens:relative_add", permission="citizens.change_citizen", model=CITIZEN, part="paaroerende"),
    Page("citizens:relative_edit", permission="citizens.change_citizen", model=CITIZEN, part="paaroerende"),
    Page(
        "access_log",
        permission="citizens.view_accesslog",
        label=_("Access log"),
        nav=110,
        tiles={
            Role.LEADER: Tile(_("Access log"), WHO_LOOKED, 60),
            Role.SYSADMIN: Tile(_("Access log"), WHO_LOOKED, 10),
            Role.DPO: Tile(_("Access log"), WHO_LOOKED, 20),
        },
    ),
    # The CSV for the data-protection contact (the system administrator stands in where none is named).
    Page("access_log_export", roles=(Role.DPO, Role.SYSADMIN)),
)
