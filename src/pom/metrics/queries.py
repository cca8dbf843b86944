"""Reads of the metrics pillar that pages, the API and other pillars share.

**Public for other pillars** (delivery's release impact, culture's demos, transformation's health
signals): an outcome's series and latest value, read by organization and outcome id, each in a
fixed number of queries::

    from pom.metrics import queries as metrics

    metrics.series_for_outcome(org, outcome.pk)         # [Point(period, value), …] oldest first
    metrics.series_for_outcome(org, outcome.pk, since=date(2026, 1, 1))
    metrics.latest_for_outcome(org, outcome.pk)         # Point or None
    metrics.series_for_outcomes(org, [o.pk for o in outcomes])   # {outcome_id: [Point, …]}
    metrics.metric_for_outcome(org, outcome.pk)         # the bound Metric or None
    metrics.metrics_for_outcomes(org, [o.pk for o in outcomes])  # {outcome_id: Metric}
    metrics.guardrails_for_outcome(org, outcome.pk)     # [GuardrailStatus, …]
    metrics.off_track_forecasts(org)                    # bindings to filter outcomes by (Exists)
    metrics.breached_guardrails(org)

``org`` is an ``Organization``, a ``Membership`` or an organization id. An outcome with no bound
metric has an empty series (``[]``) and no latest value (``None``): say "no metric bound yet"
rather than showing zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from pom.metrics.forecast import Forecast, Status, forecast
from pom.metrics.models import (
    BindingRole,
    DataSource,
    Metric,
    MetricPoint,
    MetricRefresh,
    OutcomeMetric,
)

if TYPE_CHECKING:
    from pom.accounts.models import Membership


@dataclass(frozen=True)
class Point:
    """One period of a series: the period's first day and the value the source computed for it."""

    period: date
    value: float


@dataclass(frozen=True)
class GuardrailStatus:
    """A guardrail bound to a metric: its limit, the latest value, and whether it holds."""

    metric_id: int
    metric_name: str
    comparison: str
    limit: float | None
    latest: Point | None
    holds: bool | None  # None: no data yet
    breached_since: date | None


def _org_id(org: Any) -> int:
    if isinstance(org, int):
        return org
    return int(getattr(org, "organization_id", None) or org.pk)


def _primary(org_id: int, outcome_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        OutcomeMetric.objects.for_org(org_id)
        .filter(outcome_id__in=list(outcome_ids), role=BindingRole.PRIMARY)
        .values_list("outcome_id", "metric_id")
    )
    return dict(rows)


def metric_for_outcome(org: Any, outcome_id: int) -> Metric | None:
    """The metric an outcome reads its numbers from, or ``None`` (one query)."""
    binding = (
        OutcomeMetric.objects.for_org(_org_id(org))
        .filter(outcome_id=outcome_id, role=BindingRole.PRIMARY)
        .select_related("metric", "metric__source")
        .first()
    )
    return binding.metric if binding else None


def metrics_for_outcomes(org: Any, outcome_ids: Iterable[int]) -> dict[int, Metric]:
    """The metric of each outcome that has one bound, keyed by outcome id (one query)."""
    bindings = (
        OutcomeMetric.objects.for_org(_org_id(org))
        .filter(outcome_id__in=list(outcome_ids), role=BindingRole.PRIMARY)
        .select_related("metric", "metric__source")
    )
    return {b.outcome_id: b.metric for b in bindings}


def outcomes_measured_by(org: Any, metric: Metric) -> list[Any]:
    """The outcomes that read their numbers from ``metric`` (its primary bindings; one query)."""
    from pom.strategy.models import Outcome

    return list(
        Outcome.objects.for_org(_org_id(org))
        .filter(metric_bindings__metric=metric, metric_bindings__role=BindingRole.PRIMARY)
        .order_by("title", "id")
    )


