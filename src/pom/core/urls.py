from django.urls import path

from pom.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
    path("healthz", views.healthz, name="healthz"),
    path("pick/<slug:kind>/", views.pick, name="pick"),
    path("<slug:key>/", views.pillar, name="pillar"),
]
