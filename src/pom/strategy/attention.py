"""The strategy pillar's lines of the home to-do list: outcomes gone stale, off track, or with a
guardrail breached — counted in one aggregate query, each linked to the filtered outcomes list
(or to the outcome itself when there is only one)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse

from pom.core.attention import Item, Scope
from pom.strategy import queries
from pom.strategy.models import Outcome


def _url(scope: Scope, count: int, first: int | None, **params: str) -> str:
    if count == 1 and first is not None:
        return reverse("strategy:outcome", args=[first])
    team = scope.one_team()
    if team is not None:
        params["team"] = str(team)
    return f"{reverse('strategy:outcomes')}?{urlencode(params)}"


def outcome_items(scope: Scope) -> list[Item]:
    """Stale, off-track and guardrail-breached outcomes of the scope (two queries)."""
    days = queries.strategy_settings(scope.org_id).stale_after_days
    rules = {
        "stale": queries.stale_q(days),
        "off_track": queries.off_track_q(scope.org_id),
        "breached": queries.breached_q(scope.org_id),
    }
    aggregates: dict[str, Count | Min] = {}
    for key, rule in rules.items():
        aggregates[f"n_{key}"] = Count("id", filter=rule)
        aggregates[f"first_{key}"] = Min("id", filter=rule)
    row = (
        Outcome.objects.for_org(scope.org_id)
        .filter(scope.teams("owner_team_id"))
        .aggregate(**aggregates)
    )
    follow = "Review" if not _acts(scope) else None
    return [
        Item(
            "stale_outcomes",
            row["n_stale"],
            f"outcome with no check-in for {days} days",
            f"outcomes with no check-in for {days} days",
            _url(scope, row["n_stale"], row["first_stale"], stale="1"),
            follow or "Check in",
            "strategy",
        ),
        Item(
            "off_track_outcomes",
            row["n_off_track"],
            "outcome off track",
            "outcomes off track",
            _url(scope, row["n_off_track"], row["first_off_track"], attention="off_track"),
            follow or "Decide what changes",
            "strategy",
        ),
        Item(
            "breached_guardrails",
            row["n_breached"],
            "outcome with a guardrail breached",
            "outcomes with a guardrail breached",
            _url(scope, row["n_breached"], row["first_breached"], attention="breached"),
            follow or "Look at the guardrail",
            "strategy",
        ),
    ]


def _acts(scope: Scope) -> bool:
    """Stakeholders and viewers follow outcomes; they do not check in on them."""
    return scope.membership.role in ("owner", "leader", "member")
