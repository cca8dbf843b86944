"""Panels on the team page that other pillars fill: outcomes, discovery, delivery…

A pillar registers a panel once, typically in its ``AppConfig.ready()``::

    from pom.teams.panels import register
    register("outcomes", "Outcomes", render_outcomes_panel, order=10)

``render(request, team)`` returns the panel's HTML and runs a fixed number of queries (see
``pom.core.panels``). Until a pillar registers its key, the page shows what will appear there.
"""

from __future__ import annotations

from pom.core.panels import Panel, Panels

__all__ = ["PANELS", "Panel", "panels_for", "register"]

PANELS = Panels(
    {
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
    },
    drop_empty=False,
)
register = PANELS.register
panels_for = PANELS.for_page
