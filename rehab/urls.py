from django.urls import path

from .views import beds, pathways

app_name = "rehab"
urlpatterns = [
    path("udskrivelser/", beds.discharges, name="discharges"),
    path("udskrivelser/<int:pk>/", beds.notice_detail, name="notice"),
    path("udskrivelser/<int:pk>/apv/", beds.apv, name="apv"),
    path("senge/", beds.beds, name="beds"),
    path("senge/tildel/", beds.assign, name="assign"),
    path("senge/ophold/<int:pk>/", beds.stay_detail, name="stay"),
    path("senge/ophold/<int:pk>/slut/", beds.stay_change_end, name="stay_change_end"),
    path("senge/ophold/<int:pk>/afslut/", beds.stay_end, name="stay_end"),
    path("senge/ophold/<int:pk>/flyt/", beds.stay_move, name="stay_move"),
    path("senge/ophold/<int:pk>/aflys/", beds.stay_cancel, name="stay_cancel"),
    path("senge/ophold/<int:pk>/afgoerelse.pdf", beds.stay_letter, name="stay_letter"),
    # Min side: a citizen opens their own stored decision letter (citizens.portal.citizen_page).
    path("min-afgoerelse/<int:pk>.pdf", beds.citizen_letter, name="citizen_letter"),
    path("senge/venteliste/", beds.waiting_list, name="waiting"),
    path("senge/venteliste/<int:pk>/afmeld/", beds.waiting_withdraw, name="waiting_withdraw"),
    path("borger/<int:pk>/", beds.citizen_stay, name="citizen_stay"),
    path("forloeb/", pathways.pathways, name="pathways"),
    path("forloeb/nyt/", pathways.pathway_new, name="pathway_new"),
    path("forloeb/<int:pk>/", pathways.pathway_detail, name="pathway"),
    path("forloeb/<int:pk>/afslut/", pathways.pathway_end, name="pathway_end"),
    path("forloeb/<int:pk>/afgoerelse.pdf", pathways.pathway_letter, name="pathway_letter"),
    path("oversigt/", pathways.overview, name="overview"),
]
