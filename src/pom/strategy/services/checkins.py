"""Check-ins: progress on an outcome, told truthfully — the metric, each guardrail, a status
(on track, at risk, off track) and a confidence."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import date_value
from pom.strategy.models import (
    CONFIDENCE,
    CheckIn,
    CheckInStatus,
    Outcome,
    status_from_confidence,
)
from pom.strategy.queries import today
from pom.strategy.services.fields import _choice, _float, _metric_value, _text

OUTCOME_FIELDS = [
    "current_value",
    "last_check_in_on",
    "last_confidence",
    "last_status",
    "breached_guardrails",
    "updated_at",
]


def guardrail_readings(outcome: Outcome, values: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Each guardrail's reading against its limit; a reading for no guardrail is refused."""
    if not values:
        return []
    if not isinstance(values, Mapping):
        raise ValidationError({"guardrails": "Give the readings as {guardrail metric: value}."})
    rails = {
        str(g.get("metric") or "").strip(): g
        for g in outcome.guardrails or []
        if isinstance(g, dict)
    }
    readings = []
    for metric, raw in values.items():
        name = str(metric).strip()
        field = f"guardrails.{name}"
        if name not in rails:
            known = ", ".join(f"“{m}”" for m in rails) or "none"
            raise ValidationError(
                {field: f"“{name}” is not a guardrail of this outcome (its guardrails: {known})."}
            )
        value = _float(raw, field)
        if value is None:
            continue
        rail = rails[name]
        limit = rail.get("limit")
        comparison = str(rail.get("comparison") or "at_most")
        holds = True
        if isinstance(limit, int | float) and math.isfinite(limit):
            holds = value >= limit if comparison == "at_least" else value <= limit
        readings.append(
            {
                "metric": name,
                "value": value,
                "comparison": comparison,
                "limit": limit,
                "holds": holds,
            }
        )
    return readings


@transaction.atomic
def record_check_in(
    actor: Membership,
    outcome: Outcome,
    *,
    value: Any,
    confidence: Any,
    status: str | None = None,
    guardrails: Mapping[str, Any] | None = None,
    date: Any = None,
    commentary: str = "",
    blockers: str = "",
) -> CheckIn:
    """A weekly update: the metric's value now, each guardrail's reading, whether the outcome is
    on track, the team's confidence, what blocks it.

    Without a ``status`` (older API clients) it follows the confidence: 7–10 on track, 4–6 at
    risk, 0–3 off track.
    """
    require(actor, "strategy.check_in", outcome)
    day = date_value(date, "date") or today()
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
    state = _choice(status, "status", CheckInStatus, status_from_confidence(conf))
    readings = guardrail_readings(outcome, guardrails)
    check_in = CheckIn.objects.create(
        organization_id=actor.organization_id,
        outcome=outcome,
        date=day,
        value=number,
        confidence=conf,
        status=state,
        guardrail_readings=readings,
        commentary=_text(commentary, "commentary"),
        blockers=_text(blockers, "blockers"),
        author=actor.user,
    )
    if outcome.last_check_in_on is None or day >= outcome.last_check_in_on:
        remember_latest(outcome, check_in)
    return check_in


def remember_latest(outcome: Outcome, latest: CheckIn | None) -> None:
    outcome.last_check_in_on = latest.date if latest else None
    outcome.last_confidence = latest.confidence if latest else None
    outcome.last_status = latest.status if latest else ""
    outcome.breached_guardrails = len(latest.breached) if latest else 0
    outcome.current_value = latest.value if latest else outcome.current_value
    outcome.save(update_fields=OUTCOME_FIELDS)


@transaction.atomic
def delete_check_in(actor: Membership, check_in: CheckIn) -> None:
    outcome = check_in.outcome
    require(actor, "strategy.check_in", outcome)
    check_in.delete()
    latest = (
        CheckIn.objects.for_member(actor).filter(outcome=outcome).order_by("-date", "-id").first()
    )
    remember_latest(outcome, latest)
