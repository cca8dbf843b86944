"""The portable query layer: check that SQL is one read-only SELECT, and compile metric definitions.

Everything goes through sqlglot, so one definition runs on every engine: a structured definition
is written once in a canonical dialect (DuckDB's) and transpiled to the source's dialect; a
hand-written query is parsed in the source's dialect and refused with the reason when it is
anything but a single read-only ``SELECT``. Engines add their own walls (DuckDB without file
access, PostgreSQL in a read-only transaction); this layer is the first one, and the one that
gives the reason in words.

No database here: pure functions from text to text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError

CANONICAL = "duckdb"
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
GRAINS = ("day", "week", "month")
MEASURES = ("count", "count_distinct", "sum", "avg")
AGGREGATIONS = (*MEASURES, "ratio", "conversion")
MAX_WINDOW_DAYS = 366

# Statements that write, change settings or reach outside the source, wherever they appear.
FORBIDDEN_NODES: tuple[type[exp.Expression], ...] = (
    exp.Insert,
    exp.Update,
    exp.Delete,
    exp.Merge,
    exp.Create,
    exp.Drop,
    exp.Alter,
    exp.Command,
    exp.Copy,
    exp.Set,
    exp.Pragma,
    exp.Attach,
    exp.Detach,
    exp.Into,
    exp.Lock,
    exp.Use,
    exp.Transaction,
    exp.Commit,
    exp.Rollback,
    exp.Grant,
)
# Functions that read files, other servers or settings, or stall the engine.
FORBIDDEN_FUNCTIONS = {
    "glob",
    "sniff_csv",
    "pg_read_file",
    "pg_read_binary_file",
    "pg_ls_dir",
    "pg_stat_file",
    "pg_sleep",
    "pg_sleep_for",
    "pg_sleep_until",
    "lo_import",
    "lo_export",
    "set_config",
    "file",
    "url",
    "hdfs",
    "input",
    "executable",
    "mysql",
    "postgresql",
    "jdbc",
    "odbc",
    "gcs",
    "hudi",
    "deltalake",
    "azureblobstorage",
    "query",
    "load_extension",
    "sleep",
}
FORBIDDEN_PREFIXES = ("read_", "parquet_", "dblink", "s3", "remote", "cluster", "iceberg", "url")


class QueryRefused(ValueError):
    """The SQL is not something pom will run; the message says why, in words."""


def _name(node: Any) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.name).lower()
    if isinstance(node, exp.Func):
        return node.sql_name().lower()
    return ""


def _statement_kind(node: Any) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    return node.key.upper()


def _cte_names(tree: exp.Expression) -> set[str]:
    return {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}


def _check_tree(tree: exp.Expression, allowed_tables: Iterable[str] | None) -> None:
    for node in tree.walk():
        if isinstance(node, FORBIDDEN_NODES):
            what = "SELECT … INTO" if isinstance(node, exp.Into) else _statement_kind(node)
            if isinstance(node, exp.Lock):
                what = "a locking clause (FOR UPDATE / FOR SHARE)"
            raise QueryRefused(f"Only a read-only SELECT is accepted; this query contains {what}.")
        name = _name(node)
        if name and (name in FORBIDDEN_FUNCTIONS or name.startswith(FORBIDDEN_PREFIXES)):
            raise QueryRefused(
                f"The function {name}() reads outside the data source or changes the engine; "
                f"it is not allowed in a metric."
            )
        if isinstance(node, exp.Table) and not isinstance(node.this, exp.Identifier):
            raise QueryRefused(
                "Read from the source's tables by name; table functions "
                f"({node.this.sql()}) are not allowed."
            )
    if allowed_tables is None:
        return
    known = {t.lower() for t in allowed_tables}
    ctes = _cte_names(tree)
    for table in tree.find_all(exp.Table):
        name = table.name.lower()
        if table.db or table.catalog or (name not in known and name not in ctes):
            listed = ", ".join(sorted(known)) or "none yet"
            raise QueryRefused(
                f"{table.sql()} is not a table of this data source (its tables: {listed})."
            )


def check_select(
    sql: str, dialect: str, *, allowed_tables: Iterable[str] | None = None
) -> exp.Expression:
    """The parsed query if ``sql`` is exactly one read-only SELECT; ``QueryRefused`` otherwise.

    ``allowed_tables``: when the source knows its tables (files), every table the query names
    must be one of them (or a CTE of the query).
    """
    text = (sql or "").strip().rstrip(";").strip()
    if not text:
        raise QueryRefused("Write a SELECT query.")
    try:
        statements = [s for s in sqlglot.parse(text, read=dialect) if s is not None]
    except (ParseError, SqlglotError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else "unreadable"
        raise QueryRefused(f"The query could not be read as SQL: {first}") from None
    if not statements:
        raise QueryRefused("Write a SELECT query.")
    if len(statements) > 1:
        raise QueryRefused(
            f"Only a single SELECT is accepted; this text holds {len(statements)} statements."
        )
    tree = statements[0]
    if not isinstance(tree, (exp.Select, exp.SetOperation, *FORBIDDEN_NODES)):
        raise QueryRefused("The query could not be read as SQL: start it with SELECT or WITH.")
    if not isinstance(tree, exp.Select | exp.SetOperation):
        raise QueryRefused(
            f"Only a read-only SELECT is accepted; this is a {_statement_kind(tree)} statement."
        )
    _check_tree(tree, allowed_tables)
    return tree


def check_condition(text: str, dialect: str, field: str) -> str:
    """A filter (a SQL boolean condition) in the canonical dialect, or ``QueryRefused`` naming ``field``."""
    cleaned = (text or "").strip()
    if not cleaned:
        return ""
    try:
        tree = check_select(f"SELECT 1 WHERE {cleaned}", dialect)
    except QueryRefused as exc:
        raise QueryRefused(f"{field}: {exc}") from None
    if any(isinstance(n, exp.Subquery | exp.Select) for n in tree.args["where"].walk()):
        raise QueryRefused(f"{field}: a filter is a condition on columns, without subqueries.")
    return str(tree.args["where"].this.sql(dialect=CANONICAL))


def returned_columns(tree: exp.Expression) -> list[str] | None:
    """The names a query returns, or ``None`` when it cannot be known without running it (``*``)."""
    if not isinstance(tree, exp.Select | exp.SetOperation):
        return None
    selects = tree.named_selects
    if not selects or "*" in selects or any(isinstance(e, exp.Star) for e in tree.selects):
        return None
    return [s.lower() for s in selects]


# --- Structured definitions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """A structured metric definition (GrowthBook fact metrics / MetricFlow measures, in small).

    ``table`` (or ``from_sql``) is read; ``timestamp_column`` places each row in a period;
    ``aggregation`` is one of ``AGGREGATIONS``. ``filter`` is a SQL condition; a ratio has a
    numerator and a denominator measure, each with its own filter; a conversion counts the share
    of entities whose first start event is followed by a conversion event within ``window_days``.
    """

    timestamp_column: str
    aggregation: str
    table: str = ""
    from_sql: str = ""
    column: str = ""
    filter: str = ""
    numerator_aggregation: str = ""
    numerator_column: str = ""
    numerator_filter: str = ""
    denominator_aggregation: str = ""
    denominator_column: str = ""
    denominator_filter: str = ""
    entity_column: str = ""
    start_filter: str = ""
    conversion_filter: str = ""
    window_days: int = 7

    FIELDS = (
        "table",
        "from_sql",
        "timestamp_column",
        "aggregation",
        "column",
        "filter",
        "numerator_aggregation",
        "numerator_column",
        "numerator_filter",
        "denominator_aggregation",
        "denominator_column",
        "denominator_filter",
        "entity_column",
        "start_filter",
        "conversion_filter",
        "window_days",
    )

    def as_dict(self) -> dict[str, Any]:
        """The fields that matter for this aggregation (others left out, so exports stay small)."""
        keep = {"timestamp_column", "aggregation", "table" if self.table else "from_sql"}
        keep |= {
            "count": {"filter"},
            "count_distinct": {"column", "filter"},
            "sum": {"column", "filter"},
            "avg": {"column", "filter"},
            "ratio": {
                "filter",
                "numerator_aggregation",
                "numerator_column",
                "numerator_filter",
                "denominator_aggregation",
                "denominator_column",
                "denominator_filter",
            },
            "conversion": {"entity_column", "start_filter", "conversion_filter", "window_days"},
        }[self.aggregation]
        return {k: getattr(self, k) for k in self.FIELDS if k in keep and getattr(self, k) != ""}


class SpecError(ValueError):
    """A structured definition with a wrong field; ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _identifier(value: Any, field: str, errors: dict[str, str], *, required: bool) -> str:
    cleaned = str(value or "").strip()
    if not cleaned:
        if required:
            errors[field] = "Name the column."
        return ""
    if not IDENTIFIER.match(cleaned):
        errors[field] = f"{cleaned!r} is not a column name (letters, digits and _, no spaces)."
    return cleaned


