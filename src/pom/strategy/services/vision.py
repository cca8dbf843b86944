"""The strategy settings and the product vision."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.strategy.models import RULE_LIMIT, STALE_DAYS, ProductVision, StrategySettings
from pom.strategy.queries import strategy_settings
from pom.strategy.services.fields import _text


@transaction.atomic
def update_settings(actor: Membership, **fields: Any) -> StrategySettings:
    require(actor, "strategy.manage")
    settings = strategy_settings(actor.organization_id)
    for name in (
        "stale_after_days",
        "max_active_bets",
        "max_outcomes_per_team",
        "max_teams_per_outcome",
    ):
        if name in fields and fields[name] is not None:
            bounds = STALE_DAYS if name == "stale_after_days" else RULE_LIMIT
            value = bounds.clean(fields[name], name)
            if value is not None:
                setattr(settings, name, value)
    settings.save()
    return settings


@transaction.atomic
def save_vision(actor: Membership, *, statement: str, horizon: str = "") -> ProductVision:
    require(actor, "strategy.manage")
    statement = _text(statement, "statement", required=True, label="vision statement")
    horizon = _text(horizon, "horizon", max_length=60)
    vision = ProductVision.objects.for_member(actor).first() or ProductVision(
        organization_id=actor.organization_id
    )
    vision.statement, vision.horizon = statement, horizon
    vision.save()
    return vision
