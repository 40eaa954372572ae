"""Home care's pages, mounted at the root: Min dag at /min-dag/ (the one day list of every field role),
the rest under /hjemmepleje/."""

from django.urls import include, path
from django.views.generic import RedirectView

from .views import acute, day, delegations, meetings, orders, outage, planning, plans, roster, route, triage

app_name = "homecare"
hjemmepleje = [
    path("min-dag/", RedirectView.as_view(pattern_name="homecare:my_day", query_string=True)),
    path("besoeg/<int:pk>/start/", day.visit_start, name="visit_start"),
    path("besoeg/<int:pk>/afslut/", day.visit_finish, name="visit_finish"),
    path("besoeg/<int:pk>/ikke-leveret/", day.visit_not_delivered, name="visit_not_delivered"),
    path("besoeg/<int:pk>/opgave/<int:index>/", day.visit_tick, name="visit_tick"),
    path(
        "besoeg/<int:pk>/opgave/<int:index>/ikke-udfoert/",
        day.visit_task_not_done,
        name="visit_task_not_done",
    ),
    path("besoeg/<int:pk>/noeglekode/", day.visit_key, name="visit_key"),
    path("besoeg/<int:pk>/notat/", day.visit_note, name="visit_note"),
    path("besoeg/<int:pk>/opsporing/", day.visit_observation, name="visit_observation"),
    path("besoeg/<int:pk>/tildel/", planning.visit_assign, name="visit_assign"),
    path("besoeg/<int:pk>/genoptag/", plans.visit_unpause, name="visit_unpause"),
    path("fravaer/<int:pk>/ophaev/", plans.absence_lift, name="absence_lift"),
    path("triage/", triage.triage, name="triage"),
    path("triage/<int:citizen_pk>/", triage.triage_set, name="triage_set"),
    path("planlaegning/", planning.planning, name="planning"),
    path("planlaegning/fordel/", planning.planning_auto, name="planning_auto"),
    path("min-rute/", route.my_route, name="my_route"),
    path("ruteforslag/<int:pk>/", route.proposal_decide, name="proposal_decide"),
    path("borgere/<int:citizen_pk>/plan/", plans.citizen_plans, name="citizen_plans"),
    path("plan/<int:pk>/", plans.plan_edit, name="plan_edit"),
    path("borgere/<int:citizen_pk>/opstartsmoede/", meetings.meeting_book, name="meeting_book"),
    path("vagtplan/", roster.roster_page, name="roster"),
    path("vagtplan/vagt/", roster.roster_shift, name="roster_shift"),
    path("vagtplan/tildel/", roster.roster_assign, name="roster_assign"),
    path("vagtplan/fravaer/", roster.roster_absence, name="roster_absence"),
    path("vagtplan/oenske/", roster.roster_wish, name="roster_wish"),
    path("vagtplan/bytte/", roster.roster_swap, name="roster_swap"),
    path("vagtplan/bytte/<int:pk>/", roster.roster_swap_decide, name="roster_swap_decide"),
    path("oversigt/", planning.overview, name="overview"),
    path("noedlister/", outage.outage_lists, name="outage_lists"),
    path("noedlister/lav/", outage.outage_make, name="outage_make"),
    path("noedlister/<int:pk>/", outage.outage_pdf, name="outage_pdf"),
    path("kompetencer/", planning.competences, name="competences"),
    path("opstartsmoeder/", meetings.startup_meetings, name="startup_meetings"),
    path("opstartsmoeder/<int:pk>/", meetings.meeting_detail, name="meeting"),
]

urlpatterns = [
    path("min-dag/", day.my_day, name="my_day"),
    path("sygepleje/delegeringer/", delegations.delegations, name="delegations"),
    path("sygepleje/borgere/<int:citizen_pk>/ordinationer/", orders.citizen_orders, name="citizen_orders"),
    path("sygepleje/akut/", acute.acute, name="acute"),
    path("hjemmepleje/", include(hjemmepleje)),
]
