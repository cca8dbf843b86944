from django.urls import path

from pom.delivery.views import releases

app_name = "delivery"

urlpatterns = [
    path("releases/", releases.index, name="releases"),
    path("releases/new/", releases.release_create, name="release_create"),
    path("releases/<int:pk>/", releases.release_detail, name="release"),
    path("releases/<int:pk>/edit/", releases.release_edit, name="release_edit"),
    path("releases/<int:pk>/delete/", releases.release_delete, name="release_delete"),
    path("solutions/search/", releases.solution_search, name="solution_search"),
]
