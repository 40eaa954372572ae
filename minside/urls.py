from django.urls import path

from . import oidc, views

app_name = "minside"
urlpatterns = [
    path("", views.home, name="home"),
    path("log-ind/", views.login, name="login"),
    path("log-ind/mitid/", oidc.start, name="oidc_login"),
    path("log-ind/mitid/retur/", oidc.callback, name="oidc_callback"),
    path("adgange/", views.access, name="access"),
    path("adgange/spoerg/", views.ask, name="ask"),
    path("fuldmagter/", views.my_attorneys, name="attorneys"),
    path("fuldmagter/<int:pk>/tilbagekald/", views.my_attorney_revoke, name="attorney_revoke"),
    path("fuldmagt/<int:citizen_pk>/", views.home, name="home_for"),
    path("fuldmagt/<int:citizen_pk>/adgange/", views.access, name="access_for"),
    path("fuldmagt/<int:citizen_pk>/adgange/spoerg/", views.ask, name="ask_for"),
]
