"""The project's URLconf: the core's own pages at the root, each app's pages under its prefix."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("carecore.urls")),
    path("adgangslog/", include("citizens.access_log_urls")),
    path("borgere/", include("citizens.urls")),
    path("", include("homecare.urls")),
    path("", include("medication.urls")),
    path("rehab/", include("rehab.urls")),
    path("uth/", include("incidents.urls")),
    path("elever/", include("students.urls")),
    path("visitation/", include("visitation.urls")),
    path("henvisninger/", include("referrals.urls")),
    path("sundhedsfremme/", include("prevention.urls")),
    path("min-side/", include("minside.urls")),
    path("fuldmagter/", include("minside.staff_urls")),
    path("databeskyttelse/", include("minside.dpo_urls")),
    path("", include("hospital.urls")),
    path("admin/", admin.site.urls),
]
