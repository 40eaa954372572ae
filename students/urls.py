from django.urls import path

from .views import recruitment, trainees

app_name = "students"
urlpatterns = [
    path("", trainees.trainee_list, name="list"),
    path("ny/", trainees.trainee_create, name="create"),
    path("<int:pk>/", trainees.trainee_detail, name="detail"),
    path("<int:pk>/ret/", trainees.trainee_edit, name="edit"),
    path("<int:pk>/praktik/ny/", trainees.placement_add, name="placement_add"),
    path("<int:pk>/skole/ny/", trainees.school_add, name="school_add"),
    path("<int:pk>/status/", trainees.status_change, name="status"),
    path("moeder/<int:pk>/", trainees.meeting_minutes, name="meeting"),
    path("moeder/<int:pk>/praktikerklaering.pdf", trainees.statement_pdf, name="statement"),
    path("praktik/", trainees.placements, name="placements"),
    path("vejleder/", trainees.supervisor_page, name="supervisor"),
    path("oversigt/", trainees.overview, name="overview"),
    path("rekruttering/", recruitment.recruitment, name="recruitment"),
    path(
        "rekruttering/informationsmoeder/ny/",
        recruitment.info_meeting_create,
        name="info_meeting_create",
    ),
    path(
        "rekruttering/informationsmoeder/<int:pk>/",
        recruitment.info_meeting_detail,
        name="info_meeting",
    ),
    path("rekruttering/ansoegere/ny/", recruitment.applicant_create, name="applicant_create"),
    path("rekruttering/ansoegere/<int:pk>/", recruitment.applicant_detail, name="applicant"),
    path("rekruttering/ansoegere/<int:pk>/fase/", recruitment.applicant_stage, name="applicant_stage"),
]
