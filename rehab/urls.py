from django.urls import path

from . import views, views_pathways

app_name = "rehab"
urlpatterns = [
    path("udskrivelser/", views.discharges, name="discharges"),
    path("udskrivelser/<int:pk>/", views.notice_detail, name="notice"),
    path("udskrivelser/<int:pk>/apv/", views.apv, name="apv"),
    path("senge/", views.beds, name="beds"),
    path("senge/tildel/", views.assign, name="assign"),
    path("senge/ophold/<int:pk>/", views.stay_detail, name="stay"),
    path("senge/ophold/<int:pk>/slut/", views.stay_change_end, name="stay_change_end"),
    path("senge/ophold/<int:pk>/afslut/", views.stay_end, name="stay_end"),
    path("senge/ophold/<int:pk>/flyt/", views.stay_move, name="stay_move"),
    path("senge/ophold/<int:pk>/afgoerelse.pdf", views.stay_letter, name="stay_letter"),
    path("senge/venteliste/", views.waiting_list, name="waiting"),
    path("senge/venteliste/<int:pk>/afmeld/", views.waiting_withdraw, name="waiting_withdraw"),
    path("borger/<int:pk>/", views.citizen_stay, name="citizen_stay"),
    path("forloeb/", views_pathways.pathways, name="pathways"),
    path("forloeb/nyt/", views_pathways.pathway_new, name="pathway_new"),
    path("forloeb/<int:pk>/", views_pathways.pathway_detail, name="pathway"),
    path("forloeb/<int:pk>/afslut/", views_pathways.pathway_end, name="pathway_end"),
    path("forloeb/<int:pk>/afgoerelse.pdf", views_pathways.pathway_letter, name="pathway_letter"),
    path("oversigt/", views_pathways.overview, name="overview"),
]
