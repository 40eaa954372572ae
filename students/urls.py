from django.urls import path

from . import views, views_recruitment

app_name = "students"
urlpatterns = [
    path("", views.trainee_list, name="list"),
    path("ny/", views.trainee_create, name="create"),
    path("<int:pk>/", views.trainee_detail, name="detail"),
    path("<int:pk>/ret/", views.trainee_edit, name="edit"),
    path("<int:pk>/praktik/ny/", views.placement_add, name="placement_add"),
    path("<int:pk>/skole/ny/", views.school_add, name="school_add"),
    path("<int:pk>/status/", views.status_change, name="status"),
    path("moeder/<int:pk>/", views.meeting_minutes, name="meeting"),
    path("moeder/<int:pk>/praktikerklaering.pdf", views.statement_pdf, name="statement"),
    path("praktik/", views.placements, name="placements"),
    path("vejleder/", views.supervisor_page, name="supervisor"),
    path("oversigt/", views.overview, name="overview"),
    path("rekruttering/", views_recruitment.recruitment, name="recruitment"),
    path(
        "rekruttering/informationsmoeder/ny/",
        views_recruitment.info_meeting_create,
        name="info_meeting_create",
    ),
    path(
        "rekruttering/informationsmoeder/<int:pk>/",
        views_recruitment.info_meeting_detail,
        name="info_meeting",
    ),
    path("rekruttering/ansoegere/ny/", views_recruitment.applicant_create, name="applicant_create"),
    path("rekruttering/ansoegere/<int:pk>/", views_recruitment.applicant_detail, name="applicant"),
    path("rekruttering/ansoegere/<int:pk>/fase/", views_recruitment.applicant_stage, name="applicant_stage"),
]