def parse_spec(
    raw: Mapping[str, Any], dialect: str, *, allowed_tables: Iterable[str] | None = None
) -> Spec:
    """A checked ``Spec`` from form or API input; ``SpecError`` names every wrong field."""
    errors: dict[str, str] = {}
    data = {k: raw.get(k) for k in Spec.FIELDS}
    aggregation = str(data["aggregation"] or "").strip()
    if aggregation not in AGGREGATIONS:
        errors["aggregation"] = f"Choose one of {', '.join(AGGREGATIONS)}."
    table = str(data["table"] or "").strip()
    from_sql = str(data["from_sql"] or "").strip()
    if bool(table) == bool(from_sql):
        errors["table"] = "Name a table, or give a SELECT to read from (one of the two)."
    elif table:
        parts = table.split(".")
        if len(parts) > 3 or not all(IDENTIFIER.match(p) for p in parts):
            errors["table"] = f"{table!r} is not a table name."
        elif allowed_tables is not None and table.lower() not in {
            t.lower() for t in allowed_tables
        }:
            listed = ", ".join(sorted(allowed_tables)) or "none yet"
            errors["table"] = f"This data source has no table {table!r} (its tables: {listed})."
    else:
        try:
            check_select(from_sql, dialect, allowed_tables=allowed_tables)
        except QueryRefused as exc:
            errors["from_sql"] = str(exc)
    values: dict[str, Any] = {"table": table, "from_sql": from_sql, "aggregation": aggregation}
    values["timestamp_column"] = _identifier(
        data["timestamp_column"], "timestamp_column", errors, required=True
    )
    for name in (
        "filter",
        "numerator_filter",
        "denominator_filter",
        "start_filter",
        "conversion_filter",
    ):
        try:
            values[name] = check_condition(str(data[name] or ""), dialect, name)
        except QueryRefused as exc:
            errors[name] = str(exc).removeprefix(f"{name}: ")
    needs_column = aggregation in ("count_distinct", "sum", "avg")
    values["column"] = _identifier(data["column"], "column", errors, required=needs_column)
    if aggregation == "ratio":
        for side in ("numerator", "denominator"):
            agg = str(data[f"{side}_aggregation"] or "").strip()
            if agg not in MEASURES:
                errors[f"{side}_aggregation"] = f"Choose one of {', '.join(MEASURES)}."
            values[f"{side}_aggregation"] = agg
            values[f"{side}_column"] = _identifier(
                data[f"{side}_column"], f"{side}_column", errors, required=agg != "count"
            )
    if aggregation == "conversion":
        values["entity_column"] = _identifier(
            data["entity_column"], "entity_column", errors, required=True
        )
        if not values["start_filter"]:
            errors.setdefault("start_filter", "Say which rows start the journey (a condition).")
        if not values["conversion_filter"]:
            errors.setdefault("conversion_filter", "Say which rows count as converting.")
        try:
            window = int(data["window_days"] if data["window_days"] not in (None, "") else 7)
        except (TypeError, ValueError):
            errors["window_days"] = "Give the window as a whole number of days."
            window = 7
        if not 1 <= window <= MAX_WINDOW_DAYS:
            errors["window_days"] = f"Keep the window between 1 and {MAX_WINDOW_DAYS} days."
        values["window_days"] = window
    if errors:
        raise SpecError(errors)
    return Spec(**{k: v for k, v in values.items() if v not in (None, "") or k == "aggregation"})


