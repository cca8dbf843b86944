from django.urls import path

from pom.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.index, name="index"),
    path("vision/", views.vision, name="vision"),
    path("settings/", views.settings_page, name="settings"),
    path("bets/", views.bet_create, name="bet_create"),
    path("bets/rerank/", views.bet_rerank, name="bet_rerank"),
    path("bets/<int:pk>/", views.bet, name="bet"),
    path("bets/<int:pk>/move/", views.bet_move, name="bet_move"),
    path("bets/<int:pk>/delete/", views.bet_delete, name="bet_delete"),
    path("bets/<int:pk>/comments/", views.bet_comment, name="bet_comment"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("map/", views.strategy_map, name="map"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes/new/", views.outcome_create, name="outcome_create"),
    path("outcomes/lint/", views.lint, name="lint"),
    path("outcomes/<int:pk>/", views.outcome, name="outcome"),
    path("outcomes/<int:pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:pk>/delete/", views.outcome_delete, name="outcome_delete"),
    path("outcomes/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("outcomes/<int:pk>/commit/", views.outcome_commit, name="outcome_commit"),
    path("outcomes/<int:pk>/comments/", views.outcome_comment, name="outcome_comment"),
    path("commitments/<int:pk>/withdraw/", views.commitment_delete, name="commitment_delete"),
    path("teams/<slug:slug>/", views.team_outcomes, name="team_outcomes"),
    path("cycles/", views.cycles, name="cycles"),
    path("cycles/<int:pk>/", views.cycle, name="cycle"),
    path("cycles/<int:pk>/edit/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/delete/", views.cycle_delete, name="cycle_delete"),
    path("cycles/<int:pk>/commit/", views.cycle_commit, name="cycle_commit"),
    path("cycles/<int:pk>/funding/", views.funding_create, name="funding_create"),
    path("funding/<int:pk>/delete/", views.funding_delete, name="funding_delete"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/delete/", views.project_delete, name="project_delete"),
]