def series_for_outcome(org: Any, outcome_id: int, *, since: date | None = None) -> list[Point]:
    """The outcome's series, oldest period first; ``[]`` when no metric is bound (two queries)."""
    return series_for_outcomes(org, [outcome_id], since=since).get(outcome_id, [])


def series_for_outcomes(
    org: Any, outcome_ids: Iterable[int], *, since: date | None = None
) -> dict[int, list[Point]]:
    """Series of many outcomes at once, keyed by outcome id (two queries however many)."""
    org_id = _org_id(org)
    bound = _primary(org_id, outcome_ids)
    if not bound:
        return {}
    points = MetricPoint.objects.filter(
        metric_id__in=set(bound.values()), metric__organization_id=org_id
    )
    if since is not None:
        points = points.filter(period__gte=since)
    by_metric: dict[int, list[Point]] = defaultdict(list)
    for metric_id, period, value in points.order_by("metric_id", "period").values_list(
        "metric_id", "period", "value"
    ):
        by_metric[metric_id].append(Point(period, value))
    return {outcome: by_metric.get(metric, []) for outcome, metric in bound.items()}


def latest_for_outcome(org: Any, outcome_id: int) -> Point | None:
    """The outcome's most recent period and value, or ``None`` (one query)."""
    row = (
        OutcomeMetric.objects.for_org(_org_id(org))
        .filter(outcome_id=outcome_id, role=BindingRole.PRIMARY)
        .values_list("metric__latest_period", "metric__latest_value")
        .first()
    )
    if row is None or row[0] is None or row[1] is None:
        return None
    return Point(row[0], row[1])


def guardrails_for_outcome(org: Any, outcome_id: int) -> list[GuardrailStatus]:
    """The outcome's guardrails that are bound to metrics, with their status (one query)."""
    bindings = (
        OutcomeMetric.objects.for_org(_org_id(org))
        .filter(outcome_id=outcome_id, role=BindingRole.GUARDRAIL)
        .select_related("metric")
        .order_by("metric__name")
    )
    result = []
    for b in bindings:
        m = b.metric
        latest = (
            Point(m.latest_period, m.latest_value)
            if m.latest_period and m.latest_value is not None
            else None
        )
        result.append(
            GuardrailStatus(
                metric_id=m.pk,
                metric_name=m.name,
                comparison=b.comparison,
                limit=b.limit,
                latest=latest,
                holds=b.guardrail_holds(latest.value) if latest else None,
                breached_since=b.breached_since,
            )
        )
    return result


def off_track_forecasts(org: Any) -> QuerySet[OutcomeMetric]:
    """Outcome metrics whose stored forecast says the target will be missed, for ``Exists``
    filters of outcomes (``.filter(outcome_id=OuterRef("pk"))``): lists and the home count them."""
    return OutcomeMetric.objects.for_org(_org_id(org)).filter(
        role=BindingRole.PRIMARY, forecast_status=Status.OFF_TRACK
    )


def breached_guardrails(org: Any) -> QuerySet[OutcomeMetric]:
    """Guardrail bindings whose metric is over its limit now, for ``Exists`` filters of outcomes."""
    return OutcomeMetric.objects.for_org(_org_id(org)).filter(
        role=BindingRole.GUARDRAIL, breached_since__isnull=False
    )


# --- Pages and the API --------------------------------------------------------------------------


def metrics_for(
    membership: Membership, *, q: str = "", source: int | None = None
) -> QuerySet[Metric]:
    """The organization's metrics for the list (source joined), optionally searched by name."""
    qs = Metric.objects.for_member(membership).select_related("source")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    if source:
        qs = qs.filter(source_id=source)
    return qs.order_by("name", "id")


def sources_for(membership: Membership) -> QuerySet[DataSource]:
    """The organization's data sources with how many tables and metrics each has."""
    return (
        DataSource.objects.for_member(membership)
        .annotate(
            table_count=Count("tables", distinct=True), metric_count=Count("metrics", distinct=True)
        )
        .order_by("name", "id")
    )


