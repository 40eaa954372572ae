from django.urls import path

from . import views

app_name = "visitation"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/vurdering/", views.assess, name="assess"),
    path("<int:pk>/afgoerelse/", views.decide, name="decide"),
    path("<int:pk>/afgoerelse.pdf", views.decision_pdf, name="decision_pdf"),
    path("<int:pk>/afgoerelse/<int:version>.pdf", views.decision_version_pdf, name="decision_version_pdf"),
    # Min side: a citizen opens their own decision letter (citizens.portal.citizen_page).
    path("min-afgoerelse/<int:pk>.pdf", views.citizen_letter, name="citizen_letter"),
]
