"""SFT's pages (see carecore.registry). The roles below open them only as staff of the SFT unit or a
leader above it (`prevention.models.in_sft`, checked by `views.sft_page`): a leader or therapist of
another department is refused. SFT's therapists and leaders find the department on their start page."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import Page, Tile, declare
from carecore.roles import Role

SFT_ROLES = (Role.PREVENTION, Role.THERAPIST, Role.LEADER)
VISIT_ROLES = (Role.PREVENTION, Role.LEADER)
COURSE_ADMIN_ROLES = (Role.THERAPIST, Role.LEADER)
VISIT_PART = "sft:besoeg"
COURSE_PART = "sft:hold"
PLAN_PART = "sft:genoptraening"

declare(
    Page(
        "prevention:start",
        roles=SFT_ROLES,
        label=_("Health promotion"),
        tiles={Role.PREVENTION: Tile(_("The department"), _("Preventive visits, courses and teams."), 5)},
    ),
    Page(
        "prevention:visits",
        roles=VISIT_ROLES,
        label=_("Preventive home visits"),
        tiles={Role.PREVENTION: Tile(_("The month's invitations"), _("Offers, answers and visits."), 10)},
    ),
    Page("prevention:make_list", roles=VISIT_ROLES),
    Page("prevention:risk", roles=VISIT_ROLES),
    Page("prevention:offer", roles=VISIT_ROLES, model="prevention.Offer", part=VISIT_PART),
    Page("prevention:answer", roles=VISIT_ROLES, model="prevention.Offer", part=VISIT_PART),
    Page("prevention:book", roles=VISIT_ROLES, model="prevention.Offer", part=VISIT_PART),
    Page("prevention:visit", roles=VISIT_ROLES, model="prevention.PreventiveVisit", part=VISIT_PART),
    Page(
        "prevention:courses",
        roles=SFT_ROLES,
        tiles={Role.PREVENTION: Tile(_("Courses and teams"), _("The catalogue and its waiting lists."), 20)},
    ),
    Page("prevention:course_new", roles=COURSE_ADMIN_ROLES),
    Page("prevention:course", roles=SFT_ROLES, model="prevention.Course", part=COURSE_PART),
    Page("prevention:enrol", roles=SFT_ROLES, model="prevention.Course", part=COURSE_PART),
    Page("prevention:outcome", roles=SFT_ROLES, model="prevention.Course", part=COURSE_PART),
    Page("prevention:session", roles=SFT_ROLES, model="prevention.Session", part=COURSE_PART),
    Page("prevention:attend", roles=SFT_ROLES, model="prevention.Session", part=COURSE_PART),
    Page("prevention:training", roles=COURSE_ADMIN_ROLES),
    Page("prevention:plan_new", roles=COURSE_ADMIN_ROLES),
    Page("prevention:plan", roles=COURSE_ADMIN_ROLES, model="prevention.TrainingPlan", part=PLAN_PART),
    Page("prevention:plan_start", roles=COURSE_ADMIN_ROLES, model="prevention.TrainingPlan", part=PLAN_PART),
    Page("prevention:plan_end", roles=COURSE_ADMIN_ROLES, model="prevention.TrainingPlan", part=PLAN_PART),
    Page("prevention:overview", roles=(Role.LEADER,)),
)
