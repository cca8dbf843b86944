"""Field rules the strategy services share: text, choices, numbers, dates, same organization."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError

from pom.accounts.models import Membership
from pom.strategy.models import METRIC_VALUE


def _text(
    value: Any,
    field: str,
    *,
    required: bool = False,
    max_length: int | None = None,
    label: str = "",
) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        raise ValidationError({field: f"Give the {label or field.replace('_', ' ')}."})
    if max_length and len(text) > max_length:
        raise ValidationError({field: f"Keep it under {max_length} characters ({len(text)} now)."})
    return text


def _choice(value: Any, field: str, choices: Any, default: str | None = None) -> str:
    if value in (None, "") and default is not None:
        return default
    if value not in choices.values:
        raise ValidationError(
            {
                field: f"Unknown {field.replace('_', ' ')} {value!r}; choose one of {', '.join(choices.values)}."
            }
        )
    return str(value)


def _same_org(obj: Any, actor: Membership, field: str) -> Any:
    """A related object named in input must be in the actor's organization (else: as if unknown)."""
    if obj is not None and obj.organization_id != actor.organization_id:
        raise ValidationError({field: "No such item in this organization."})
    return obj


def _float(value: Any, field: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError({field: f"{value!r} is not a number."}) from None
    if not math.isfinite(number):
        # NaN and infinity parse as floats but mean nothing here (and break the database).
        raise ValidationError({field: "Enter a finite number."})
    return number


def _metric_value(value: Any, field: str) -> float | None:
    """A metric's value (a baseline, target, check-in or guardrail limit), bounded."""
    number = METRIC_VALUE.clean(value, field)
    return None if number is None else float(number)
