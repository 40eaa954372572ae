from django.urls import path

from . import views

app_name = "homecare"
urlpatterns = [
    path("min-dag/", views.my_day, name="my_day"),
    path("triage/", views.triage, name="triage"),
    path("planlaegning/", views.planning, name="planning"),
    path("oversigt/", views.overview, name="overview"),
    path("opstartsmoeder/", views.startup_meetings, name="startup_meetings"),
]
