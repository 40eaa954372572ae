from django.urls import path

from . import views

app_name = "citizens"
urlpatterns = [
    path("", views.citizen_list, name="list"),
    path("ny/", views.citizen_create, name="create"),
    path("<int:pk>/", views.citizen_detail, name="detail"),
    path("<int:pk>/rediger/", views.citizen_edit, name="edit"),
    path("<int:pk>/journal/", views.citizen_journal, name="journal"),
    path("<int:pk>/journal/<int:entry_pk>/ret/", views.journal_correct, name="journal_correct"),
    path("<int:pk>/funktionsevne/", views.citizen_assessments, name="assessments"),
    path("<int:pk>/forloeb/", views.citizen_timeline, name="timeline"),
    path("<int:pk>/aendringer/", views.citizen_changes, name="changes"),
    path("<int:pk>/adgange/", views.citizen_access, name="access"),
    path("<int:pk>/paaroerende/ny/", views.relative_add, name="relative_add"),
    path("<int:pk>/paaroerende/<int:relative_pk>/ret/", views.relative_edit, name="relative_edit"),
]
