"""Rehabilitation's pages (see carecore.registry)."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import Page, Tile, declare, pages, record_page
from carecore.roles import CARE_STAFF, Role

BOARD_ROLES = (Role.VISITATOR, Role.NURSE, Role.LEADER, Role.THERAPIST)
BED_MANAGERS = (Role.VISITATOR, Role.NURSE)
NOTICE_ROLES = (Role.VISITATOR, Role.LEADER)
PATHWAY_ROLES = (Role.THERAPIST, Role.LEADER, Role.VISITATOR)
NOTICE, STAY, PATHWAY = "rehab.DischargeNotice", "rehab.Stay", "rehab.Pathway"

declare(
    Page(
        "rehab:discharges",
        roles=NOTICE_ROLES,
        label=_("Discharges"),
        nav=60,
        tiles={Role.VISITATOR: Tile(_("Discharges"), _("Discharge notices from the hospital."), 10)},
    ),
    Page("rehab:notice", roles=NOTICE_ROLES, model=NOTICE, part="rehab:udskrivelse"),
    Page("rehab:apv", roles=NOTICE_ROLES, model=NOTICE, part="rehab:apv"),
    Page(
        "rehab:beds",
        roles=BOARD_ROLES,
        label=_("Beds"),
        nav=70,
        tiles={
            Role.NURSE: Tile(_("Bed board"), _("Acute beds of the rehab and acute centre."), 30),
            Role.VISITATOR: Tile(_("Bed board"), _("The 17 temporary and 2 acute beds."), 20),
        },
    ),
    Page("rehab:assign", roles=BED_MANAGERS),
    Page("rehab:stay", roles=BOARD_ROLES, model=STAY, part="rehab:ophold"),
    *pages(
        "rehab:stay_change_end",
        "rehab:stay_end",
        "rehab:stay_move",
        "rehab:stay_cancel",
        roles=BED_MANAGERS,
        model=STAY,
        part="rehab:ophold",
    ),
    Page("rehab:stay_letter", roles=BOARD_ROLES, model=STAY, part="rehab:afgoerelse"),
    Page("rehab:waiting", roles=NOTICE_ROLES),
    Page(
        "rehab:waiting_withdraw",
        roles=(Role.VISITATOR,),
        model="rehab.WaitingListEntry",
        part="rehab:venteliste",
    ),
    record_page(
        "rehab:citizen_stay",
        roles=(*CARE_STAFF, Role.VISITATOR, Role.LEADER),
        label=_("Stay at the rehab and acute centre"),
        part="rehab:ophold",
        id_kwarg="pk",
    ),
    Page(
        "rehab:pathways",
        roles=PATHWAY_ROLES,
        label=_("Pathways"),
        nav=80,
        tiles={Role.THERAPIST: Tile(_("Pathways"), _("§83a pathways, evaluations and follow-ups."), 10)},
    ),
    Page("rehab:pathway_new", roles=(Role.THERAPIST,)),
    Page("rehab:pathway", roles=PATHWAY_ROLES, model=PATHWAY, part="rehab:forloeb"),
    Page("rehab:pathway_end", roles=(Role.THERAPIST,), model=PATHWAY, part="rehab:forloeb"),
    Page("rehab:pathway_letter", roles=PATHWAY_ROLES, model=PATHWAY, part="rehab:afgoerelse"),
    Page(
        "rehab:overview",
        roles=(Role.LEADER,),
        tiles={Role.LEADER: Tile(_("Rehab key figures"), _("Bed occupancy, waiting list, pathways."), 20)},
    ),
)
