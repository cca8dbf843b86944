"""Product principles: the organization's stated beliefs, in order; leaders and owners keep them.

Positions run 1…n without gaps: adding, moving, re-ordering and deleting renumber the list.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core import validation
from pom.core.permissions import require
from pom.strategy.models import PRINCIPLE_POSITION, Principle
from pom.strategy.services.fields import _text

MAX_PRINCIPLES = 100


def _ordered(actor: Membership) -> list[Principle]:
    return list(Principle.objects.for_member(actor).select_for_update().order_by("position", "id"))


def _renumber(principles: list[Principle]) -> None:
    for i, principle in enumerate(principles, start=1):
        if principle.position != i:
            principle.position = i
            principle.save(update_fields=["position", "updated_at"])


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "text" in data:
        cleaned["text"] = _text(
            data["text"], "text", required=True, max_length=300, label="principle"
        )
    if "rationale" in data:
        cleaned["rationale"] = _text(data["rationale"], "rationale", max_length=5_000)
    return cleaned


@transaction.atomic
def create_principle(
    actor: Membership, *, text: str, rationale: str = "", position: Any = None
) -> Principle:
    """Add a principle at ``position`` (the others move down), or at the end."""
    require(actor, "strategy.manage")
    fields = _clean({"text": text, "rationale": rationale})
    where = PRINCIPLE_POSITION.clean(position, "position", label="Position")
    principles = _ordered(actor)
    if len(principles) >= MAX_PRINCIPLES:
        raise ValidationError(
            {
                "text": f"An organization keeps at most {MAX_PRINCIPLES} principles; merge some first."
            }
        )
    principle = Principle(
        organization_id=actor.organization_id, position=len(principles) + 1, **fields
    )
    principle.save()
    index = min(where or len(principles) + 1, len(principles) + 1) - 1
    principles.insert(index, principle)
    _renumber(principles)
    return principle


@transaction.atomic
def update_principle(actor: Membership, principle: Principle, **data: Any) -> Principle:
    require(actor, "strategy.manage")
    unknown = set(data) - {"text", "rationale", "position"}
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationError({name: f"{name} cannot be changed here."})
    for name, value in _clean(data).items():
        setattr(principle, name, value)
    principle.save()
    if data.get("position") is not None:
        where = PRINCIPLE_POSITION.clean(data["position"], "position", label="Position")
        principles = [p for p in _ordered(actor) if p.pk != principle.pk]
        principles.insert(min(where, len(principles) + 1) - 1, principle)
        _renumber(principles)
    return principle


@transaction.atomic
def move_principle(actor: Membership, principle: Principle, offset: int) -> Principle:
    """One place up (``-1``) or down (``1``); at the top or bottom it stays."""
    require(actor, "strategy.manage")
    principles = _ordered(actor)
    index = next(i for i, p in enumerate(principles) if p.pk == principle.pk)
    target = max(0, min(len(principles) - 1, index + offset))
    principles.insert(target, principles.pop(index))
    _renumber(principles)
    principle.refresh_from_db()
    return principle


@transaction.atomic
def reorder_principles(actor: Membership, order: list[Any]) -> list[Principle]:
    """Put every principle in the order given (each id once, all of them)."""
    require(actor, "strategy.manage")
    ids = validation.unique_ids(order, "order")
    principles = {p.pk: p for p in _ordered(actor)}
    if len(ids) != len(order) or set(ids) != set(principles):
        raise ValidationError(
            {"order": "List every principle of the organization once, in the new order."}
        )
    ordered = [principles[pk] for pk in ids]
    _renumber(ordered)
    return ordered


@transaction.atomic
def delete_principle(actor: Membership, principle: Principle) -> None:
    """Delete it; decisions that cited it keep their record, without the citation."""
    require(actor, "strategy.manage")
    principle.delete()
    _renumber(_ordered(actor))
