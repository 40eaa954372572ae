"""The access-log page lives at the top of the site (/adgangslog/, URL name "access_log"), outside the
record's "citizens" namespace; the project URLconf includes this module there."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.access_log, name="access_log"),
    path("eksport.csv", views.access_log_export, name="access_log_export"),
]
