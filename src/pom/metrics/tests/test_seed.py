"""The demo's metrics: a generated event log, real refreshes, outcomes and guardrails bound."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from pom.core.seeding import SeedContext, run_seeders
from pom.metrics.models import BindingRole, Metric, OutcomeMetric
from pom.metrics.tests.helpers import metrics_dir

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db


def test_the_demo_has_real_series_a_forecast_and_a_breached_guardrail(
    world: Any, metrics_dir: Path
) -> None:
    run_seeders(
        SeedContext(organization=world.org_a, teams=3, rng=random.Random(7)),
        only=["seed_people", "seed_teams", "seed_strategy", "seed_metrics"],
    )
    metrics = list(Metric.objects.for_org(world.org_a))
    assert len(metrics) == 6
    assert all(m.last_status == "succeeded" and m.point_count > 0 for m in metrics), [
        (m.name, m.last_error) for m in metrics
    ]
    bindings = OutcomeMetric.objects.for_org(world.org_a)
    primary = bindings.filter(role=BindingRole.PRIMARY)
    assert primary.exists() and all(b.forecast_status for b in primary)
    assert bindings.filter(role=BindingRole.GUARDRAIL, breached_since__isnull=False).exists()
    assert (metrics_dir / f"org_{world.org_a.pk}" / "demo" / "events.parquet").is_file()


def test_a_bench_sized_seed_adds_generated_metrics_with_their_latest_values(
    world: Any, metrics_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pom.metrics import seed

    monkeypatch.setattr(seed, "SCALE_FROM_TEAMS", 2)
    monkeypatch.setattr(seed, "SCALE_DAYS", 3)
    run_seeders(
        SeedContext(organization=world.org_a, teams=2, rng=random.Random(7)),
        only=["seed_people", "seed_teams", "seed_strategy", "seed_metrics"],
    )
    generated = Metric.objects.for_org(world.org_a).filter(name__startswith="Generated metric ")
    assert generated.count() == 2 * seed.METRICS_PER_TEAM
    assert all(m.point_count == 3 and m.last_status == "succeeded" for m in generated)
