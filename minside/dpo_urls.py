"""The data-protection contact's pages: citizens' questions about looks at their record."""

from django.urls import path

from . import views

app_name = "dpo"
urlpatterns = [
    path("spoergsmaal/", views.dpo_questions, name="questions"),
    path("spoergsmaal/<int:pk>/", views.dpo_answer, name="answer"),
]
