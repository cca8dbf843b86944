from django.urls import path

from pom.transformation.views import home, pilots, readiness

app_name = "transformation"

urlpatterns = [
    path("", home.index, name="index"),
    path("readiness/", readiness.history, name="readiness"),
    path("readiness/<int:pk>/", readiness.detail, name="assessment"),
    path("pilots/", pilots.board, name="pilots"),
    path("pilots/choices/<int:pk>/end/", pilots.end, name="pilot_end"),
    path("pilots/<slug:slug>/", pilots.team, name="pilot_team"),
    path("pilots/<slug:slug>/choose/", pilots.choose, name="pilot_choose"),
    path("pilots/<slug:slug>/hunger/", pilots.hunger, name="pilot_hunger"),
]
