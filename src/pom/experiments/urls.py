from django.urls import path

from pom.experiments import views

app_name = "experiments"

urlpatterns = [
    path("", views.index, name="index"),
    path("map/", views.assumption_map, name="map"),
    path("assumptions/new/", views.assumption_create, name="assumption_create"),
    path("assumptions/<int:pk>/", views.assumption_detail, name="assumption"),
    path("assumptions/<int:pk>/delete/", views.assumption_delete, name="assumption_delete"),
    path("tests/new/", views.test_create, name="test_create"),
    path("tests/<int:pk>/", views.test_detail, name="test"),
    path("tests/<int:pk>/edit/", views.test_edit, name="test_edit"),
    path("tests/<int:pk>/start/", views.test_start, name="test_start"),
    path("tests/<int:pk>/variants/", views.test_variants, name="test_variants"),
    path("tests/<int:pk>/values/", views.test_values, name="test_values"),
    path("tests/<int:pk>/conclude/", views.test_conclude, name="test_conclude"),
    path("tests/<int:pk>/delete/", views.test_delete, name="test_delete"),
    path("sample-size/", views.sample_size, name="sample_size"),
]