def _quote(name: str) -> str:
    return ".".join(exp.to_identifier(p, quoted=True).sql(CANONICAL) for p in name.split("."))


def _measure(aggregation: str, column: str, condition: str) -> str:
    col = _quote(column) if column else ""
    if not condition:
        return {
            "count": "COUNT(*)",
            "count_distinct": f"COUNT(DISTINCT {col})",
            "sum": f"SUM({col})",
            "avg": f"AVG({col})",
        }[aggregation]
    return {
        "count": f"COUNT(CASE WHEN {condition} THEN 1 END)",
        "count_distinct": f"COUNT(DISTINCT CASE WHEN {condition} THEN {col} END)",
        "sum": f"SUM(CASE WHEN {condition} THEN {col} END)",
        "avg": f"AVG(CASE WHEN {condition} THEN {col} END)",
    }[aggregation]


def _where(*conditions: str) -> str:
    kept = [f"({c})" for c in conditions if c]
    return f"WHERE {' AND '.join(kept)}" if kept else ""


def _canonical_from(spec: Spec, dialect: str) -> str:
    if spec.table:
        return f"{_quote(spec.table)} AS t"
    inner = sqlglot.transpile(spec.from_sql, read=dialect, write=CANONICAL)[0]
    return f"({inner}) AS t"


