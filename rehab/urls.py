from django.urls import path

from . import views

app_name = "rehab"
urlpatterns = [
    path("udskrivelser/", views.discharges, name="discharges"),
    path("senge/", views.beds, name="beds"),
    path("forloeb/", views.pathways, name="pathways"),
    path("oversigt/", views.overview, name="overview"),
]
