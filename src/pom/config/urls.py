from django.urls import include, path, re_path

from pom.config.api import api
from pom.core.api import unknown_route

handler403 = "pom.core.views.forbidden"

urlpatterns = [
    # A path no API operation answers (the bare root included) is a JSON 404, never an HTML page.
    re_path(r"^api/v1/$", unknown_route),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/", unknown_route),
    path("accounts/", include("pom.accounts.urls")),
    path("teams/", include("pom.teams.urls")),
    path("strategy/", include("pom.strategy.urls")),
    path("discovery/", include("pom.discovery.urls")),
    path("experiments/", include("pom.experiments.urls")),
    path("metrics/", include("pom.metrics.urls")),
    path("transformation/", include("pom.transformation.urls")),
    path("delivery/", include("pom.delivery.urls")),
    path("culture/", include("pom.culture.urls")),
    # Last: the home page and the placeholder pages of pillars not built yet.
    path("", include("pom.core.urls")),
]
