"""Lookups used by forms, the API and imports: ids to objects of the actor's organization."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from pom.accounts.models import Membership
from pom.strategy.models import (
    Outcome,
    StrategicBet,
)
from pom.teams.models import Team


def resolve(model: Any, actor: Membership, pk: Any, field: str) -> Any:
    """The object ``pk`` of ``model`` in the actor's organization, or a field error."""
    if pk in (None, ""):
        return None
    obj = model.objects.for_member(actor).filter(pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise ValidationError(
            {field: f"No {model._meta.verbose_name} with id {pk} in this organization."}
        )
    return obj


def resolve_outcome_refs(actor: Membership, data: dict[str, Any]) -> dict[str, Any]:
    """Turn ``*_id`` keys of an outcome payload into objects, field errors naming the key."""
    out = dict(data)
    for key, model in (("parent_id", Outcome), ("bet_id", StrategicBet), ("owner_team_id", Team)):
        if key in out:
            out[key[:-3]] = resolve(model, actor, out.pop(key), key)
    return out


def resolve_refs(
    actor: Membership, data: dict[str, Any], refs: Mapping[str, Any]
) -> dict[str, Any]:
    out = dict(data)
    for key, model in refs.items():
        if key in out:
            out[key[:-3]] = resolve(model, actor, out.pop(key), key)
    return out
