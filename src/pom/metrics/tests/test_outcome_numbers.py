"""An outcome's numbers from data: forecast with its band, guardrails, and the scheduler."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from pom.metrics import queries, services
from pom.metrics.forecast import Status
from pom.metrics.models import MetricRefresh, OutcomeMetric, RefreshStatus
from pom.metrics.services.schedule import enqueue_due
from pom.metrics.tests import helpers as h
from pom.metrics.tests.helpers import metrics_dir

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db


def _outcome_with_target(world: Any, target: float, deadline_days: int = 30) -> Any:
    from datetime import date

    from pom.discovery.tests import helpers as dh

    outcome = dh.outcome(world, dh.team(world))
    outcome.target_value = target
    outcome.deadline = date(2026, 3, 31) + timedelta(days=deadline_days)
    outcome.direction = "increase"
    outcome.save()
    return outcome


@pytest.fixture
def on_the_last_data_day(monkeypatch: Any) -> None:
    """Today is the last day of the generated events (2026-03-31)."""
    from datetime import date

    import pom.core.validation as validation

    monkeypatch.setattr(validation, "today", lambda: date(2026, 3, 31))


def test_a_bound_outcome_gets_a_forecast_with_a_band(
    world: Any, metrics_dir: Path, on_the_last_data_day: None
) -> None:
    leader = world.membership("leader")
    metric = h.metric_of(world)
    services.refresh_now(leader, metric)
    # 20 + d visits a day: 109 on 2026-03-31, rising by one a day, so 139 by the end of April.
    outcome = _outcome_with_target(world, target=130)
    services.bind_metric(leader, outcome, metric=metric)
    f = queries.forecast_for_outcome(world.org_a, outcome.pk)
    assert f.status == Status.ON_TRACK
    assert f.value == pytest.approx(139, abs=0.5)
    assert f.lower is not None and f.upper is not None and f.lower <= f.value <= f.upper
    stored = queries.forecast_statuses(world.org_a, [outcome.pk])[outcome.pk]
    assert stored["status"] == "on_track" and stored["label"] == "On track"


def test_the_outcome_page_shows_forecast_band_and_guardrails(
    world: Any, metrics_dir: Path, on_the_last_data_day: None
) -> None:
    leader = world.membership("leader")
    metric = h.metric_of(world)
    services.refresh_now(leader, metric)
    outcome = _outcome_with_target(world, target=500)
    outcome.guardrails = [{"metric": "Daily visits", "comparison": "at_most", "limit": 100}]
    outcome.save()
    services.bind_metric(leader, outcome, metric=metric)
    services.bind_metric(leader, outcome, metric=metric, guardrail="Daily visits")
    body = world.client("viewer").get(f"/metrics/outcomes/{outcome.pk}/").content.decode()
    assert "Off track" in body and "80% range" in body
    assert "breached since 2026-03-23" in body
    assert '"expected"' in body and '"target": 500.0' in body
    api = world.api("viewer").get(f"/api/v1/metrics/outcomes/{outcome.pk}").json()
    assert api["forecast"]["status"] == "off_track" and api["forecast"]["path"]


def test_an_unbound_outcome_says_where_its_numbers_would_come_from(world: Any) -> None:
    from pom.discovery.tests import helpers as dh

    outcome = dh.outcome(world, dh.team(world))
    body = world.client("member").get(f"/metrics/outcomes/{outcome.pk}/").content.decode()
    assert "No metric is bound to this outcome yet." in body


def test_the_scheduler_queues_due_metrics_once(
    world: Any, metrics_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    leader = world.membership("leader")
    daily = h.metric_of(world)
    manual = h.metric_of(world, name="By hand", schedule="manual")
    services.refresh_now(leader, daily)
    # Refreshed just now: not due yet.
    assert enqueue_due() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert enqueue_due(timezone.now() + timedelta(days=1, minutes=1)) == 1
    latest = MetricRefresh.objects.for_org(world.org_a).filter(metric=daily).first()
    assert latest is not None and latest.status == RefreshStatus.SUCCEEDED and not latest.full
    assert not MetricRefresh.objects.for_org(world.org_a).filter(metric=manual).exists()
    # A refresh already queued is not queued twice.
    MetricRefresh.objects.create(organization=world.org_a, metric=daily)
    assert enqueue_due(timezone.now() + timedelta(days=3)) == 0
    assert OutcomeMetric.objects.for_org(world.org_a).count() == 0
