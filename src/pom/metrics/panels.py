"""What the metrics pillar shows on other pillars' pages: the outcome workspace's *Metric* panel
(registered in ``MetricsConfig.ready``) — the bound metric, its latest value and series, the stored
forecast to the deadline and the bound guardrails, in five queries however long the series."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from pom.core.permissions import can
from pom.metrics import queries


def render_outcome_metric_panel(request: Any, outcome: Any) -> str:
    actor = getattr(request, "membership", None)
    if actor is None:
        return ""
    metric = queries.metric_for_outcome(actor, outcome.pk)
    series = queries.series_for_outcome(actor, outcome.pk) if metric else []
    forecast = queries.forecast_statuses(actor, [outcome.pk]).get(outcome.pk) if metric else None
    guardrails = queries.guardrails_for_outcome(actor, outcome.pk)
    return render_to_string(
        "metrics/partials/_outcome_panel.html",
        {
            "outcome": outcome,
            "metric": metric,
            "series": series,
            "first": series[0] if series else None,
            "latest": series[-1] if series else None,
            "forecast": forecast,
            "guardrails": guardrails,
            "breached": sum(1 for g in guardrails if g.holds is False),
            "can_bind": can(actor, "strategy.outcome", outcome),
        },
        request=request,
    )
