"""Planning cycles."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import date_value
from pom.strategy.models import (
    Cycle,
)
from pom.strategy.services.fields import _text


def _apply_cycle(actor: Membership, cycle: Cycle, data: dict[str, Any]) -> Cycle:
    if "name" in data:
        cycle.name = _text(data["name"], "name", required=True, max_length=60, label="cycle a name")
    if "start" in data:
        cycle.start = date_value(data["start"], "start")  # type: ignore[assignment]
    if "end" in data:
        cycle.end = date_value(data["end"], "end")  # type: ignore[assignment]
    if not cycle.start:
        raise ValidationError({"start": "Give the first day of the cycle."})
    if not cycle.end:
        raise ValidationError({"end": "Give the last day of the cycle."})
    if cycle.end <= cycle.start:
        raise ValidationError({"end": "The cycle must end after it starts."})
    clash = (
        Cycle.objects.for_member(actor).filter(name__iexact=cycle.name).exclude(pk=cycle.pk or 0)
    )
    if clash.exists():
        raise ValidationError({"name": f"There is already a cycle called {cycle.name!r}."})
    cycle.save()
    return cycle


@transaction.atomic
def create_cycle(actor: Membership, **data: Any) -> Cycle:
    require(actor, "strategy.manage")
    data.setdefault("name", "")
    return _apply_cycle(actor, Cycle(organization_id=actor.organization_id), data)


@transaction.atomic
def update_cycle(actor: Membership, cycle: Cycle, **data: Any) -> Cycle:
    require(actor, "strategy.manage")
    return _apply_cycle(actor, cycle, data)


@transaction.atomic
def delete_cycle(actor: Membership, cycle: Cycle) -> None:
    require(actor, "strategy.manage")
    cycle.delete()
