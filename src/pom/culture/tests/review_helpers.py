"""A small portfolio for review tests: a ranked bet with a business → product → team outcome
chain, plus outcomes on and off track, low in confidence, stale and serving no bet."""

from __future__ import annotations

from typing import Any

from pom.culture.tests import helpers as h
from pom.strategy import services as strategy

days_ago = h.days_ago


def leo(world: Any) -> Any:
    return world.membership("leader")


def outcome(world: Any, title: str, *, current: float = 25, **kwargs: Any) -> Any:
    args = {
        "title": title,
        "metric_name": "repeat purchase rate",
        "metric_unit": "%",
        "baseline_value": 20,
        "baseline_date": days_ago(100),
        "target_value": 30,
        "deadline": days_ago(-100),
        "current_value": current,
    } | kwargs
    return strategy.create_outcome(leo(world), **args)


def portfolio(world: Any) -> dict[str, Any]:
    team = h.team(world)
    bet = strategy.create_bet(leo(world), title="Win repeat buyers", tradeoffs="No new markets")
    business = outcome(world, "Repeat revenue grows", bet=bet, level="business")
    product = outcome(world, "Reorders get easy", parent=business, level="product")
    behind = outcome(
        world, "Buyers reorder in one click", parent=product, owner_team=team, current=21
    )
    on = outcome(world, "Saved baskets get reused", parent=product, owner_team=team, current=26)
    strategy.record_check_in(leo(world), on, value=26, confidence=7, date=days_ago(20))
    strategy.record_check_in(leo(world), on, value=26, confidence=2, date=days_ago(1))
    loose = outcome(world, "Support tickets fall", owner_team=team)
    strategy.record_check_in(leo(world), loose, value=25, confidence=6, date=days_ago(30))
    return {
        "bet": bet,
        "business": business,
        "product": product,
        "behind": behind,
        "on": on,
        "loose": loose,
        "team": team,
    }
