"""Medication's pages, mounted at the root: the list on the citizen's record (/borgere/<id>/medicin/),
giving medicine from Min dag, and the nursing overview."""

from django.urls import path

from . import views

app_name = "medication"
urlpatterns = [
    path("borgere/<int:citizen_pk>/medicin/", views.medicine_list, name="list"),
    path("borgere/<int:citizen_pk>/medicin/ny/", views.line_add, name="add"),
    path("borgere/<int:citizen_pk>/medicin/fmk/", views.reconcile, name="reconcile"),
    path("borgere/<int:citizen_pk>/medicin/ophaeldning/", views.pour, name="pour"),
    path("medicin/ophaeldning/<int:pk>/kontrol/", views.pour_check, name="pour_check"),
    path("medicin/<int:pk>/", views.line_detail, name="line"),
    path("medicin/<int:pk>/ret/", views.line_change, name="change"),
    path("min-dag/besoeg/<int:pk>/medicin/", views.visit_medicines, name="visit"),
    path("sygepleje/oversigt/", views.overview, name="overview"),
]
