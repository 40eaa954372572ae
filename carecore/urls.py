from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("adgangslog/", views.access_log, name="access_log"),
    path("indbakke/", views.inbox, name="inbox"),
    path("indbakke/<int:pk>/laest/", views.notification_read, name="notification_read"),
    path("indbakke/laest/", views.inbox_read_all, name="inbox_read_all"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("borgere/", include("citizens.urls")),
    path("hjemmepleje/", include("homecare.urls")),
    path("rehab/", include("rehab.urls")),
    path("uth/", include("incidents.urls")),
    path("elever/", include("students.urls")),
    path("visitation/", include("visitation.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH:
    urlpatterns += [
        path("bench/hello", views.bench_hello, name="bench_hello"),
        path("bench/hello-auth", views.bench_hello_auth, name="bench_hello_auth"),
    ]