def compile_spec(spec: Spec, grain: str, dialect: str, *, since: date | None = None) -> str:
    """The query (in ``dialect``) returning ``(period, value)`` per ``grain`` period for ``spec``.

    ``since``: only periods starting on or after that date (an incremental refresh).
    """
    if grain not in GRAINS:
        raise ValueError(f"Unknown grain {grain!r}")
    ts = _quote(spec.timestamp_column)
    source = _canonical_from(spec, dialect)
    since_sql = f"CAST('{since.isoformat()}' AS TIMESTAMP)" if since else ""
    if spec.aggregation == "conversion":
        entity = _quote(spec.entity_column)
        window = int(spec.window_days)
        since_cond = f"s.t0 >= {since_sql}" if since else ""
        # An equi-join, then the window as a condition: portable to engines whose joins allow
        # only equality and fill unmatched columns with defaults instead of NULL (ClickHouse).
        query = f"""
            WITH starts AS (
                SELECT {entity} AS entity, MIN({ts}) AS t0 FROM {source}
                {_where(f"{ts} IS NOT NULL", spec.start_filter)} GROUP BY {entity}
            ),
            converted AS (
                SELECT {entity} AS entity, {ts} AS ts FROM {source}
                {_where(f"{ts} IS NOT NULL", spec.conversion_filter)}
            ),
            bounds AS (SELECT MAX({ts}) AS last_ts FROM {source})
            SELECT DATE_TRUNC('{grain}', j.t0) AS period, AVG(j.converted) AS value
            FROM (
                SELECT s.entity, s.t0, MAX(CASE WHEN c.ts >= s.t0
                    AND c.ts <= s.t0 + INTERVAL '{window}' DAY THEN 1.0 ELSE 0.0 END) AS converted
                FROM starts AS s
                CROSS JOIN bounds AS b
                LEFT JOIN converted AS c ON c.entity = s.entity
                {_where(f"s.t0 <= b.last_ts - INTERVAL '{window}' DAY", since_cond)}
                GROUP BY s.entity, s.t0
            ) AS j
            GROUP BY DATE_TRUNC('{grain}', j.t0)
        """  # noqa: S608 — quoted identifiers and sqlglot-checked conditions, re-parsed below
    else:
        if spec.aggregation == "ratio":
            num = _measure(spec.numerator_aggregation, spec.numerator_column, spec.numerator_filter)
            den = _measure(
                spec.denominator_aggregation, spec.denominator_column, spec.denominator_filter
            )
            value = f"CAST({num} AS DOUBLE) / NULLIF(CAST({den} AS DOUBLE), 0)"
            having = f"HAVING {den} <> 0"
        else:
            value = f"CAST({_measure(spec.aggregation, spec.column, '')} AS DOUBLE)"
            having = ""
        since_cond = f"{ts} >= {since_sql}" if since else ""
        query = f"""
            SELECT DATE_TRUNC('{grain}', {ts}) AS period, {value} AS value
            FROM {source}
            {_where(f"{ts} IS NOT NULL", spec.filter, since_cond)}
            GROUP BY DATE_TRUNC('{grain}', {ts})
            {having}
        """  # noqa: S608 — quoted identifiers and sqlglot-checked conditions, re-parsed below
    return transpile(query, dialect)


def transpile(query: str, dialect: str) -> str:
    """Canonical SQL written in ``dialect``, formatted for people to read."""
    return str(sqlglot.transpile(query, read=CANONICAL, write=dialect, pretty=True)[0])


def wrap_series(query: str, dialect: str, *, row_cap: int, since: date | None = None) -> str:
    """``query`` (which returns period and value) ordered by period, capped at ``row_cap + 1`` rows.

    One row past the cap comes back so the caller can tell "exactly the cap" from "more".
    """
    inner: Any = sqlglot.parse_one(query, read=dialect)
    outer = (
        exp.select(exp.column("period", quoted=True), exp.column("value", quoted=True))
        .from_(inner.subquery("q"))
        .order_by(exp.column("period", quoted=True))
        .limit(row_cap + 1)
    )
    if since is not None:
        outer = outer.where(
            exp.GTE(
                this=exp.column("period", quoted=True),
                expression=exp.cast(
                    exp.Literal.string(since.isoformat()), exp.DataType.build("date")
                ),
            )
        )
    return str(outer.sql(dialect=dialect, pretty=True))
