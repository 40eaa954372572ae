"""Incident reporting and case handling's pages (see carecore.registry). The public form is open to
anyone and so is not declared."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import ALL, Page, Tile, declare, pages
from carecore.roles import Role

HANDLERS = (Role.RISK_MANAGER, Role.UTH_HANDLER)
INCIDENT, DPSD = "incidents.Incident", "incidents.DpsdReport"
REPORT, REPORT_TEXT = _("Report an incident"), _("A patient-safety incident in under a minute.")
INCIDENTS = _("Incidents")
OVERVIEW = _("Incidents overview")

declare(
    Page(
        "incidents:list",
        roles=(Role.RISK_MANAGER, Role.UTH_HANDLER, Role.LEADER),
        label=INCIDENTS,
        nav=90,
        tiles={
            Role.RISK_MANAGER: Tile(INCIDENTS, _("All reported incidents."), 10),
            Role.UTH_HANDLER: Tile(INCIDENTS, _("Your group's cases."), 10),
        },
    ),
    Page(
        "incidents:report",
        roles=ALL,
        tiles={
            Role.SSH: Tile(REPORT, REPORT_TEXT, 30),
            Role.SSA: Tile(REPORT, REPORT_TEXT, 40),
            Role.NURSE: Tile(REPORT, REPORT_TEXT, 40),
            Role.THERAPIST: Tile(REPORT, REPORT_TEXT, 30),
            Role.UTH_HANDLER: Tile(REPORT, REPORT_TEXT, 20),
        },
    ),
    Page("incidents:report_draft", roles=ALL),
    Page("incidents:mine", roles=ALL),
    Page("incidents:short_form", roles=ALL),
    Page("incidents:month_discussion", roles=(Role.LEADER,)),
    Page("incidents:force_report", roles=ALL),
    Page("incidents:force_list", roles=HANDLERS),
    Page(
        "incidents:dpsd",
        roles=(Role.RISK_MANAGER,),
        tiles={
            Role.RISK_MANAGER: Tile(_("DPSD reports"), _("Monthly reports to the national database."), 30)
        },
    ),
    Page("incidents:dpsd_build", roles=(Role.RISK_MANAGER,)),
    Page("incidents:dpsd_file", roles=(Role.RISK_MANAGER,), model=DPSD),
    Page("incidents:dpsd_sent", roles=(Role.RISK_MANAGER,), model=DPSD),
    Page(
        "incidents:overview",
        roles=(Role.RISK_MANAGER, Role.LEADER),
        tiles={
            Role.LEADER: Tile(OVERVIEW, _("Incidents of your area."), 30),
            Role.RISK_MANAGER: Tile(OVERVIEW, _("Trends, open cases, overdue actions."), 20),
        },
    ),
    *pages(
        "incidents:detail",
        "incidents:take",
        "incidents:analysis",
        "incidents:analysis_pdf",
        "incidents:dpsd_case",
        "incidents:action_done",
        "incidents:case_action",
        roles=HANDLERS,
        model=INCIDENT,
        part="uth",
    ),
)
