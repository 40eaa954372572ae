"""SOSU trainees' pages (see carecore.registry)."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import Page, Tile, declare
from carecore.roles import Role

VIEWERS = (Role.TRAINEE_COORDINATOR, Role.TRAINEE_SUPERVISOR, Role.LEADER)
COORDINATOR = (Role.TRAINEE_COORDINATOR,)
PLANNERS = (Role.TRAINEE_COORDINATOR, Role.LEADER)
TRAINEE, MEETING, APPLICANT = "students.Trainee", "students.Meeting", "students.Applicant"
TRAINEES, OVERVIEW = _("Trainees"), _("Trainees overview")

declare(
    Page(
        "students:list",
        roles=VIEWERS,
        label=TRAINEES,
        nav=100,
        tiles={
            Role.TRAINEE_COORDINATOR: Tile(TRAINEES, _("All trainees and their placements."), 10),
            Role.TRAINEE_SUPERVISOR: Tile(TRAINEES, _("Your trainees, meetings and evaluations."), 10),
        },
    ),
    Page("students:create", roles=COORDINATOR),
    Page("students:detail", roles=VIEWERS, model=TRAINEE),
    Page("students:edit", roles=COORDINATOR, model=TRAINEE),
    Page("students:placement_add", roles=COORDINATOR, model=TRAINEE),
    Page("students:school_add", roles=COORDINATOR, model=TRAINEE),
    Page("students:status", roles=COORDINATOR, model=TRAINEE),
    Page("students:meeting", roles=VIEWERS, model=MEETING),
    Page("students:statement", roles=VIEWERS, model=MEETING),
    Page(
        "students:placements",
        roles=PLANNERS,
        tiles={
            Role.TRAINEE_COORDINATOR: Tile(_("Placements"), _("Placement calendar for the coming year."), 20)
        },
    ),
    Page(
        "students:supervisor",
        roles=(Role.TRAINEE_SUPERVISOR,),
        tiles={
            Role.TRAINEE_SUPERVISOR: Tile(
                _("My supervision"), _("Meetings due and overdue for your trainees."), 20
            )
        },
    ),
    Page(
        "students:overview",
        roles=PLANNERS,
        tiles={
            Role.LEADER: Tile(OVERVIEW, _("SOSU trainees and placements."), 40),
            Role.TRAINEE_COORDINATOR: Tile(OVERVIEW, _("Key figures."), 40),
        },
    ),
    Page(
        "students:recruitment",
        roles=COORDINATOR,
        tiles={
            Role.TRAINEE_COORDINATOR: Tile(_("Recruitment"), _("Information meetings and applicants."), 30)
        },
    ),
    Page("students:info_meeting_create", roles=COORDINATOR),
    Page("students:info_meeting", roles=COORDINATOR, model="students.InfoMeeting"),
    Page("students:applicant_create", roles=COORDINATOR),
    Page("students:applicant", roles=COORDINATOR, model=APPLICANT),
    Page("students:applicant_stage", roles=COORDINATOR, model=APPLICANT),
)
