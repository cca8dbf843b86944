"""The metrics pages as a person uses them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pom.metrics import services
from pom.metrics.models import Metric, SourceTable
from pom.metrics.tests import helpers as h
from pom.metrics.tests.helpers import metrics_dir

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db


def test_the_empty_list_says_what_to_do_first(world: Any) -> None:
    body = world.client("leader").get("/metrics/").content.decode()
    assert "No data sources yet." in body and "Connect the first data source" in body
    member_body = world.client("member").get("/metrics/").content.decode()
    assert "Ask a leader to connect one." in member_body


def test_the_list_shows_latest_value_sparkline_and_status(world: Any, metrics_dir: Path) -> None:
    metric = h.metric_of(world)
    services.refresh_now(world.membership("leader"), metric)
    body = world.client("viewer").get("/metrics/").content.decode()
    assert "Daily visits" in body and "109" in body
    assert "<polyline" in body and ">ok<" in body


def test_defining_a_metric_in_the_browser_with_a_bad_column_name(
    world: Any, metrics_dir: Path
) -> None:
    source = h.source_of(world)
    response = world.client("member").post(
        "/metrics/new/",
        {
            "name": "Visits",
            "source": source.pk,
            "definition": "spec",
            "table": "events",
            "timestamp_column": "created at",
            "aggregation": "count",
            "grain": "day",
            "direction": "up",
            "schedule": "daily",
        },
    )
    assert response.status_code == 400
    assert "is not a column name" in response.content.decode()
    assert not Metric.objects.for_org(world.org_a).exists()


def test_the_preview_shows_the_last_periods_without_storing_anything(
    world: Any, metrics_dir: Path
) -> None:
    source = h.source_of(world)
    response = world.client("member").post(
        "/metrics/preview/",
        {
            "name": "Visits",
            "source": source.pk,
            "definition": "spec",
            "table": "events",
            "timestamp_column": "ts",
            "aggregation": "count",
            "grain": "month",
            "direction": "up",
            "schedule": "daily",
        },
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The last 3 periods" in body and "2026-03-01" in body
    assert "<html" not in body  # htmx gets the fragment
    assert not Metric.objects.for_org(world.org_a).exists()


def test_the_metric_page_shows_series_sql_and_refresh_history(
    world: Any, metrics_dir: Path
) -> None:
    metric = h.metric_of(world)
    services.refresh_now(world.membership("leader"), metric)
    body = world.client("viewer").get(f"/metrics/{metric.pk}/").content.decode()
    assert 'id="metric-chart-data"' in body
    assert "DATE_TRUNC(&#x27;DAY&#x27;" in body
    assert "Succeeded" in body and "Refresh now" not in body  # viewers do not refresh


def test_binding_an_outcome_from_the_metric_page(world: Any, metrics_dir: Path) -> None:
    from pom.discovery.tests import helpers as dh

    metric = h.metric_of(world)
    services.refresh_now(world.membership("leader"), metric)
    outcome = dh.outcome(world, dh.team(world))
    client = world.client("member")
    picker = client.get("/pick/outcomes/", {"q": "repeat"}).content.decode()
    assert f'data-value="{outcome.pk}"' in picker
    found = client.post(
        f"/metrics/{metric.pk}/bind/", {"outcome_q": "repeat", "pick": "bind-outcome"}
    )
    assert found.status_code == 302 and "pick=bind-outcome" in found["Location"]
    page = client.get(found["Location"]).content.decode()
    assert f'type="radio" name="outcome" value="{outcome.pk}"' in page
    assert f'value="{outcome.pk}" checked' not in page  # nothing picked for the member
    response = client.post(f"/metrics/{metric.pk}/bind/", {"outcome": outcome.pk})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.current_value == 109.0
    assert "More repeat buyers" in client.get(f"/metrics/{metric.pk}/").content.decode()


def test_a_source_page_never_shows_the_password(world: Any) -> None:
    source = services.create_source(
        world.membership("leader"),
        name="Warehouse",
        kind="postgres",
        host="db.internal",
        database="dw",
        user="reader",
        password="hunter2-hunter2",
    )
    body = world.client("leader").get(f"/metrics/sources/{source.pk}/").content.decode()
    assert "hunter2" not in body and source.secret_encrypted not in body
    assert "stored (encrypted)" in body


def test_test_connection_says_why_it_failed(world: Any) -> None:
    source = services.create_source(
        world.membership("leader"),
        name="Gone",
        kind="postgres",
        host="127.0.0.1",
        port=1,
        database="x",
        user="u",
    )
    response = world.client("leader").post(f"/metrics/sources/{source.pk}/test/", follow=True)
    assert "Failed: Could not connect to u@127.0.0.1:1/x" in response.content.decode()


def test_uploading_a_file_that_is_not_parquet_shows_the_reason(
    world: Any, metrics_dir: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    source = services.create_source(world.membership("leader"), name="Files", kind="duckdb")
    response = world.client("leader").post(
        f"/metrics/sources/{source.pk}/tables/",
        {"name": "events", "file": SimpleUploadedFile("events.parquet", b"nope")},
    )
    assert response.status_code == 400
    assert "not a Parquet file" in response.content.decode()
    assert not SourceTable.objects.for_org(world.org_a).exists()
