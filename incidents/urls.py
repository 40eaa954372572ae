from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("", views.index, name="list"),
    path("indberet/", views.report, name="report"),
    path("indberet/kladde/", views.report_draft, name="report_draft"),
    path("borger/", views.public_report, name="public"),
    path("borger/tak/", views.public_thanks, name="public_thanks"),
    path("borger/kvittering/", views.public_receipt, name="public_receipt"),
    path("mine/", views.mine, name="mine"),
    path("kort/", views.short_form, name="short_form"),
    path("kort/droeftet/", views.month_discussion, name="month_discussion"),
    path("magt/", views.force_report, name="force_report"),
    path("magt/maaned/", views.force_list, name="force_list"),
    path("dpsd/", views.dpsd_list, name="dpsd"),
    path("dpsd/byg/", views.dpsd_build, name="dpsd_build"),
    path("dpsd/<int:pk>.<str:fmt>", views.dpsd_file, name="dpsd_file"),
    path("dpsd/<int:pk>/sendt/", views.dpsd_sent, name="dpsd_sent"),
    path("oversigt/", views.overview, name="overview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tag/", views.take, name="take"),
    path("<int:pk>/analyse/", views.analysis, name="analysis"),
    path("<int:pk>/analyse.pdf", views.analysis_pdf, name="analysis_pdf"),
    path("<int:pk>/dpsd.<str:fmt>", views.dpsd_case, name="dpsd_case"),
    path("<int:pk>/handling/<int:action_pk>/udfoert/", views.action_done, name="action_done"),
    path("<int:pk>/<slug:action>/", views.case_action, name="case_action"),
]
