"""Operations on portfolio reviews: start one (it compares with the last held review), write the
leaders' notes, hold it (freezing what it showed) and delete a draft.

Leaders and owners run reviews (``culture.review``); everyone in the organization reads them.
A held review is history: changing or deleting it raises ``DemoFrozen`` (409 in the API).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import text
from pom.culture.compile import day_label
from pom.culture.models import DemoStatus, PortfolioReview
from pom.culture.portfolio import compile_review
from pom.culture.services import NARRATIVE_LIMIT, DemoFrozen


def _frozen(review: PortfolioReview, doing: str) -> None:
    if review.is_held:
        held = day_label(timezone.localtime(review.held_at).date()) if review.held_at else "earlier"
        raise DemoFrozen(
            f"This review was held on {held} and is frozen as it was shown; it cannot be {doing}. "
            "Start a new review instead."
        )


def last_held(actor: Membership) -> PortfolioReview | None:
    return (
        PortfolioReview.objects.for_member(actor)
        .filter(status=DemoStatus.HELD)
        .order_by("-held_at", "-id")
        .first()
    )


@transaction.atomic
def start_review(actor: Membership, *, title: str = "", notes: str = "") -> PortfolioReview:
    """Start a portfolio review as of today, compared with the last one held."""
    require(actor, "culture.review")
    today = timezone.localdate()
    return PortfolioReview.objects.create(
        organization_id=actor.organization_id,
        title=text(title, "title", max_length=200) or f"Portfolio review, {day_label(today)}",
        notes=text(notes, "notes", max_length=NARRATIVE_LIMIT),
        previous=last_held(actor),
        created_by=actor.user,
    )


@transaction.atomic
def update_review(actor: Membership, review: PortfolioReview, **changes: Any) -> PortfolioReview:
    require(actor, "culture.review")
    _frozen(review, "edited")
    unknown = set(changes) - {"title", "notes"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This field cannot be changed."})
    if "title" in changes:
        review.title = text(changes["title"], "title", required=True, max_length=200)
    if "notes" in changes:
        review.notes = text(changes["notes"], "notes", max_length=NARRATIVE_LIMIT)
    review.save()
    return review


@transaction.atomic
def hold_review(actor: Membership, review: PortfolioReview) -> PortfolioReview:
    """The leaders held the review: freeze the portfolio as it was shown."""
    require(actor, "culture.review")
    locked = PortfolioReview.objects.for_member(actor).select_for_update().get(pk=review.pk)
    _frozen(locked, "held again")
    review.snapshot = review_content(review)
    review.status = DemoStatus.HELD
    review.held_at = timezone.now()
    review.held_by = actor.user
    review.save()
    return review


@transaction.atomic
def delete_review(actor: Membership, review: PortfolioReview) -> None:
    require(actor, "culture.review")
    _frozen(review, "deleted")
    review.delete()


def review_content(review: PortfolioReview) -> dict[str, Any]:
    """The frozen snapshot once held; compiled live (against the previous review) until then."""
    if review.is_held and review.snapshot:
        return review.snapshot
    previous = review.previous.snapshot if review.previous_id and review.previous else None
    return compile_review(review.organization_id, previous)


def held_line(review: PortfolioReview) -> str:
    if not review.is_held or review.held_at is None:
        return ""
    who = (
        review.held_by.get_full_name() or review.held_by.email if review.held_by else "the leaders"
    )
    return (
        f"Held on {day_label(timezone.localtime(review.held_at).date())} by {who}; frozen as shown."
    )
