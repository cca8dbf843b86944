"""Funding allocations of a cycle to teams, outcomes and projects."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.strategy.models import HEADCOUNT, MONEY, FundingAllocation
from pom.strategy.services.fields import _same_org, _text


def _apply_funding(
    actor: Membership, funding: FundingAllocation, data: dict[str, Any]
) -> FundingAllocation:
    if "cycle" in data:
        funding.cycle = _same_org(data["cycle"], actor, "cycle")
    for name in ("team", "outcome", "project"):
        if name in data:
            setattr(funding, name, _same_org(data[name], actor, name))
    if "headcount" in data:
        funding.headcount = HEADCOUNT.clean(data["headcount"], "headcount")
    if "amount" in data:
        funding.amount = MONEY.clean(data["amount"], "amount")
    if "rationale" in data:
        funding.rationale = _text(data["rationale"], "rationale")
    if not funding.cycle_id:
        raise ValidationError({"cycle": "Choose the cycle this funding is for."})
    targets = [n for n in ("team", "outcome", "project") if getattr(funding, f"{n}_id")]
    if not targets:
        raise ValidationError(
            {"target": "Fund exactly one of: a team, an outcome or a project (none was named)."}
        )
    if len(targets) > 1:
        raise ValidationError(
            {
                "target": f"Fund exactly one of: a team, an outcome or a project (this names {' and '.join(targets)})."
            }
        )
    if funding.headcount is None and funding.amount is None:
        raise ValidationError({"amount": "Give an amount, a headcount, or both."})
    funding.save()
    return funding


@transaction.atomic
def allocate_funding(actor: Membership, **data: Any) -> FundingAllocation:
    require(actor, "strategy.manage")
    return _apply_funding(actor, FundingAllocation(organization_id=actor.organization_id), data)


@transaction.atomic
def update_funding(actor: Membership, funding: FundingAllocation, **data: Any) -> FundingAllocation:
    require(actor, "strategy.manage")
    return _apply_funding(actor, funding, data)


@transaction.atomic
def delete_funding(actor: Membership, funding: FundingAllocation) -> None:
    require(actor, "strategy.manage")
    funding.delete()
