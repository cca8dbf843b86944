from django.urls import path

from pom.metrics import views

app_name = "metrics"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.metric_create, name="metric_create"),
    path("preview/", views.metric_preview, name="metric_preview"),
    path("<int:pk>/", views.metric_detail, name="metric"),
    path("<int:pk>/edit/", views.metric_edit, name="metric_edit"),
    path("<int:pk>/delete/", views.metric_delete, name="metric_delete"),
    path("<int:pk>/refresh/", views.metric_refresh, name="metric_refresh"),
    path("<int:pk>/status/", views.metric_status, name="metric_status"),
    path("sources/", views.sources, name="sources"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("sources/<int:pk>/test/", views.source_test, name="source_test"),
    path("sources/<int:pk>/delete/", views.source_delete, name="source_delete"),
    path("sources/<int:pk>/tables/", views.table_add, name="table_add"),
    path("sources/<int:pk>/tables/<int:table_pk>/delete/", views.table_delete, name="table_delete"),
]
urlpatterns += [
    path("<int:pk>/bind/", views.metric_bind, name="metric_bind"),
    path("bindings/<int:pk>/delete/", views.binding_delete, name="binding_delete"),
    path("outcomes/<int:pk>/", views.outcome_numbers, name="outcome"),
]