def points_of(metric: Metric, *, since: date | None = None) -> list[Point]:
    qs = MetricPoint.objects.filter(metric=metric)
    if since is not None:
        qs = qs.filter(period__gte=since)
    return [Point(p, v) for p, v in qs.order_by("period").values_list("period", "value")]


def refreshes_of(metric: Metric, limit: int = 20) -> list[MetricRefresh]:
    return list(
        MetricRefresh.objects.for_org(metric.organization_id)
        .filter(metric=metric)
        .select_related("requested_by")
        .order_by("-created_at", "-id")[:limit]
    )


def bindings_of(metric: Metric) -> list[OutcomeMetric]:
    return list(
        OutcomeMetric.objects.for_org(metric.organization_id)
        .filter(metric=metric)
        .select_related("outcome")
        .order_by("outcome__title", "role")
    )


def forecast_for(outcome: Any, metric: Metric | None, points: list[Point]) -> Forecast:
    """The forecast of ``outcome`` to its deadline from ``points`` of its ``metric``."""
    from pom.core.validation import today

    if metric is None:
        return Forecast(Status.NOT_ENOUGH_DATA, "No metric is bound to this outcome yet.")
    if outcome.direction == "keep_within":
        return Forecast(
            Status.NO_TARGET, "A keep-within outcome is watched like a guardrail, not forecast."
        )
    return forecast(
        [(p.period, p.value) for p in points],
        grain=metric.grain,
        target=outcome.target_value,
        deadline=outcome.deadline,
        increase=outcome.direction != "decrease",
        today=today(),
    )


def forecast_for_outcome(org: Any, outcome_id: int) -> Forecast:
    """The outcome's forecast to its deadline, computed now from its series (three queries)."""
    from pom.strategy.models import Outcome

    outcome = Outcome.objects.for_org(_org_id(org)).filter(pk=outcome_id).first()
    if outcome is None:
        return Forecast(Status.NOT_ENOUGH_DATA, "No such outcome.")
    metric = metric_for_outcome(org, outcome_id)
    points = points_of(metric) if metric else []
    return forecast_for(outcome, metric, points)


def org_forecast_statuses(org: Any) -> dict[int, str]:
    """Outcome id → the status of its stored forecast, for every bound outcome of the
    organization (one query): the portfolio review reads them all at once."""
    rows = (
        OutcomeMetric.objects.for_org(_org_id(org))
        .filter(role=BindingRole.PRIMARY)
        .exclude(forecast_status="")
        .values_list("outcome_id", "forecast_status")
    )
    return dict(rows)


def breached_by_outcome(
    org: Any, outcome_ids: Iterable[int] | None = None
) -> dict[int, list[dict[str, Any]]]:
    """Outcome id → its guardrails over their limit now: ``{"metric", "since"}`` each, in one
    query (every outcome of the organization when ``outcome_ids`` is ``None``)."""
    qs = breached_guardrails(org)
    if outcome_ids is not None:
        qs = qs.filter(outcome_id__in=list(outcome_ids))
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for outcome_id, name, since in qs.order_by("outcome_id", "metric__name").values_list(
        "outcome_id", "metric__name", "breached_since"
    ):
        found[outcome_id].append({"metric": name, "since": since})
    return dict(found)


def forecast_statuses(org: Any, outcome_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The stored forecast of many outcomes (as of their metric's last refresh), by outcome id.

    Each is ``{"status", "label", "reason", "value", "lower", "upper", "probability"}``; for
    lists and maps, in one query. Outcomes without a bound metric are absent.
    """
    rows = (
        OutcomeMetric.objects.for_org(_org_id(org))
        .filter(outcome_id__in=list(outcome_ids), role=BindingRole.PRIMARY)
        .exclude(forecast_status="")
        .values_list("outcome_id", "forecast_status", "forecast")
    )
    return {
        oid: {"status": status, "label": Status.LABELS.get(status, status), **(data or {})}
        for oid, status, data in rows
    }
