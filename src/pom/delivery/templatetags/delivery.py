"""Template filters of the delivery pages: durations, rates and sparklines as people read them."""

from __future__ import annotations

from django import template

from pom.delivery import figures

register = template.Library()


@register.filter
def duration(seconds: float | None) -> str:
    return figures.duration(seconds)


@register.filter
def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f} %"


@register.filter
def spark(values: list[int], height: int = 20) -> str:
    """SVG polyline points for ``values`` (oldest first), 7 px apart, scaled to a week's 7 days."""
    return " ".join(f"{i * 7},{height - round(v / 7 * height)}" for i, v in enumerate(values or []))
