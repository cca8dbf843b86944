"""From a metric's definition to its ``(period, value)`` series, computed in the data source.

``metric_sql`` says what will run (the page shows it, read-only); ``run_series`` runs it through
the source's engine with the statement timeout and row cap, and checks what came back: two
columns, a date per period, a finite number per value. Anything else is an ``EvaluationError``
whose message names the problem; nothing is stored here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings

from pom.metrics import sql
from pom.metrics.engines import EngineError, Limits, Result, engine_for
from pom.metrics.models import DataSource, DataSourceKind, Definition


class EvaluationError(Exception):
    """A metric's query could not give a series; the message is for the person who defined it."""


@dataclass(frozen=True)
class Definitionish:
    """What is needed to evaluate: a saved metric, or the editor's unsaved fields (a preview)."""

    source: DataSource
    definition: str
    spec: dict[str, Any]
    sql: str
    grain: str


def limits() -> Limits:
    return Limits(
        timeout_seconds=float(settings.POM_METRICS_TIMEOUT_SECONDS),
        row_cap=int(settings.POM_METRICS_ROW_CAP),
    )


def known_tables(source: DataSource) -> list[str] | None:
    """A file source's tables (every query must stay among them); ``None`` for databases."""
    if source.kind == DataSourceKind.DUCKDB:
        return [t.name for t in source.tables.all()]
    return None


def metric_sql(d: Definitionish, *, since: date | None = None) -> str:
    """The full query that runs in the source for ``d`` (ordered by period, capped)."""
    dialect = d.source.dialect
    tables = known_tables(d.source)
    try:
        if d.definition == Definition.SQL:
            tree = sql.check_select(d.sql, dialect, allowed_tables=tables)
            columns = sql.returned_columns(tree)
            if columns is not None and ("period" not in columns or "value" not in columns):
                raise EvaluationError(
                    "The query must return two columns named period and value; "
                    f"it returns {', '.join(columns)}."
                )
            inner = tree.sql(dialect=dialect)
            return sql.wrap_series(inner, dialect, row_cap=limits().row_cap, since=since)
        spec = sql.parse_spec(d.spec, dialect, allowed_tables=tables)
    except sql.QueryRefused as exc:
        raise EvaluationError(str(exc)) from None
    except sql.SpecError as exc:
        raise EvaluationError(f"The definition is not complete: {exc}") from None
    query = sql.compile_spec(spec, d.grain, dialect, since=since)
    return sql.wrap_series(query, dialect, row_cap=limits().row_cap)


def _period(value: Any, row: int) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise EvaluationError(f"Row {row}: period {value!r} is not a date.")


def _value(value: Any, row: int, period: date) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise EvaluationError(f"Row {row} ({period}): value {value!r} is not a number.")
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise EvaluationError(f"Row {row} ({period}): value is {number}, not a finite number.")
    return number


def run_series(
    d: Definitionish, *, since: date | None = None
) -> tuple[str, list[tuple[date, float]]]:
    """The query that ran and its checked series, ordered by period."""
    query = metric_sql(d, since=since)
    cap = limits()
    try:
        engine = engine_for(d.source)
        result = engine.run(query, cap)
    except EngineError as exc:
        raise EvaluationError(str(exc)) from None
    return query, check_rows(result, cap)


def check_rows(result: Result, cap: Limits) -> list[tuple[date, float]]:
    """What the engine returned, as a series: two columns, one date and one finite number per row."""
    names = [c.lower() for c in result.columns]
    if names != ["period", "value"]:
        raise EvaluationError(
            f"The query must return the columns period and value; it returned {', '.join(names)}."
        )
    if len(result.rows) > cap.row_cap:
        raise EvaluationError(
            f"The query returned more than {cap.row_cap:,} periods; use a coarser grain or "
            "filter to a shorter span."
        )
    series: dict[date, float] = {}
    for i, (raw_period, raw_value) in enumerate(result.rows, start=1):
        if raw_period is None:
            raise EvaluationError(f"Row {i}: the period is empty.")
        period = _period(raw_period, i)
        if raw_value is None:
            raise EvaluationError(f"Row {i} ({period}): the value is empty.")
        if period in series:
            raise EvaluationError(f"Row {i}: period {period} appears twice.")
        series[period] = _value(raw_value, i, period)
    return sorted(series.items())
