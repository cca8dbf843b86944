"""Number formatting for the results panel."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:+.1f}%"


@register.filter
def pct0(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def lift(value: float | None, metric: str) -> str:
    if value is None:
        return "—"
    return f"{value * 100:+.2f} pp" if metric == "binary" else f"{value:+.4g}"


@register.filter
def pvalue(value: float | None) -> str:
    if value is None:
        return "—"
    return "< 0.0001" if value < 1e-4 else f"{value:.4f}"


@register.filter
def estimate(arm: Any, metric: str) -> str:
    return f"{arm.estimate * 100:.2f}%" if metric == "binary" else f"{arm.estimate:.4g}"


@register.filter
def arm_estimate(arms: Any, index: int) -> str:
    arm = arms[index]
    return f"{arm.estimate * 100:.2f}%" if arm.conversions is not None else f"{arm.estimate:.4g}"
