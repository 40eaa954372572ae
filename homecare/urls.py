from django.urls import path

from . import views

app_name = "homecare"
urlpatterns = [
    path("min-dag/", views.my_day, name="my_day"),
    path("besoeg/<int:pk>/start/", views.visit_start, name="visit_start"),
    path("besoeg/<int:pk>/afslut/", views.visit_finish, name="visit_finish"),
    path("besoeg/<int:pk>/ikke-leveret/", views.visit_not_delivered, name="visit_not_delivered"),
    path("besoeg/<int:pk>/opgave/<int:index>/", views.visit_tick, name="visit_tick"),
    path("besoeg/<int:pk>/notat/", views.visit_note, name="visit_note"),
    path("besoeg/<int:pk>/opsporing/", views.visit_observation, name="visit_observation"),
    path("besoeg/<int:pk>/tildel/", views.visit_assign, name="visit_assign"),
    path("besoeg/<int:pk>/genoptag/", views.visit_unpause, name="visit_unpause"),
    path("fravaer/<int:pk>/ophaev/", views.absence_lift, name="absence_lift"),
    path("triage/", views.triage, name="triage"),
    path("triage/<int:citizen_pk>/", views.triage_set, name="triage_set"),
    path("planlaegning/", views.planning, name="planning"),
    path("planlaegning/fordel/", views.planning_auto, name="planning_auto"),
    path("borgere/<int:citizen_pk>/plan/", views.citizen_plans, name="citizen_plans"),
    path("plan/<int:pk>/", views.plan_edit, name="plan_edit"),
    path("borgere/<int:citizen_pk>/opstartsmoede/", views.meeting_book, name="meeting_book"),
    path("oversigt/", views.overview, name="overview"),
    path("kompetencer/", views.competences, name="competences"),
    path("opstartsmoeder/", views.startup_meetings, name="startup_meetings"),
    path("opstartsmoeder/<int:pk>/", views.meeting_detail, name="meeting"),
]
