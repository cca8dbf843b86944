"""Strategic bets: genuinely ranked, so every rank is held by one active bet."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.strategy import clarity
from pom.strategy.models import (
    RANK,
    BetStatus,
    StrategicBet,
)
from pom.strategy.queries import strategy_settings
from pom.strategy.services.fields import _choice, _same_org, _text


def _rank_holder(actor: Membership, rank: int, exclude: int | None) -> StrategicBet | None:
    qs = StrategicBet.objects.for_member(actor).filter(status=BetStatus.ACTIVE, rank=rank)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.first()


def next_rank(actor: Membership) -> int:
    top = (
        StrategicBet.objects.for_member(actor)
        .filter(status=BetStatus.ACTIVE)
        .aggregate(m=Max("rank"))["m"]
    )
    return (top or 0) + 1


def _make_room(actor: Membership, rank: int, exclude: int | None) -> None:
    """Move every active bet at ``rank`` or below one place down, from the bottom up."""
    below = list(
        StrategicBet.objects.for_member(actor)
        .filter(status=BetStatus.ACTIVE, rank__gte=rank)
        .exclude(pk=exclude or 0)
        .order_by("-rank")
    )
    for bet in below:
        bet.rank = (bet.rank or 0) + 1
        bet.save(update_fields=["rank", "updated_at"])


def _require_rankable(actor: Membership, bet: StrategicBet, was_active: bool) -> None:
    """An active bet passes the linter's error rules, like a committed outcome.

    No trade-offs (or no title) is refused whenever the bet is active; more active bets than
    the organization's limit is refused when one more is made active. Messages name the bet.
    """
    name = f"“{bet.title}”" if bet.title else "This bet"
    errors: dict[str, list[str]] = {}
    for f in clarity.errors(clarity.lint_bet(bet.draft())):
        if f.field == "rank":
            continue  # a rank is assigned below when none was given
        errors.setdefault(f.field, []).append(
            f"{name} cannot be active: {f.message[0].lower()}{f.message[1:]} {f.suggestion}"
        )
    if not was_active:
        limit = strategy_settings(actor.organization_id).max_active_bets
        active = (
            StrategicBet.objects.for_member(actor)
            .filter(status=BetStatus.ACTIVE)
            .exclude(pk=bet.pk or 0)
            .count()
        )
        if active >= limit:
            errors.setdefault("status", []).append(
                f"{name} cannot be made active: {active} "
                f"{'bet is' if active == 1 else 'bets are'} active already and focus means "
                f"at most {limit}. Pause, conclude or drop one first, or keep this one paused."
            )
    if errors:
        raise ValidationError(errors)


def _apply_bet(
    actor: Membership, bet: StrategicBet, data: dict[str, Any], insert: bool
) -> StrategicBet:
    was_active = bool(bet.pk) and _stored_status(bet) == BetStatus.ACTIVE
    if "title" in data:
        bet.title = _text(
            data["title"], "title", required=True, max_length=200, label="bet a title"
        )
    for name in ("insight", "tradeoffs"):
        if name in data:
            setattr(bet, name, _text(data[name], name))
    if "time_frame" in data:
        bet.time_frame = _text(data["time_frame"], "time_frame", max_length=60)
    if "status" in data:
        bet.status = _choice(data["status"], "status", BetStatus, BetStatus.ACTIVE)
    if "owner" in data:
        bet.owner = _same_org(data["owner"], actor, "owner")
    if "rank" in data:
        bet.rank = RANK.clean(data["rank"], "rank", label="Rank")
    if bet.status == BetStatus.ACTIVE:
        _require_rankable(actor, bet, was_active)
    if bet.status != BetStatus.ACTIVE:
        bet.rank = None
    elif bet.rank is None:
        bet.rank = next_rank(actor) if not bet.pk else _keep_or_next(actor, bet)
    holder = (
        _rank_holder(actor, bet.rank, bet.pk)
        if bet.status == BetStatus.ACTIVE and bet.rank
        else None
    )
    if holder is not None:
        if not insert:
            raise ValidationError(
                {
                    "rank": ValidationError(
                        f"Rank {bet.rank} is already taken by “{holder.title}”. Two active bets never "
                        f"share a rank: choose another, or insert this bet at {bet.rank} and move the "
                        f"others down.",
                        code="rank_taken",
                    )
                }
            )
        _make_room(actor, bet.rank or 1, bet.pk)
    bet.save()
    return bet


def _stored_status(bet: StrategicBet) -> str | None:
    return (
        StrategicBet.objects.for_org(bet.organization_id)
        .filter(pk=bet.pk)
        .values_list("status", flat=True)
        .first()
    )


def _keep_or_next(actor: Membership, bet: StrategicBet) -> int:
    previous = (
        StrategicBet.objects.for_member(actor)
        .filter(pk=bet.pk)
        .values_list("rank", flat=True)
        .first()
    )
    return previous or next_rank(actor)


@transaction.atomic
def create_bet(actor: Membership, *, insert: bool = False, **data: Any) -> StrategicBet:
    """A new bet; at a rank already taken it is refused unless ``insert`` moves the others down."""
    require(actor, "strategy.manage")
    data.setdefault("title", "")
    bet = StrategicBet(organization_id=actor.organization_id)
    return _apply_bet(actor, bet, data, insert)


@transaction.atomic
def update_bet(
    actor: Membership, bet: StrategicBet, *, insert: bool = False, **data: Any
) -> StrategicBet:
    require(actor, "strategy.manage")
    return _apply_bet(actor, bet, data, insert)


@transaction.atomic
def delete_bet(actor: Membership, bet: StrategicBet) -> None:
    require(actor, "strategy.manage")
    bet.delete()
    _close_gaps(actor)


def _close_gaps(actor: Membership) -> None:
    for i, bet in enumerate(
        StrategicBet.objects.for_member(actor)
        .filter(status=BetStatus.ACTIVE)
        .order_by("rank", "id"),
        start=1,
    ):
        if bet.rank != i:
            bet.rank = i
            bet.save(update_fields=["rank", "updated_at"])


@transaction.atomic
def rerank_bets(actor: Membership, ordered_ids: list[int]) -> list[StrategicBet]:
    """Rank the active bets in the order given (1 first); the list must name each active bet once."""
    require(actor, "strategy.manage")
    bets = {b.pk: b for b in StrategicBet.objects.for_member(actor).filter(status=BetStatus.ACTIVE)}
    if sorted(ordered_ids) != sorted(bets) or len(set(ordered_ids)) != len(ordered_ids):
        raise ValidationError(
            {
                "order": "Name every active bet exactly once, in the new order (the list has changed; reload)."
            }
        )
    # Clear first, so no two active bets hold the same rank mid-way (the database checks each row).
    StrategicBet.objects.for_member(actor).filter(pk__in=ordered_ids).update(rank=None)
    for rank, pk in enumerate(ordered_ids, start=1):
        bet = bets[pk]
        bet.rank = rank
        bet.save(update_fields=["rank", "updated_at"])
    return [bets[pk] for pk in ordered_ids]


@transaction.atomic
def move_bet(actor: Membership, bet: StrategicBet, offset: int) -> None:
    """Swap the bet with its neighbour above (offset -1) or below (+1): the keyboard way to re-rank."""
    require(actor, "strategy.manage")
    order = list(
        StrategicBet.objects.for_member(actor)
        .filter(status=BetStatus.ACTIVE)
        .order_by("rank", "id")
        .values_list("pk", flat=True)
    )
    if bet.pk not in order:
        raise ValidationError({"rank": "Only active bets are ranked."})
    i = order.index(bet.pk)
    j = max(0, min(len(order) - 1, i + offset))
    order[i], order[j] = order[j], order[i]
    rerank_bets(actor, order)
