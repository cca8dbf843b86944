"""What the delivery pillar shows on other pillars' pages.

- the team page's *Delivery* panel (registered in ``DeliveryConfig.ready``): the team's figures
  over the last 90 days with their bands, and its latest releases;
- the outcome page's *Releases serving this outcome* panel (registered in
  ``DeliveryConfig.ready``): each release with whether it moved the outcome's metric::

      from pom.delivery.panels import render_outcome_releases
      html = render_outcome_releases(request, outcome)
- ``releases_for_bet`` walks down from a bet (through its outcomes and their child outcomes).

Each reads a fixed number of queries.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string

from pom.accounts.models import Membership
from pom.core.permissions import can
from pom.delivery import dora, queries
from pom.delivery import figures as f
from pom.delivery.models import Release

PANEL_RELEASES = 5


def releases_for_outcome(actor: Membership, outcome: Any) -> QuerySet[Release]:
    """Releases shipping a solution under ``outcome`` (or under one of its child outcomes), newest first."""
    ids = queries.releases_serving(actor, outcome.pk).values("pk")
    return queries.releases(actor).filter(pk__in=ids)


def releases_for_bet(actor: Membership, bet: Any) -> QuerySet[Release]:
    """Releases shipping a solution under any outcome of ``bet`` (its own or a child outcome's)."""
    under = Q(bet_id=bet.pk) | Q(parent__bet_id=bet.pk)
    return queries.releases(actor).filter(pk__in=queries.shipping_under(actor, under))


def render_outcome_releases(request: Any, outcome: Any, limit: int = 10) -> str:
    actor = getattr(request, "membership", None)
    if actor is None:
        return ""
    listing = queries.OutcomeReleases(actor, outcome)
    rows = listing[:limit]
    context = {
        "outcome": outcome,
        "rows": rows,
        "metric": listing.metric,
        "more": len(rows) == limit,
    }
    return render_to_string("delivery/partials/_outcome_releases.html", context, request=request)


def render_delivery_panel(request: Any, team: Any) -> str:
    actor = getattr(request, "membership", None)
    if actor is None:
        return ""
    w = dora.window()
    context = {
        "team": team,
        "figures": dora.figures_for(actor.organization_id, w, [team.pk])[team.pk],
        "releases": [
            (r, queries.trace(r))
            for r in queries.releases(actor, team=team.pk, brief=True)[:PANEL_RELEASES]
        ],
        "can_log": can(actor, "delivery.edit", team),
        "report": f.REPORT,
    }
    return render_to_string("delivery/partials/_team_panel.html", context, request=request)
