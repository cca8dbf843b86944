from django.urls import path

from pom.transformation.views import clarity, home, patterns, pilots, readiness, rollout, signs

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
    path("rollout/", rollout.index, name="rollout"),
    path("rollout/blockers/new/", rollout.blocker_create, name="blocker_create"),
    path("rollout/blockers/<int:pk>/", rollout.blocker, name="blocker"),
    path("rollout/waves/<int:pk>/", rollout.wave, name="wave"),
    path("rollout/waves/<int:pk>/delete/", rollout.wave_delete, name="wave_delete"),
    path("resistance/", rollout.resistance, name="resistance"),
    path("resistance/<int:pk>/", rollout.objection, name="objection"),
    path("signs/", signs.index, name="signs"),
    path("patterns/", patterns.index, name="patterns"),
    path("clarity/", clarity.index, name="clarity"),
    path("clarity/<int:pk>/", clarity.pulse, name="pulse"),
    path("clarity/<int:pk>/close/", clarity.close, name="pulse_close"),
    path("clarity/<int:pulse_id>/answer/<str:token>/", clarity.answer, name="pulse_answer"),
]
