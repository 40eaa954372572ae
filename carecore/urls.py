"""The core's own pages (start page, login, inbox, health check), mounted at the root."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from . import oidc, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/oidc/", oidc.staff_start, name="oidc_login"),
    path("login/oidc/retur/", oidc.staff_callback, name="oidc_callback"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("indbakke/", views.inbox, name="inbox"),
    path("indbakke/<int:pk>/laest/", views.notification_read, name="notification_read"),
    path("indbakke/laest/", views.inbox_read_all, name="inbox_read_all"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]

if settings.BENCH:
    urlpatterns += [
        path("bench/hello", views.bench_hello, name="bench_hello"),
        path("bench/hello-auth", views.bench_hello_auth, name="bench_hello_auth"),
    ]
