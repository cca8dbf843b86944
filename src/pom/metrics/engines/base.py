"""The adapter seam: what pom asks of every engine that holds an organization's numbers.

An engine runs one read-only query with a statement timeout and returns at most a capped number
of rows; it can say whether it is reachable ("test connection") and which tables it has. Adding
Trino, BigQuery or Snowflake is one more class with these four methods and one ``DataSourceKind``;
the query layer (``pom.metrics.sql``) already speaks their dialects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class EngineError(Exception):
    """The engine could not answer; the message is for the person who set the source up."""


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float
    row_cap: int


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[tuple[Any, ...]]


class Engine(Protocol):
    dialect: str

    def run(self, sql: str, limits: Limits) -> Result:
        """Run one read-only query; at most ``limits.row_cap + 1`` rows come back."""

    def check(self) -> str:
        """A one-line description of what answered ("PostgreSQL 17.2, 12 tables"); ``EngineError`` if nothing did."""

    def tables(self) -> list[str]:
        """The tables a metric may read."""

    def close(self) -> None: ...


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:400] if text else type(exc).__name__
