from django.urls import path

from pom.discovery import views

app_name = "discovery"

urlpatterns = [
    path("", views.index, name="index"),
    path("teams/<int:pk>/", views.team_page, name="team"),
    path("touchpoints/", views.touchpoints, name="touchpoints"),
    path("touchpoints/<int:pk>/", views.touchpoint_detail, name="touchpoint"),
    path("touchpoints/<int:pk>/delete/", views.touchpoint_delete, name="touchpoint_delete"),
    path("insights/", views.insights, name="insights"),
    path("insights/<int:pk>/link/", views.insight_link, name="insight_link"),
    path("outcomes/<int:pk>/tree/", views.tree, name="tree"),
    path("outcomes/<int:pk>/opportunities/", views.opportunity_create, name="opportunity_create"),
    path("opportunities/<int:pk>/", views.opportunity_panel, name="opportunity_panel"),
    path("opportunities/<int:pk>/move/", views.opportunity_move, name="opportunity_move"),
    path("opportunities/<int:pk>/delete/", views.opportunity_delete, name="opportunity_delete"),
    path("opportunities/<int:pk>/solutions/", views.solution_create, name="solution_create"),
    path("solutions/<int:pk>/", views.solution_panel, name="solution_panel"),
    path("solutions/<int:pk>/move/", views.solution_move, name="solution_move"),
    path("comments/", views.comment_create, name="comment_create"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/triage/", views.input_triage, name="input_triage"),
    path("decisions/", views.decisions, name="decisions"),
    path("import/", views.import_notes, name="import"),
]
