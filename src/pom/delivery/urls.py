from django.urls import path

from pom.delivery.views import ingest, overview, releases, transfer

app_name = "delivery"

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("teams/<int:pk>/", overview.team_delivery, name="team"),
    path("releases/", releases.index, name="releases"),
    path("releases/new/", releases.release_create, name="release_create"),
    path("releases/<int:pk>/", releases.release_detail, name="release"),
    path("releases/<int:pk>/edit/", releases.release_edit, name="release_edit"),
    path("releases/<int:pk>/delete/", releases.release_delete, name="release_delete"),
    path("import/", transfer.import_page, name="import"),
    path("export/", transfer.export, name="export"),
    path("setup/", ingest.setup, name="setup"),
    path("setup/sources/<int:pk>/", ingest.source_detail, name="source"),
    path("setup/sources/<int:pk>/secret/", ingest.source_secret, name="source_secret"),
    path("setup/sources/<int:pk>/delete/", ingest.source_delete, name="source_delete"),
    path("setup/repositories/<int:pk>/", ingest.repository_map, name="repository_map"),
]
