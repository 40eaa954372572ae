from django.urls import path

from . import views

app_name = "students"
urlpatterns = [
    path("", views.index, name="list"),
    path("praktik/", views.placements, name="placements"),
    path("rekruttering/", views.recruitment, name="recruitment"),
    path("oversigt/", views.overview, name="overview"),
]
