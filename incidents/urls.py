from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("", views.index, name="list"),
    path("indberet/", views.report, name="report"),
    path("mine/", views.mine, name="mine"),
    path("dpsd/", views.dpsd, name="dpsd"),
    path("oversigt/", views.overview, name="overview"),
]
