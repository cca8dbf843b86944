"""Comments on bets and outcomes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.strategy.models import (
    Comment,
    Outcome,
    StrategicBet,
)
from pom.strategy.services.fields import _text


@transaction.atomic
def add_comment(
    actor: Membership, *, body: str, outcome: Outcome | None = None, bet: StrategicBet | None = None
) -> Comment:
    """Anyone but a viewer may comment on an outcome or a bet; comments inform, they do not decide."""
    require(actor, "strategy.comment")
    body = _text(body, "body", required=True, max_length=5000, label="comment")
    if (outcome is None) == (bet is None):
        raise ValidationError({"target": "Comment on one outcome or one bet."})
    return Comment.objects.create(
        organization_id=actor.organization_id,
        outcome=outcome,
        bet=bet,
        author=actor.user,
        body=body,
    )


@transaction.atomic
def delete_comment(actor: Membership, comment: Comment) -> None:
    if comment.author_id != actor.user_id:
        require(actor, "strategy.manage")
    comment.delete()
