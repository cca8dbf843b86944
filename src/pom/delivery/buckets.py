"""Fixed histograms the daily rollup keeps, so that a median over any window is read from sums.

A median cannot be summed by day; a histogram can. Durations (seconds) and line counts go into
**log-scale buckets**: bucket 0 holds values below ``unit`` (a minute, or one line), bucket ``k``
≥ 1 holds ``unit·R^(k-1)`` up to ``unit·R^k`` with ``R = 1.05``. A median read from the buckets
is the geometric middle of the bucket the middle value falls in (of the two middle values, their
mean), so it is within ±2.5 % of the median of the values themselves (within half a minute below
the first minute; bucket 0 of lines holds no line at all, exactly). Counts of changes per deployment are whole numbers
kept **exactly**: their bucket is the number itself.

A histogram is a ``dict`` bucket → how many values; JSON gives its keys back as text, ``load``
turns them into numbers again. Everything here is pure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

RATIO = 1.05
SECONDS = 60.0  # the first bucket's edge for durations: a minute
LINES = 1.0  # and for lines changed: one line
TOP = 400  # the last bucket takes everything beyond (over 10 years at a minute, R = 1.05)
RESOLUTION = "within ±2.5 %"

Hist = dict[int, int]


def bucket(value: float, unit: float) -> int:
    if value < unit:
        return 0
    return min(TOP, int(math.log(value / unit) / math.log(RATIO)) + 1)


def middle(k: int, unit: float) -> float:
    """The value a bucket stands for: its geometric middle; bucket 0 stands for half a minute,
    and for no line at all (lines are whole numbers: below one is none)."""
    if k <= 0:
        return 0.0 if unit == LINES else unit / 2
    return unit * RATIO ** (k - 0.5)


def of(values: Iterable[float], unit: float | None) -> Hist:
    """The histogram of ``values``: log buckets of ``unit``, or exact whole numbers (``unit`` None)."""
    found: Hist = {}
    for v in values:
        k = int(v) if unit is None else bucket(v, unit)
        found[k] = found.get(k, 0) + 1
    return found


def load(raw: Mapping[str, int] | Mapping[int, int] | None) -> Hist:
    return {int(k): int(n) for k, n in (raw or {}).items() if n}


def add(into: Hist, other: Mapping[int, int], sign: int = 1) -> Hist:
    """``into`` += ``other`` (or −=, with ``sign`` −1), dropping empty buckets; returns ``into``."""
    for k, n in other.items():
        left = into.get(k, 0) + sign * n
        if left:
            into[k] = left
        else:
            into.pop(k, None)
    return into


def total(hist: Mapping[int, int]) -> int:
    return sum(hist.values())


def median(hist: Mapping[int, int], unit: float | None) -> float | None:
    """The median the histogram stands for (exact for whole numbers, ``unit`` None); None if empty."""
    n = total(hist)
    if n <= 0:
        return None
    wanted = [(n + 1) // 2, n // 2 + 1]  # 1-based ranks of the middle value(s)
    found: list[float] = []
    seen = 0
    for k in sorted(hist):
        seen += hist[k]
        while wanted and wanted[0] <= seen:
            wanted.pop(0)
            found.append(float(k) if unit is None else middle(k, unit))
        if not wanted:
            break
    return sum(found) / len(found)
