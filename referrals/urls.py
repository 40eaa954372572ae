from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("ny/", views.new, name="new"),
    path("borger/<int:citizen_pk>/ny/", views.refer, name="refer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accepter/", views.accept, name="accept"),
    path("<int:pk>/afvis/", views.decline, name="decline"),
    path("<int:pk>/annuller/", views.cancel, name="cancel"),
]
