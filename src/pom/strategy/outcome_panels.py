"""Panels on the outcome page that other pillars fill: discovery, stakeholder input, releases, metrics…

The outcome page is where a leader walks from an outcome down the chain. A pillar registers its
panel once, in its ``AppConfig.ready()``::

    from pom.strategy.outcome_panels import register
    register("discovery", "Discovery", render_discovery_for_outcome, order=20)

``render(request, outcome)`` returns the panel's HTML, or "" to leave the panel out, and runs a
fixed number of queries. Until a pillar registers its key, the page says what will appear there.
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

PLACEHOLDERS: dict[str, tuple[str, str, int]] = {}


def register(key: str, title: str, render: Render, order: int = 50) -> None:
    PANELS[key] = Panel(key, title, render, order)


def _placeholder(text: str) -> Render:
    return lambda request, outcome: format_html('<p class="muted">{}</p>', text)


def panels_for(request: Any, outcome: Any) -> list[dict[str, Any]]:
    """The panels of ``outcome``'s page, in order, each as ``{key, title, html}``; empty ones dropped."""
    panels = dict(PANELS)
    for key, (title, text, order) in PLACEHOLDERS.items():
        panels.setdefault(key, Panel(key, title, _placeholder(text), order))
    found = []
    for p in sorted(panels.values(), key=lambda p: (p.order, p.key)):
        html = p.render(request, outcome)
        if html:
            found.append({"key": p.key, "title": p.title, "html": SafeString(html)})
    return found
