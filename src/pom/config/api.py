"""The REST API at /api/v1/: one NinjaAPI, one router per app."""

from __future__ import annotations

from ninja import NinjaAPI

from pom.accounts.api import router as accounts_router
from pom.core.api import AUTH, JsonParser, install_error_handlers
from pom.culture.api import router as culture_router
from pom.delivery.api import router as delivery_router
from pom.discovery.api import router as discovery_router
from pom.experiments.api import router as experiments_router
from pom.metrics.api import router as metrics_router
from pom.strategy.api import router as strategy_router
from pom.teams.api import router as teams_router
from pom.transformation.api import router as transformation_router

api = NinjaAPI(
    title="pom API",
    version="1.0.0",
    description=(
        "The Product Operating Model as an API. Authenticate with a personal token "
        "(`Authorization: Bearer pom_…`, created on the Tokens page) or a browser session. "
        "Errors are JSON: `{message, errors: [{field, message}]}`. Lists are paginated with "
        "`?page=` and `?page_size=`."
    ),
    auth=AUTH,
    parser=JsonParser(),
    urls_namespace="api-1.0.0",
)
install_error_handlers(api)

api.add_router("/", accounts_router)
api.add_router("/teams", teams_router)
api.add_router("/strategy", strategy_router)
api.add_router("/discovery", discovery_router)
api.add_router("/experiments", experiments_router)
api.add_router("/metrics", metrics_router)
api.add_router("/transformation", transformation_router)
api.add_router("/delivery", delivery_router)
api.add_router("/culture", culture_router)
