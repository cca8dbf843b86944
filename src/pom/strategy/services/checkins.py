"""Check-ins: progress on an outcome, with a confidence."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.strategy.models import (
    CONFIDENCE,
    CheckIn,
    Outcome,
)
from pom.strategy.queries import today
from pom.strategy.services.fields import _date, _metric_value, _text


@transaction.atomic
def record_check_in(
    actor: Membership,
    outcome: Outcome,
    *,
    value: Any,
    confidence: Any,
    date: Any = None,
    commentary: str = "",
    blockers: str = "",
) -> CheckIn:
    """A weekly update: the metric's value now, the team's confidence, what blocks it."""
    require(actor, "strategy.check_in", outcome)
    day = _date(date, "date") or today()
    if day > today():
        raise ValidationError(
            {"date": "A check-in reports what is true now; it cannot be in the future."}
        )
    number = _metric_value(value, "value")
    if number is None:
        raise ValidationError(
            {"value": f"Give the current value of {outcome.metric_name or 'the metric'}."}
        )
    try:
        conf = CONFIDENCE.clean(confidence, "confidence")
    except ValidationError:
        raise ValidationError(
            {"confidence": "Confidence runs from 0 (no chance) to 10 (certain)."}
        ) from None
    if conf is None:
        raise ValidationError(
            {"confidence": "Give your confidence from 0 (no chance) to 10 (certain)."}
        )
    check_in = CheckIn.objects.create(
        organization_id=actor.organization_id,
        outcome=outcome,
        date=day,
        value=number,
        confidence=conf,
        commentary=_text(commentary, "commentary"),
        blockers=_text(blockers, "blockers"),
        author=actor.user,
    )
    if outcome.last_check_in_on is None or day >= outcome.last_check_in_on:
        outcome.current_value = number
        outcome.last_check_in_on = day
        outcome.last_confidence = conf
        outcome.save(
            update_fields=["current_value", "last_check_in_on", "last_confidence", "updated_at"]
        )
    return check_in


@transaction.atomic
def delete_check_in(actor: Membership, check_in: CheckIn) -> None:
    outcome = check_in.outcome
    require(actor, "strategy.check_in", outcome)
    check_in.delete()
    latest = (
        CheckIn.objects.for_member(actor).filter(outcome=outcome).order_by("-date", "-id").first()
    )
    outcome.last_check_in_on = latest.date if latest else None
    outcome.last_confidence = latest.confidence if latest else None
    outcome.current_value = latest.value if latest else outcome.current_value
    outcome.save(
        update_fields=["current_value", "last_check_in_on", "last_confidence", "updated_at"]
    )
