"""Staff pages of Min side (outside /min-side/, which is for citizen sessions only)."""

from django.urls import path

from . import views

app_name = "attorneys"
urlpatterns = [
    path("borger/<int:citizen_pk>/", views.attorneys, name="citizen"),
    path("<int:pk>/tilbagekald/", views.attorney_revoke, name="revoke"),
]
