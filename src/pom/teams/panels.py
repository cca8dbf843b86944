"""Panels on the team page that other pillars fill: outcomes, discovery, delivery…

A pillar registers a panel once, typically in its ``AppConfig.ready()``::

    from pom.teams.panels import register
    register("outcomes", "Outcomes", render_outcomes_panel, order=10)

``render(request, team)`` returns the panel's HTML (e.g. ``render_to_string(...)``) and should run
a fixed number of queries. Until a pillar registers its key, the page shows what will appear there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString

Render = Callable[[Any, Any], str]


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    render: Render
    order: int = 50


# Filled at start-up by each pillar's AppConfig.ready(); never changed while serving requests.
PANELS: dict[str, Panel] = {}

PLACEHOLDERS = {
    "outcomes": (
        "Outcomes",
        "The outcomes this team owns appear here once strategy is set up.",
        10,
    ),
    "discovery": (
        "Discovery",
        "Customer touchpoints, insights and assumption tests of this team appear here.",
        20,
    ),
    "delivery": ("Delivery", "Releases of this team and their cadence appear here.", 30),
}


def register(key: str, title: str, render: Render, order: int = 50) -> None:
    PANELS[key] = Panel(key, title, render, order)


def _placeholder(text: str) -> Render:
    return lambda request, team: format_html('<p class="muted">{}</p>', text)


def panels_for(request: Any, team: Any) -> list[dict[str, Any]]:
    """The panels of ``team``'s page, in order, each as ``{key, title, html}``."""
    panels = dict(PANELS)
    for key, (title, text, order) in PLACEHOLDERS.items():
        panels.setdefault(key, Panel(key, title, _placeholder(text), order))
    return [
        {"key": p.key, "title": p.title, "html": SafeString(p.render(request, team))}
        for p in sorted(panels.values(), key=lambda p: (p.order, p.key))
    ]
