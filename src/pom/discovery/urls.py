from django.urls import path

from pom.discovery.views import (
    decisions,
    imports,
    inbox,
    insights,
    opportunities,
    overview,
    solutions,
    touchpoints,
    tree,
)

app_name = "discovery"

urlpatterns = [
    path("", overview.index, name="index"),
    path("teams/<int:pk>/", overview.team_page, name="team"),
    path("touchpoints/", touchpoints.touchpoints, name="touchpoints"),
    path("touchpoints/<int:pk>/", touchpoints.touchpoint_detail, name="touchpoint"),
    path("touchpoints/<int:pk>/edit/", touchpoints.touchpoint_edit, name="touchpoint_edit"),
    path("touchpoints/<int:pk>/delete/", touchpoints.touchpoint_delete, name="touchpoint_delete"),
    path("insights/", insights.insights, name="insights"),
    path("insights/<int:pk>/link/", insights.insight_link, name="insight_link"),
    path("insights/<int:pk>/edit/", insights.insight_edit, name="insight_edit"),
    path("insights/<int:pk>/delete/", insights.insight_delete, name="insight_delete"),
    path("outcomes/<int:pk>/tree/", tree.tree, name="tree"),
    path("outcomes/<int:pk>/tree/canvas/", tree.tree_canvas, name="tree_canvas"),
    path("outcomes/<int:pk>/opportunities/", tree.opportunity_create, name="opportunity_create"),
    path("opportunities/<int:pk>/", opportunities.opportunity_panel, name="opportunity_panel"),
    path("opportunities/<int:pk>/move/", opportunities.opportunity_move, name="opportunity_move"),
    path(
        "opportunities/<int:pk>/delete/",
        opportunities.opportunity_delete,
        name="opportunity_delete",
    ),
    path(
        "opportunities/<int:pk>/solutions/", opportunities.solution_create, name="solution_create"
    ),
    path("solutions/<int:pk>/", solutions.solution_panel, name="solution_panel"),
    path("solutions/<int:pk>/move/", solutions.solution_move, name="solution_move"),
    path("comments/", opportunities.comment_create, name="comment_create"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<int:pk>/triage/", inbox.input_triage, name="input_triage"),
    path("decisions/", decisions.decisions, name="decisions"),
    path("decisions/<int:pk>/", decisions.decision, name="decision"),
    path("decisions/<int:pk>/status/", decisions.decision_status, name="decision_status"),
    path("decisions/<int:pk>/review/", decisions.decision_review, name="decision_review"),
    path("import/", imports.import_notes, name="import"),
]
