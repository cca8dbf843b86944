"""Domain operations of the metrics pillar; callers write ``services.create_metric(...)``."""

from pom.metrics.services.bindings import apply_to_outcomes, bind_metric, unbind_metric
from pom.metrics.services.metrics import (
    create_metric,
    definition_of,
    delete_metric,
    generated_sql,
    preview,
    update_metric,
)
from pom.metrics.services.refresh import clear_series, refresh_now, request_refresh, run_refresh
from pom.metrics.services.sources import (
    add_table,
    check_connection,
    create_source,
    delete_source,
    expect_table,
    remove_table,
    update_source,
)

__all__ = [
    "add_table",
    "apply_to_outcomes",
    "bind_metric",
    "check_connection",
    "clear_series",
    "create_metric",
    "create_source",
    "definition_of",
    "delete_metric",
    "delete_source",
    "expect_table",
    "generated_sql",
    "preview",
    "refresh_now",
    "remove_table",
    "request_refresh",
    "run_refresh",
    "unbind_metric",
    "update_metric",
    "update_source",
]
