"""Panels on a page that other pillars fill: the team page, the outcome page.

The page that hosts panels owns one ``Panels`` registry; each pillar registers its panel once, in
its ``AppConfig.ready()``::

    from pom.teams.panels import register
    register("outcomes", "Outcomes", render_outcomes_panel, order=10)

``render(request, obj)`` returns the panel's HTML (e.g. ``render_to_string(...)``), or "" to say
it has nothing, and runs a fixed number of queries. Until a pillar registers its key, the page
shows its placeholder: what will appear there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


class Panels:
    """One page's panels: what the pillars registered, then placeholders for the rest.

    ``placeholders`` maps a key to ``(title, text, order)``. With ``drop_empty`` a panel whose
    render gives "" is left out; without it, it shows as an empty panel.
    """

    def __init__(
        self, placeholders: Mapping[str, tuple[str, str, int]] | None = None, *, drop_empty: bool
    ) -> None:
        # Filled at start-up by each pillar's AppConfig.ready(); never changed while serving.
        self.registered: dict[str, Panel] = {}
        self.placeholders = dict(placeholders or {})
        self.drop_empty = drop_empty

    def register(self, key: str, title: str, render: Render, order: int = 50) -> None:
        self.registered[key] = Panel(key, title, render, order)

    def for_page(self, request: Any, obj: Any) -> list[dict[str, Any]]:
        """The panels of ``obj``'s page, in order, each as ``{key, title, html}``."""
        panels = dict(self.registered)
        for key, (title, text, order) in self.placeholders.items():
            panels.setdefault(key, Panel(key, title, _placeholder(text), order))
        found = []
        for p in sorted(panels.values(), key=lambda p: (p.order, p.key)):
            html = p.render(request, obj)
            if html or not self.drop_empty:
                found.append({"key": p.key, "title": p.title, "html": SafeString(html)})
        return found


def _placeholder(text: str) -> Render:
    return lambda request, obj: format_html('<p class="muted">{}</p>', text)
