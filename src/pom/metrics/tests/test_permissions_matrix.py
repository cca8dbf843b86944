"""Every metrics page and endpoint, as every persona.

Everyone reads metrics and sources; leaders and owners connect sources; members, leaders and
owners define and refresh metrics; binding an outcome is an edit of the outcome (bob is on team
Checkout, which owns it). Mallory (another organization) gets 404 for anything of org A, or 403
where her role is refused before anything is looked up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.matrix import (
    LEADERS,
    api,
    api_for,
    api_read,
    codes,
    matrix_test,
    page,
    page_for,
    page_read,
)

from pom.metrics.tests import helpers as h

WORKERS = ("member", *LEADERS)
SPEC = {"table": "events", "timestamp_column": "ts", "aggregation": "count"}


@pytest.fixture(autouse=True)
def _metrics_dir(settings: Any, tmp_path: Path) -> None:
    settings.POM_METRICS_DIR = tmp_path / "metrics"
    settings.POM_METRICS_DIR.mkdir()


def source_id(w: Any) -> list[int]:
    return [h.source_of(w).pk]


def empty_source_id(w: Any) -> list[int]:
    from pom.metrics import services

    return [services.create_source(w.membership("leader"), name="Empty", kind="duckdb").pk]


def clickhouse_source_id(w: Any) -> list[int]:
    from pom.metrics import services

    source = services.create_source(
        w.membership("leader"),
        name="Warehouse",
        kind="clickhouse",
        host="ch.internal",
        database="product",
        user="reader",
    )
    return [source.pk]


CLICKHOUSE = {
    "name": "Warehouse",
    "kind": "clickhouse",
    "host": "ch.internal",
    "database": "product",
    "user": "reader",
}


def table_ids(w: Any) -> list[int]:
    source = h.source_of(w)
    return [source.pk, source.tables.get().pk]


def metric_id(w: Any) -> list[int]:
    return [h.metric_of(w).pk]


def outcome_id(w: Any) -> list[int]:
    from pom.discovery.tests import helpers as dh

    return [dh.outcome(w, dh.team(w)).pk]


def binding_outcome_id(w: Any) -> list[int]:
    from pom.metrics import services

    metric = h.metric_of(w)
    services.refresh_now(w.membership("leader"), metric)
    return [h.bound_outcome(w, metric).pk]


def binding_id(w: Any) -> list[int]:
    metric = h.metric_of(w)
    h.bound_outcome(w, metric)
    return [metric.bindings.get().pk]


def bind_page(w: Any) -> list[int]:
    return metric_id(w)


def metric_form(w: Any) -> dict[str, Any]:
    return {
        "name": "Visits per week",
        "source": h.source_of(w).pk,
        "definition": "spec",
        "grain": "week",
        "direction": "up",
        "schedule": "daily",
        **SPEC,
    }


def metric_json(w: Any) -> dict[str, Any]:
    return {
        "name": "Visits per week",
        "source_id": h.source_of(w).pk,
        "grain": "week",
        "spec": SPEC,
    }


def pointed_table(w: Any) -> dict[str, Any]:
    own = h.world_dir() / f"org_{w.org_a.pk}"
    own.mkdir(parents=True, exist_ok=True)
    path = h.write_events(own / "more.parquet", days=3)
    return {"name": "more_events", "path": str(path)}


def bind_json(w: Any) -> dict[str, Any]:
    return {"metric_id": h.metric_of(w).pk}


OUTCOME_BIND = {"outsider": 404}
# The upload endpoint takes multipart (name, file); a JSON body is refused before the view runs.
UPLOAD_AS_JSON = codes(422, anonymous=401, outsider=422)


def bind_form(w: Any) -> dict[str, Any]:
    return {"outcome": outcome_id(w)[0]}


CASES = [
    # Pages
    page("GET", "metrics:index", page_read()),
    page("GET", "metrics:metric_create", page_for(*WORKERS, outsider=200)),
    page(
        "POST", "metrics:metric_create", page_for(*WORKERS, ok=302, outsider=400), data=metric_form
    ),
    page("POST", "metrics:metric_preview", page_read(), data=metric_form),
    page("GET", "metrics:metric", page_read(outsider=404), args=metric_id),
    page("GET", "metrics:metric_status", page_read(outsider=404), args=metric_id),
    page("GET", "metrics:metric_edit", page_for(*WORKERS, outsider=404), args=metric_id),
    page(
        "POST",
        "metrics:metric_edit",
        page_for(*WORKERS, ok=302, outsider=404),
        args=metric_id,
        data=lambda w: metric_form(w) | {"name": "Renamed"},
    ),
    page(
        "POST", "metrics:metric_refresh", page_for(*WORKERS, ok=302, outsider=404), args=metric_id
    ),
    page("POST", "metrics:metric_delete", page_for(*WORKERS, ok=302, outsider=404), args=metric_id),
    page(
        "POST",
        "metrics:metric_bind",
        page_for(*WORKERS, ok=302, outsider=404),
        args=bind_page,
        data=bind_form,
    ),
    page(
        "POST", "metrics:binding_delete", page_for(*WORKERS, ok=302, outsider=404), args=binding_id
    ),
    page("GET", "metrics:outcome", page_read(outsider=404), args=outcome_id),
    page(
        "GET",
        "metrics:outcome",
        page_read(outsider=404),
        args=binding_outcome_id,
        name="GET metrics:outcome (bound)",
    ),
    page("GET", "metrics:sources", page_read()),
    page(
        "POST",
        "metrics:sources",
        page_for(*LEADERS, ok=302),
        data={"name": "Exports", "kind": "duckdb"},
    ),
    page(
        "POST",
        "metrics:sources",
        page_for(*LEADERS, ok=302),
        data={**CLICKHOUSE, "secure": "on"},
        name="POST metrics:sources (clickhouse)",
    ),
    page("GET", "metrics:source", page_read(outsider=404), args=source_id),
    page(
        "POST",
        "metrics:source",
        page_for(*LEADERS, ok=302, outsider=404),
        args=source_id,
        data={"name": "Renamed source"},
    ),
    page("POST", "metrics:source_test", page_for(*LEADERS, ok=302), args=source_id),
    page("POST", "metrics:source_delete", page_for(*LEADERS, ok=302), args=empty_source_id),
    page(
        "POST", "metrics:table_add", page_for(*LEADERS, ok=302), args=source_id, data=pointed_table
    ),
    page("POST", "metrics:table_delete", page_for(*LEADERS, ok=302), args=table_ids),
    # API: sources
    api("GET", "/api/v1/metrics/sources", api_read()),
    api(
        "POST",
        "/api/v1/metrics/sources",
        api_for(*LEADERS, ok=201),
        data={"name": "Exports", "kind": "duckdb"},
    ),
    api(
        "POST",
        "/api/v1/metrics/sources",
        api_for(*LEADERS, ok=201),
        data=CLICKHOUSE,
        name="POST /api/v1/metrics/sources (clickhouse)",
    ),
    api("GET", "/api/v1/metrics/sources/{source_id}", api_read(outsider=404), args=source_id),
    api(
        "PATCH",
        "/api/v1/metrics/sources/{source_id}",
        api_for(*LEADERS, outsider=404),
        args=clickhouse_source_id,
        data={"port": 9440, "secure": False},
        name="PATCH /api/v1/metrics/sources/{source_id} (clickhouse)",
    ),
    api(
        "PATCH",
        "/api/v1/metrics/sources/{source_id}",
        api_for(*LEADERS, outsider=404),
        args=source_id,
        data={"description": "Product events"},
    ),
    api(
        "DELETE",
        "/api/v1/metrics/sources/{source_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=empty_source_id,
    ),
    api(
        "POST",
        "/api/v1/metrics/sources/{source_id}/test",
        api_for(*LEADERS, outsider=404),
        args=source_id,
    ),
    api(
        "POST",
        "/api/v1/metrics/sources/{source_id}/tables",
        api_for(*LEADERS, ok=201, outsider=404),
        args=source_id,
        data=pointed_table,
    ),
    api("POST", "/api/v1/metrics/sources/{source_id}/files", UPLOAD_AS_JSON, args=source_id),
    api(
        "DELETE",
        "/api/v1/metrics/sources/{source_id}/tables/{table_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=table_ids,
    ),
    # API: metrics
    api("GET", "/api/v1/metrics/definitions", api_read()),
    api(
        "POST",
        "/api/v1/metrics/definitions",
        api_for(*WORKERS, ok=201, outsider=400),
        data=metric_json,
    ),
    api(
        "POST",
        "/api/v1/metrics/definitions/preview",
        api_read(outsider=400),
        data=lambda w: {"source_id": h.source_of(w).pk, "spec": SPEC},
    ),
    api("GET", "/api/v1/metrics/definitions/{metric_id}", api_read(outsider=404), args=metric_id),
    api(
        "PATCH",
        "/api/v1/metrics/definitions/{metric_id}",
        api_for(*WORKERS, outsider=404),
        args=metric_id,
        data={"unit": "visits"},
    ),
    api(
        "DELETE",
        "/api/v1/metrics/definitions/{metric_id}",
        api_for(*WORKERS, ok=204, outsider=404),
        args=metric_id,
    ),
    api(
        "GET",
        "/api/v1/metrics/definitions/{metric_id}/points",
        api_read(outsider=404),
        args=metric_id,
    ),
    api(
        "GET",
        "/api/v1/metrics/definitions/{metric_id}/marks",
        api_read(outsider=404),
        args=metric_id,
    ),
    api(
        "POST",
        "/api/v1/metrics/definitions/{metric_id}/refresh",
        api_for(*WORKERS, ok=202, outsider=404),
        args=metric_id,
        data={},
    ),
    api(
        "GET",
        "/api/v1/metrics/definitions/{metric_id}/refreshes",
        api_read(outsider=404),
        args=metric_id,
    ),
    # API: outcomes
    api("GET", "/api/v1/metrics/outcomes/{outcome_id}", api_read(outsider=404), args=outcome_id),
    api(
        "POST",
        "/api/v1/metrics/outcomes/{outcome_id}/bindings",
        api_for(*WORKERS, ok=201, outsider=404),
        args=outcome_id,
        data=bind_json,
    ),
    api(
        "DELETE",
        "/api/v1/metrics/bindings/{binding_id}",
        api_for(*WORKERS, ok=204, outsider=404),
        args=binding_id,
    ),
]

test_matrix = matrix_test(CASES)
