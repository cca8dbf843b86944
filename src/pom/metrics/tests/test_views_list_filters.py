"""The metrics list reads its filters through pom.core.filters: a value that does not parse
leaves the list unfiltered, and the page still answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pom.metrics.tests import helpers as h
from pom.metrics.tests.helpers import metrics_dir

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db


def test_a_source_or_search_that_does_not_parse_leaves_the_list_unfiltered(
    world: Any, metrics_dir: Path
) -> None:
    metric = h.metric_of(world)
    client = world.client("viewer")
    response = client.get("/metrics/?source=abc&q=" + " " * 10)
    assert response.status_code == 200 and metric.name in response.content.decode()
    other = client.get(f"/metrics/?source={metric.source_id + 1000}").content.decode()
    assert metric.name not in other
    form = world.client("leader").get("/metrics/new/?source=abc")
    assert form.status_code == 200
