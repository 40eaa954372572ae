from django.urls import path

from . import views

app_name = "prevention"

urlpatterns = [
    path("", views.start, name="start"),
    path("forebyggende-besoeg/", views.visits, name="visits"),
    path("forebyggende-besoeg/beregn/", views.make_list, name="make_list"),
    path("forebyggende-besoeg/saerlig-risiko/", views.risk, name="risk"),
    path("forebyggende-besoeg/tilbud/<int:pk>/", views.offer, name="offer"),
    path("forebyggende-besoeg/tilbud/<int:pk>/svar/", views.answer, name="answer"),
    path("forebyggende-besoeg/tilbud/<int:pk>/book/", views.book, name="book"),
    path("forebyggende-besoeg/besoeg/<int:pk>/", views.visit, name="visit"),
    path("hold/", views.courses, name="courses"),
    path("hold/nyt/", views.course_new, name="course_new"),
    path("hold/<int:pk>/", views.course, name="course"),
    path("hold/<int:pk>/tilmeld/", views.enrol, name="enrol"),
    path("hold/<int:pk>/maaling/", views.outcome, name="outcome"),
    path("hold/moede/<int:pk>/", views.session, name="session"),
    path("hold/moede/<int:pk>/fremmoede/", views.attend, name="attend"),
    path("genoptraening/", views.training, name="training"),
    path("genoptraening/ny/", views.plan_new, name="plan_new"),
    path("genoptraening/<int:pk>/", views.plan, name="plan"),
    path("genoptraening/<int:pk>/start/", views.plan_start, name="plan_start"),
    path("genoptraening/<int:pk>/afslut/", views.plan_end, name="plan_end"),
    path("oversigt/", views.overview, name="overview"),
]
