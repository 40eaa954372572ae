"""Home care's pages (see carecore.registry)."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import Page, Tile, declare, pages, record_page
from carecore.roles import Role

# Min dag is the one day list of every field role: home-care workers, nurses and therapists.
FIELD = (Role.SSH, Role.SSA, Role.NURSE, Role.THERAPIST)
MEETING_ROLES = (Role.LEADER, Role.SSA, Role.SSH)
PLAN_ROLES = (Role.LEADER, Role.VISITATOR, Role.NURSE)  # nurses: §138 nursing plans only
CITIZEN = "citizens.Citizen"
VISIT = "homecare.Visit"
MY_DAY = _("Today's visits in order, with tasks and notes.")
ROSTER_ROLES = (Role.LEADER, Role.SSH, Role.SSA)
ROUTE_ROLES = (Role.SSH, Role.SSA, Role.NURSE)
ROSTER = _("Your shifts, sick call, wishes and swaps.")

declare(
    Page(
        "homecare:my_day",
        roles=FIELD,
        label=_("My day"),
        nav=20,
        lands=FIELD,
        tiles={
            Role.SSH: Tile(_("My day"), MY_DAY, 10),
            Role.SSA: Tile(_("My day"), MY_DAY, 10),
            Role.NURSE: Tile(_("My day"), MY_DAY, 5),
        },
    ),
    *pages(
        "homecare:visit_start",
        "homecare:visit_finish",
        "homecare:visit_not_delivered",
        "homecare:visit_tick",
        "homecare:visit_task_not_done",
        "homecare:visit_note",
        "homecare:visit_observation",
        roles=FIELD,
        model=VISIT,
        part="min dag",
    ),
    Page("homecare:visit_key", roles=FIELD, model=VISIT, part="nøglekode"),
    Page("homecare:visit_unpause", roles=(Role.VISITATOR,), model=VISIT, part="besøgsplan"),
    Page("homecare:absence_lift", roles=(Role.VISITATOR,), model="homecare.Absence", part="besøgsplan"),
    Page("homecare:visit_assign", roles=(Role.LEADER,), model=VISIT, part="planlægning"),
    Page(
        "homecare:triage",
        roles=(Role.NURSE, Role.SSA, Role.LEADER),
        label=_("Triage"),
        nav=30,
        tiles={
            Role.SSA: Tile(_("Triage"), _("Citizens by triage colour."), 20),
            Role.NURSE: Tile(_("Triage"), _("Red and yellow citizens for today's triage meeting."), 10),
        },
    ),
    Page("homecare:triage_set", roles=(Role.NURSE,), model=CITIZEN, id_kwarg="citizen_pk", part="triage"),
    Page("homecare:planning", roles=(Role.LEADER,), label=_("Planning"), nav=40),
    Page("homecare:planning_auto", roles=(Role.LEADER,)),
    # Tomorrow's route of a home-care carer (linked from Min dag) and the proposals the leader decides.
    Page("homecare:my_route", roles=ROUTE_ROLES),
    Page("homecare:proposal_decide", roles=(Role.LEADER,), model="homecare.RouteProposal"),
    Page(
        "homecare:roster",
        roles=ROSTER_ROLES,
        label=_("Roster"),
        nav=41,
        tiles={
            Role.SSH: Tile(_("Roster"), ROSTER, 25),
            Role.SSA: Tile(_("Roster"), ROSTER, 35),
        },
    ),
    Page("homecare:roster_shift", roles=(Role.LEADER,)),
    Page("homecare:roster_assign", roles=(Role.LEADER,)),
    Page("homecare:roster_absence", roles=ROSTER_ROLES),
    Page("homecare:roster_wish", roles=(Role.SSH, Role.SSA)),
    Page("homecare:roster_swap", roles=(Role.SSH, Role.SSA)),
    Page("homecare:roster_swap_decide", roles=(Role.LEADER,), model="homecare.ShiftSwap"),
    record_page(
        "homecare:citizen_plans",
        roles=PLAN_ROLES,
        label=_("Visit plans"),
        part="besøgsplan",
    ),
    record_page(
        "homecare:citizen_orders",
        roles=PLAN_ROLES,
        label=_("Doctor's orders"),
        part="ordination",
    ),
    Page("homecare:plan_edit", roles=PLAN_ROLES, model="homecare.VisitPlan", part="besøgsplan"),
    record_page(
        "homecare:meeting_book",
        roles=(Role.LEADER,),
        label=_("Book start-up meeting"),
        part="opstartsmøde",
    ),
    Page(
        "homecare:overview",
        roles=(Role.LEADER,),
        tiles={Role.LEADER: Tile(_("Home care overview"), _("Visits delivered, continuity, triage."), 10)},
    ),
    # Nødlister: the view also asks that the list be of the user's own team (OutageList.visible_to).
    Page("homecare:outage_lists", roles=(*FIELD, Role.LEADER), label=_("Outage lists"), nav=45),
    Page("homecare:outage_pdf", roles=(*FIELD, Role.LEADER), model="homecare.OutageList"),
    Page("homecare:outage_make", roles=(Role.LEADER,)),
    Page("homecare:delegations", roles=(Role.NURSE, Role.LEADER), label=_("Delegations"), nav=52),
    # The view also asks that the acute team be in the user's scope (homecare.acute.serves_acute_team).
    Page("homecare:acute", roles=(Role.NURSE, Role.LEADER)),
    Page("homecare:competences", roles=(Role.LEADER, Role.NURSE), label=_("Competences"), nav=50),
    Page("homecare:startup_meetings", roles=MEETING_ROLES),
    Page("homecare:meeting", roles=MEETING_ROLES, model="homecare.StartupMeeting", part="opstartsmøde"),
)
