"""Test data for the metrics pillar, built through the services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from pom.accounts.models import Membership
from pom.metrics import services
from pom.metrics.models import DataSource, Metric

DAYS = 90


def write_events(path: Path, *, days: int = DAYS, fmt: str = "parquet") -> Path:
    """A small, deterministic event log: visits every day, some signups, fewer purchases.

    Day ``d`` (from 2026-01-01) has ``20 + d`` visits; every 4th visitor signs up, every 10th
    buys for ``d`` euros. The numbers are simple on purpose, so tests can state them.
    """
    con = duckdb.connect()
    con.execute(
        f"""
        COPY (
            SELECT TIMESTAMP '2026-01-01' + INTERVAL (d) DAY + INTERVAL (i) MINUTE AS ts,
                   d * 1000 + i AS user_id,
                   CASE WHEN i % 10 = 0 THEN 'purchase' WHEN i % 4 = 0 THEN 'signup' ELSE 'visit' END AS event,
                   CASE WHEN i % 10 = 0 THEN d ELSE 0 END AS amount
            FROM range({days}) AS r(d), LATERAL (SELECT range AS i FROM range(20 + d)) AS x
        ) TO '{path}' (FORMAT {fmt}{", HEADER" if fmt == "csv" else ""})
        """  # noqa: S608 — generated test data, no input
    )
    con.close()
    return path


@pytest.fixture
def metrics_dir(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "metrics"
    folder.mkdir()
    settings.POM_METRICS_DIR = folder
    settings.POM_METRICS_FILE_ROOTS = []
    return folder


def file_source(actor: Membership, folder: Path, name: str = "Product events") -> DataSource:
    source = services.create_source(actor, name=name, kind="duckdb")
    # A source may point only at its own organization's folder (or a configured root).
    own = folder / f"org_{actor.organization_id}"
    own.mkdir(parents=True, exist_ok=True)
    path = write_events(own / f"events_{source.pk}.parquet")
    services.add_table(actor, source, name="events", path=str(path))
    return source


def count_metric(actor: Membership, source: DataSource, **overrides: Any) -> Metric:
    data: dict[str, Any] = {
        "name": "Daily visits",
        "source": source.pk,
        "definition": "spec",
        "grain": "day",
        "spec": {"table": "events", "timestamp_column": "ts", "aggregation": "count"},
    }
    data.update(overrides)
    return services.create_metric(actor, **data)


def world_dir() -> Path:
    """The folder file sources of the current test write to (``metrics_dir`` points settings at it)."""
    from django.conf import settings

    return Path(settings.POM_METRICS_DIR)


def source_of(world: Any) -> DataSource:
    """Org A's file source "Product events" with its ``events`` table (made once per test)."""
    leader = world.membership("leader")
    found = DataSource.objects.for_member(leader).filter(name="Product events").first()
    return found or file_source(leader, world_dir())


def metric_of(world: Any, **overrides: Any) -> Metric:
    return count_metric(world.membership("leader"), source_of(world), **overrides)


def bound_outcome(world: Any, metric: Metric | None = None) -> Any:
    """Outcome "More repeat buyers" of team Checkout (bob is on it), reading ``metric``."""
    from pom.discovery.tests import helpers as dh
    from pom.metrics.services import bind_metric

    outcome = dh.outcome(world, dh.team(world))
    bind_metric(world.membership("leader"), outcome, metric=metric or metric_of(world))
    return outcome
