from django.urls import path

from pom.teams import views

app_name = "teams"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.team_create, name="create"),
    path("map/", views.org_map, name="map"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("areas/", views.areas, name="areas"),
    path("areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("areas/<int:pk>/delete/", views.area_delete, name="area_delete"),
    path("import/", views.import_page, name="import"),
    path("export/", views.export, name="export"),
    path("settings/", views.settings_page, name="settings"),
    path("<slug:slug>/", views.team, name="team"),
    path("<slug:slug>/edit/", views.team_edit, name="edit"),
    path("<slug:slug>/archive/", views.team_archive, name="archive"),
    path("<slug:slug>/restore/", views.team_restore, name="restore"),
    path("<slug:slug>/team-api.md", views.team_api_export, name="team_api"),
    path("<slug:slug>/members/", views.member_add, name="member_add"),
    path("<slug:slug>/members/<int:pk>/", views.member_edit, name="member_edit"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
