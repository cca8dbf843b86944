"""The public reads other pillars use: an outcome's series, latest value and guardrails."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pom.metrics import queries, services
from pom.metrics.tests import helpers as h
from pom.metrics.tests.helpers import metrics_dir

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db


def test_an_outcome_without_a_metric_has_no_series(world: Any) -> None:
    from pom.discovery.tests import helpers as dh

    outcome = dh.outcome(world, dh.team(world))
    assert queries.series_for_outcome(world.org_a, outcome.pk) == []
    assert queries.latest_for_outcome(world.org_a, outcome.pk) is None
    assert queries.metric_for_outcome(world.org_a, outcome.pk) is None


def test_series_and_latest_value_of_a_bound_outcome(
    world: Any, metrics_dir: Path, django_assert_num_queries: Any
) -> None:
    metric = h.metric_of(world)
    services.refresh_now(world.membership("leader"), metric)
    outcome = h.bound_outcome(world, metric)
    with django_assert_num_queries(2):
        series = queries.series_for_outcome(world.org_a, outcome.pk, since=date(2026, 3, 30))
    assert series == [
        queries.Point(date(2026, 3, 30), 108.0),
        queries.Point(date(2026, 3, 31), 109.0),
    ]
    assert queries.latest_for_outcome(world.membership("viewer"), outcome.pk) == queries.Point(
        date(2026, 3, 31), 109.0
    )
    # Another organization asking about org A's outcome gets nothing.
    assert queries.series_for_outcome(world.org_b, outcome.pk) == []


def test_a_guardrail_bound_to_a_metric_records_when_it_was_first_breached(
    world: Any, metrics_dir: Path
) -> None:
    leader = world.membership("leader")
    metric = h.metric_of(world)
    services.refresh_now(leader, metric)
    from pom.discovery.tests import helpers as dh

    outcome = dh.outcome(world, dh.team(world))
    outcome.guardrails = [{"metric": "Daily visits", "comparison": "at_most", "limit": 100.0}]
    outcome.save()
    services.bind_metric(leader, outcome, metric=metric, guardrail="daily visits")
    [status] = queries.guardrails_for_outcome(world.org_a, outcome.pk)
    assert status.holds is False
    # 20 + d visits: over 100 from day 81 (2026-03-23) onward.
    assert status.breached_since == date(2026, 3, 23)


def test_metrics_of_many_outcomes_come_in_one_query_keyed_by_outcome(
    world: Any, metrics_dir: Path, django_assert_num_queries: Any
) -> None:
    from pom.discovery.tests import helpers as dh

    metric = h.metric_of(world)
    bound = h.bound_outcome(world, metric)
    loose = dh.outcome(world, dh.team(world), title="Nothing bound")
    with django_assert_num_queries(1):
        found = queries.metrics_for_outcomes(world.org_a, [bound.pk, loose.pk])
    assert found == {bound.pk: metric}
    assert queries.metrics_for_outcomes(world.org_b, [bound.pk]) == {}
