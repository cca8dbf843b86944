"""The metrics API as a program uses it: sources, definitions, refresh, outcome series."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pom.metrics.tests import helpers as h
from pom.metrics.tests.helpers import metrics_dir

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db
SPEC = {"table": "events", "timestamp_column": "ts", "aggregation": "count"}


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_database_source_never_returns_its_password(world: Any) -> None:
    api = world.api("leader")
    response = post(
        api,
        "/api/v1/metrics/sources",
        {
            "name": "Warehouse",
            "kind": "postgres",
            "host": "db.internal",
            "database": "dw",
            "user": "reader",
            "password": "hunter2-hunter2",
        },
    )
    assert response.status_code == 201, response.content
    assert "hunter2" not in response.content.decode()
    body = response.json()
    assert body["has_password"] is True and body["host"] == "db.internal"
    listed = api.get("/api/v1/metrics/sources").content.decode()
    assert "hunter2" not in listed and "secret" not in listed


def test_upload_a_file_then_define_preview_and_refresh_a_metric(
    world: Any, metrics_dir: Path, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    leader = world.api("leader")
    source = post(leader, "/api/v1/metrics/sources", {"name": "Events", "kind": "duckdb"}).json()
    data = h.write_events(tmp_path / "e.csv", days=10, fmt="csv").read_bytes()
    uploaded = leader.post(
        f"/api/v1/metrics/sources/{source['id']}/files",
        {"name": "events", "file": SimpleUploadedFile("events.csv", data)},
    )
    assert uploaded.status_code == 201, uploaded.content
    assert uploaded.json()["file_format"] == "csv"
    member = world.api("member")
    preview = post(
        member, "/api/v1/metrics/definitions/preview", {"source_id": source["id"], "spec": SPEC}
    )
    assert preview.status_code == 200, preview.content
    assert len(preview.json()["points"]) == 10
    created = post(
        member,
        "/api/v1/metrics/definitions",
        {"name": "Daily events", "source_id": source["id"], "spec": SPEC},
    )
    assert created.status_code == 201, created.content
    metric = created.json()
    assert 'FROM "events"' in metric["generated_sql"]
    with django_capture_on_commit_callbacks(execute=True):
        queued = post(member, f"/api/v1/metrics/definitions/{metric['id']}/refresh", {})
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    refreshes = member.get(f"/api/v1/metrics/definitions/{metric['id']}/refreshes").json()
    assert refreshes["items"][0]["status"] == "succeeded"
    points = member.get(f"/api/v1/metrics/definitions/{metric['id']}/points").json()
    assert points[0] == {"period": "2026-01-01", "value": 20.0} and len(points) == 10


def test_sql_that_is_not_a_select_is_refused_with_the_reason(world: Any, metrics_dir: Path) -> None:
    source = h.source_of(world)
    response = post(
        world.api("member"),
        "/api/v1/metrics/definitions",
        {"name": "Bad", "source_id": source.pk, "definition": "sql", "sql": "DELETE FROM events"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "sql",
            "message": "Only a read-only SELECT is accepted; this is a DELETE statement.",
        }
    ]


def test_a_wrong_column_in_a_preview_is_the_engines_message(world: Any, metrics_dir: Path) -> None:
    source = h.source_of(world)
    response = post(
        world.api("member"),
        "/api/v1/metrics/definitions/preview",
        {"source_id": source.pk, "spec": {**SPEC, "timestamp_column": "created"}},
    )
    assert response.status_code == 400
    assert "DuckDB refused the query" in response.json()["message"]
    assert "created" in response.json()["message"]


def test_an_outcome_bound_to_a_metric_takes_its_latest_value(world: Any, metrics_dir: Path) -> None:
    from pom.metrics import services

    metric = h.metric_of(world)
    services.refresh_now(world.membership("leader"), metric)
    outcome = h.bound_outcome(world, metric)
    outcome.refresh_from_db()
    assert outcome.current_value == 109.0
    body = world.api("viewer").get(f"/api/v1/metrics/outcomes/{outcome.pk}").json()
    assert body["metric_id"] == metric.pk
    assert body["latest"] == {"period": "2026-03-31", "value": 109.0}
    assert len(body["points"]) == 90


def test_an_outsider_cannot_read_org_a_metric(world: Any, metrics_dir: Path) -> None:
    metric = h.metric_of(world)
    response = world.api("outsider").get(f"/api/v1/metrics/definitions/{metric.pk}")
    assert response.status_code == 404
    assert response.json()["message"] == f"No metric with id {metric.pk}."
