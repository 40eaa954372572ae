from django.urls import path

from . import views

app_name = "hospital"
urlpatterns = [
    path("api/medcom/hospitalnotification/", views.hospital_notification, name="notification"),
    path("hospital/uparrede/", views.unmatched, name="unmatched"),
    path("hospital/uparrede/<int:pk>/", views.match, name="match"),
]
