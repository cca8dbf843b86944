"""Raw per-user values (uploaded as CSV) summarised into n, mean and standard deviation."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from .types import StatsInputError

MAX_ROWS = 5_000_000


@dataclass(frozen=True, slots=True)
class ValueSummary:
    n: int
    mean: float
    sd: float


def parse_values_csv(text: str) -> dict[str, ValueSummary]:
    """Read ``variant,value`` rows (a header row is optional) into a summary per variant.

    Means and sample standard deviations (n − 1) use Welford's update, which stays exact for
    millions of rows with large values where the naive sum of squares cancels.
    """
    reader = csv.reader(io.StringIO(text))
    acc: dict[str, list[float]] = {}  # name → [n, mean, M2]
    for line_no, row in enumerate(reader, start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) < 2:
            raise StatsInputError("csv", f"line {line_no}: expected 'variant,value'")
        name, raw = row[0].strip(), row[1].strip()
        try:
            value = float(raw)
        except ValueError:
            if line_no == 1:
                continue  # a header row
            raise StatsInputError("csv", f"line {line_no}: {raw!r} is not a number") from None
        if not math.isfinite(value):
            raise StatsInputError("csv", f"line {line_no}: {raw!r} is not a finite number")
        if not name:
            raise StatsInputError("csv", f"line {line_no}: the variant name is empty")
        if line_no > MAX_ROWS:
            raise StatsInputError("csv", f"more than {MAX_ROWS:,} rows")
        state = acc.setdefault(name, [0.0, 0.0, 0.0])
        state[0] += 1
        delta = value - state[1]
        state[1] += delta / state[0]
        state[2] += delta * (value - state[1])
    if not acc:
        raise StatsInputError("csv", "no rows with a variant and a value")
    out = {}
    for name, (n, mean, m2) in acc.items():
        if n < 2:
            raise StatsInputError("csv", "needs at least two values per variant", variant=name)
        out[name] = ValueSummary(int(n), mean, math.sqrt(max(m2, 0.0) / (n - 1)))
    return out
