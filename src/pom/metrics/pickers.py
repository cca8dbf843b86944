"""What the pickers (core/pickers.py) pick from the metrics pillar: metrics."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pom.accounts.models import Membership
from pom.core.pickers import Scope, Source
from pom.metrics.models import Metric


def _metrics(actor: Membership, scope: Scope) -> QuerySet[Any]:
    return Metric.objects.for_member(actor).select_related("source").order_by("name", "id")


SOURCES = [
    Source(
        kind="metrics",
        noun="metric",
        rows=_metrics,
        fields=("name", "description", "source__name"),
        label=lambda m: f"{m.name} ({m.unit})" if m.unit else m.name,
        detail=lambda m: f"{m.source.name} · {m.get_grain_display()}",
        empty="No metrics yet: define them on the Metrics page.",
    ),
]
