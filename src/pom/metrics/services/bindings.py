"""Outcomes reading their numbers from metrics: bind, unbind, and carry each refresh over.

Binding is an edit of the outcome, so it needs ``strategy.outcome`` on that outcome (leaders, or
members of the team that owns it). Once bound, each refresh sets the outcome's current value
from the metric's latest period (check-ins keep their human part: confidence, commentary,
blockers), and each guardrail binding records whether the guardrail holds and since when it has
been breached.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import resolve
from pom.metrics.models import BindingRole, Comparison, Metric, MetricPoint, OutcomeMetric
from pom.strategy.models import Outcome


def _guardrail(outcome: Outcome, name: Any) -> dict[str, Any]:
    wanted = str(name or "").strip().lower()
    for g in outcome.guardrails or []:
        if str(g.get("metric", "")).strip().lower() == wanted:
            return dict(g)
    names = ", ".join(str(g.get("metric")) for g in outcome.guardrails or []) or "none"
    raise ValidationError(
        {"guardrail": f"{outcome.title} has no guardrail named {name!r} (its guardrails: {names})."}
    )


@transaction.atomic
def bind_metric(
    actor: Membership, outcome: Outcome, *, metric: Any, guardrail: Any = None
) -> OutcomeMetric:
    """Bind ``metric`` to ``outcome`` as its metric, or (``guardrail`` named) to one of its guardrails.

    Binding the outcome's metric again replaces the previous one.
    """
    require(actor, "strategy.outcome", outcome)
    # By id, so the numbers are the stored ones even if the caller holds an older copy.
    found = resolve(Metric, actor, getattr(metric, "pk", metric), "metric")
    if found is None:
        raise ValidationError({"metric": "Choose the metric."})
    if guardrail not in (None, ""):
        g = _guardrail(outcome, guardrail)
        binding, _ = OutcomeMetric.objects.for_member(actor).update_or_create(
            outcome=outcome,
            metric=found,
            role=BindingRole.GUARDRAIL,
            defaults={
                "organization_id": actor.organization_id,
                "comparison": g.get("comparison") or Comparison.AT_MOST,
                "limit": g.get("limit"),
                "guardrail": str(g.get("metric") or ""),
            },
        )
    else:
        OutcomeMetric.objects.for_member(actor).filter(
            outcome=outcome, role=BindingRole.PRIMARY
        ).exclude(metric=found).delete()
        binding, _ = OutcomeMetric.objects.for_member(actor).get_or_create(
            outcome=outcome,
            metric=found,
            role=BindingRole.PRIMARY,
            defaults={"organization_id": actor.organization_id},
        )
    _apply(binding, found)
    return binding


@transaction.atomic
def unbind_metric(actor: Membership, binding: OutcomeMetric) -> None:
    require(actor, "strategy.outcome", binding.outcome)
    binding.delete()


def _breached_since(binding: OutcomeMetric, metric: Metric) -> Any:
    """The first period of the current unbroken run of breaches, or ``None`` when it holds."""
    first = None
    points = MetricPoint.objects.filter(metric=metric).order_by("-period").only("period", "value")
    for point in points.iterator(chunk_size=500):
        if binding.guardrail_holds(point.value):
            break
        first = point.period
    return first


def _apply(binding: OutcomeMetric, metric: Metric) -> None:
    if binding.role == BindingRole.PRIMARY:
        outcome = binding.outcome
        if metric.latest_value is not None and outcome.current_value != metric.latest_value:
            outcome.current_value = metric.latest_value
            outcome.save(update_fields=["current_value", "updated_at"])
        _store_forecast(binding, metric)
        return
    since = _breached_since(binding, metric) if metric.latest_value is not None else None
    if binding.breached_since != since:
        binding.breached_since = since
        binding.save(update_fields=["breached_since", "updated_at"])


def apply_to_outcomes(metric: Metric) -> None:
    """After a refresh: every outcome and guardrail bound to ``metric`` takes its new numbers."""
    bindings = OutcomeMetric.objects.for_org(metric.organization_id).filter(metric=metric)
    for binding in bindings.select_related("outcome"):
        _apply(binding, metric)


def _store_forecast(binding: OutcomeMetric, metric: Metric) -> None:
    """Keep the forecast with the binding, so lists and maps show it without computing it."""
    from pom.metrics import queries

    f = queries.forecast_for(binding.outcome, metric, queries.points_of(metric))
    binding.forecast_status = f.status
    binding.forecast = {
        "reason": f.reason,
        "value": f.value,
        "lower": f.lower,
        "upper": f.upper,
        "probability": f.probability,
    }
    binding.forecast_at = timezone.now()
    binding.save(update_fields=["forecast_status", "forecast", "forecast_at", "updated_at"])
