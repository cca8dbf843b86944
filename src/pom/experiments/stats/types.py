"""Inputs of the experiment statistics: variants, the pre-registered success criterion, errors.

Everything here is plain data with validation; no Django, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

MetricKind = Literal["binary", "continuous"]
Direction = Literal["increase", "decrease"]
LiftKind = Literal["absolute", "relative"]


class StatsInputError(ValueError):
    """Bad input to a statistical method, naming the field (and the variant) that is wrong."""

    def __init__(self, field: str, message: str, *, variant: str | None = None) -> None:
        self.field = field
        self.variant = variant
        self.message = message
        where = f"{field} (variant {variant!r})" if variant is not None else field
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class BinaryVariant:
    """One arm of an experiment on a yes/no metric: how many users saw it, how many converted."""

    name: str
    users: int
    conversions: int
    planned_share: float | None = None


@dataclass(frozen=True, slots=True)
class ContinuousVariant:
    """One arm of an experiment on a numeric metric, summarised as n, mean and standard deviation."""

    name: str
    n: int
    mean: float
    sd: float
    planned_share: float | None = None


Variant = BinaryVariant | ContinuousVariant


@dataclass(frozen=True, slots=True)
class SuccessCriterion:
    """What result counts as success, written down before the test starts.

    ``threshold`` is the smallest improvement that matters, in the metric's direction: an
    absolute difference (0.01 = one percentage point of conversion, or one unit of the
    mean) or a relative lift (0.05 = 5 %). Zero means "any improvement". The criterion is
    met when the whole interval at ``confidence`` lies at or beyond the threshold.
    """

    direction: Direction = "increase"
    kind: LiftKind = "relative"
    threshold: float = 0.0
    confidence: float = 0.95

    def __post_init__(self) -> None:
        if self.direction not in ("increase", "decrease"):
            raise StatsInputError("criterion.direction", "must be 'increase' or 'decrease'")
        if self.kind not in ("absolute", "relative"):
            raise StatsInputError("criterion.kind", "must be 'absolute' or 'relative'")
        check_probability("criterion.confidence", self.confidence)
        if not _finite(self.threshold) or self.threshold < 0:
            raise StatsInputError(
                "criterion.threshold",
                "must be a finite number ≥ 0 (the smallest improvement that matters)",
            )

    @property
    def alpha(self) -> float:
        return 1.0 - self.confidence

    def describe(self, metric: MetricKind = "binary") -> str:
        verb = "lift" if self.direction == "increase" else "reduction"
        if self.kind == "relative":
            amount = f"relative {verb} ≥ {self.threshold * 100:g}%"
        elif metric == "binary":
            amount = f"absolute {verb} ≥ {self.threshold * 100:g} percentage points"
        else:
            amount = f"absolute {verb} ≥ {self.threshold:g}"
        if self.threshold == 0:
            amount = "an increase" if self.direction == "increase" else "a decrease"
        return f"{amount} with {self.confidence * 100:g}% confidence"


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def check_probability(field: str, value: object) -> float:
    """α, power, confidence and rates given as probabilities must lie strictly inside (0, 1)."""
    if not _finite(value) or not 0.0 < float(value) < 1.0:  # type: ignore[arg-type]
        raise StatsInputError(field, f"must be a number strictly between 0 and 1, got {value!r}")
    return float(value)  # type: ignore[arg-type]


def _check_count(field: str, value: object, variant: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise StatsInputError(field, f"must be a whole number, got {value!r}", variant=variant)
    if value < 0:
        raise StatsInputError(field, f"cannot be negative (got {value})", variant=variant)
    if value < minimum:
        raise StatsInputError(field, f"must be at least {minimum} (got {value})", variant=variant)
    return value


def validate_variants(variants: Sequence[Variant]) -> MetricKind:
    """Check a list of variants (the first is the control) and say which metric kind it is.

    Raises :class:`StatsInputError` naming the first offending field and variant.
    """
    if isinstance(variants, str | bytes) or len(variants) < 2:
        raise StatsInputError(
            "variants", "an experiment needs at least two variants (a control and a treatment)"
        )
    first = variants[0]
    kind: MetricKind
    if isinstance(first, BinaryVariant):
        kind = "binary"
    elif isinstance(first, ContinuousVariant):
        kind = "continuous"
    else:
        raise StatsInputError("variants[0]", "is not a variant")
    seen: set[str] = set()
    shares = [v.planned_share for v in variants]
    if any(s is None for s in shares) and not all(s is None for s in shares):
        raise StatsInputError("planned_share", "give a planned share for every variant or for none")
    for i, v in enumerate(variants):
        prefix = f"variants[{i}]"
        name = getattr(v, "name", None)
        if not isinstance(name, str) or not name.strip():
            raise StatsInputError(f"{prefix}.name", "every variant needs a name")
        if name in seen:
            raise StatsInputError(f"{prefix}.name", "variant names must be unique", variant=name)
        seen.add(name)
        if kind == "binary":
            if not isinstance(v, BinaryVariant):
                raise StatsInputError(
                    prefix, "mixes a continuous variant into a binary experiment", variant=name
                )
            users = _check_count(f"{prefix}.users", v.users, name, minimum=1)
            conversions = _check_count(f"{prefix}.conversions", v.conversions, name, minimum=0)
            if conversions > users:
                raise StatsInputError(
                    f"{prefix}.conversions",
                    f"cannot exceed users ({conversions} conversions > {users} users)",
                    variant=name,
                )
        else:
            if not isinstance(v, ContinuousVariant):
                raise StatsInputError(
                    prefix, "mixes a binary variant into a continuous experiment", variant=name
                )
            _check_count(f"{prefix}.n", v.n, name, minimum=2)
            if not _finite(v.mean):
                raise StatsInputError(f"{prefix}.mean", "must be a finite number", variant=name)
            if not _finite(v.sd) or v.sd < 0:
                raise StatsInputError(f"{prefix}.sd", "must be a finite number ≥ 0", variant=name)
            if v.sd == 0:
                raise StatsInputError(
                    f"{prefix}.sd",
                    "is zero: every value in this group is identical, so there is no variance "
                    "to test against (check the data export)",
                    variant=name,
                )
        share = v.planned_share
        if share is not None and (not _finite(share) or share <= 0):
            raise StatsInputError(
                f"{prefix}.planned_share", "must be a positive number", variant=name
            )
    return kind
