"""Pages and list endpoints read in a fixed number of queries, however many rows there are."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pom.metrics import services
from pom.metrics.models import Metric, MetricRefresh
from pom.metrics.tests import helpers as h
from pom.metrics.tests.helpers import metrics_dir

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db


def count_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def grow(world: Any, n: int) -> Metric:
    source = h.source_of(world)
    Metric.objects.bulk_create(
        [
            Metric(
                organization=world.org_a,
                name=f"Metric {n}-{i}",
                source=source,
                spec={"table": "events", "timestamp_column": "ts", "aggregation": "count"},
                latest_period=date(2026, 1, 1) + timedelta(days=i),
                latest_value=float(i),
                sparkline=[1.0, 2.0, float(i)],
                last_status="succeeded",
            )
            for i in range(n)
        ]
    )
    metric = Metric.objects.for_org(world.org_a).first()
    assert metric is not None
    MetricRefresh.objects.bulk_create(
        [
            MetricRefresh(organization=world.org_a, metric=metric, status="succeeded")
            for _ in range(n)
        ]
    )
    for i in range(n // 10):
        services.create_source(world.membership("leader"), name=f"Source {n}-{i}", kind="duckdb")
    return metric


URLS = [
    "/metrics/",
    "/metrics/sources/",
    "/api/v1/metrics/definitions",
    "/api/v1/metrics/sources",
]


@pytest.mark.parametrize("url", URLS)
def test_list_query_count_does_not_grow_with_rows(world: Any, metrics_dir: Path, url: str) -> None:
    client = world.client("leader") if not url.startswith("/api") else world.api("leader")
    grow(world, 10)
    small = count_queries(client, url)
    grow(world, 40)
    assert count_queries(client, url) == small


def test_metric_page_query_count_does_not_grow_with_refreshes_or_points(
    world: Any, metrics_dir: Path, django_assert_num_queries: Any
) -> None:
    metric = grow(world, 5)
    # With a series, the page also looks for releases to mark on the chart (one query).
    services.refresh_now(world.membership("leader"), metric)
    client = world.client("leader")
    small = count_queries(client, f"/metrics/{metric.pk}/")
    grow(world, 30)
    services.refresh_now(world.membership("leader"), metric)
    assert count_queries(client, f"/metrics/{metric.pk}/") == small
