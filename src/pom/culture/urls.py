from django.urls import path

from pom.culture import views

app_name = "culture"

urlpatterns = [
    path("", views.index, name="index"),
    path("teams/<slug:slug>/demos/new/", views.demo_create, name="demo_create"),
    path("demos/<int:pk>/", views.demo, name="demo"),
    path("demos/<int:pk>/edit/", views.demo_edit, name="demo_edit"),
    path("demos/<int:pk>/hold/", views.demo_hold, name="demo_hold"),
    path("demos/<int:pk>/delete/", views.demo_delete, name="demo_delete"),
    path("demos/<int:pk>/markdown/", views.demo_markdown_export, name="demo_markdown"),
]
