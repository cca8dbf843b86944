from django.urls import path

from pom.transformation.views import home, readiness

app_name = "transformation"

urlpatterns = [
    path("", home.index, name="index"),
    path("readiness/", readiness.history, name="readiness"),
    path("readiness/<int:pk>/", readiness.detail, name="assessment"),
]
