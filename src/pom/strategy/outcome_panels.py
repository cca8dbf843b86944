"""Panels on the outcome page that other pillars fill: discovery, stakeholder input, releases, metrics…

The outcome page is where a leader walks from an outcome down the chain. A pillar registers its
panel once, in its ``AppConfig.ready()``::

    from pom.strategy.outcome_panels import register
    register("discovery", "Discovery", render_discovery_for_outcome, order=20)

``render(request, outcome)`` returns the panel's HTML, or "" to leave the panel out, and runs a
fixed number of queries (see ``pom.core.panels``).
"""

from __future__ import annotations

from pom.core.panels import Panel, Panels

__all__ = ["PANELS", "Panel", "panels_for", "register"]

PANELS = Panels(drop_empty=True)
register = PANELS.register
panels_for = PANELS.for_page
