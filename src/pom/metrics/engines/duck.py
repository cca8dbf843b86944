"""The embedded engine: DuckDB over the organization's CSV and Parquet files.

Each query gets a fresh in-memory DuckDB: the source's files appear as views, then file access
outside their folders is switched off and the configuration locked, so a query cannot read other
files, attach databases or change settings even if it got past the SQL checks.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings

from pom.metrics.engines.base import EngineError, Limits, Result, first_line

READERS = {"csv": "read_csv_auto", "parquet": "read_parquet"}


@dataclass(frozen=True)
class FileTable:
    name: str
    path: str
    file_format: str


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def describe_file(path: str, file_format: str) -> list[dict[str, str]]:
    """The columns of one CSV/Parquet file (or glob); ``EngineError`` if DuckDB cannot read it as such."""
    con = duckdb.connect(config={"threads": 1})
    try:
        rows = con.execute(
            f"DESCRIBE SELECT * FROM {READERS[file_format]}({_literal(path)})"  # noqa: S608 — a quoted literal
        ).fetchall()
    except duckdb.Error as exc:
        kind = "CSV" if file_format == "csv" else "Parquet"
        raise EngineError(f"This is not a {kind} file DuckDB can read: {first_line(exc)}") from None
    finally:
        con.close()
    if not rows:
        raise EngineError("The file has no columns.")
    return [{"name": str(r[0]), "type": str(r[1])} for r in rows]


class DuckDBEngine:
    dialect = "duckdb"

    def __init__(self, tables: list[FileTable]) -> None:
        self.file_tables = tables

    def _connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(
            config={
                "threads": settings.POM_METRICS_DUCKDB_THREADS,
                "memory_limit": settings.POM_METRICS_DUCKDB_MEMORY,
            }
        )
        folders = sorted({str(Path(t.path).parent.resolve()) + "/" for t in self.file_tables})
        con.execute(f"SET allowed_directories = [{', '.join(_literal(f) for f in folders)}]")
        con.execute("SET enable_external_access = false")
        for table in self.file_tables:
            reader = READERS[table.file_format]
            con.execute(
                f"CREATE TEMP VIEW {_ident(table.name)} AS "  # noqa: S608 — quoted identifier and literal
                f"SELECT * FROM {reader}({_literal(table.path)})"
            )
        con.execute("SET lock_configuration = true")
        return con

    def run(self, sql: str, limits: Limits) -> Result:
        try:
            con = self._connect()
        except duckdb.Error as exc:
            raise EngineError(f"A file of this source cannot be read: {first_line(exc)}") from None
        timer = threading.Timer(limits.timeout_seconds, con.interrupt)
        timer.start()
        try:
            cursor: Any = con.execute(sql)
            rows = cursor.fetchmany(limits.row_cap + 1)
            columns = [d[0] for d in cursor.description or []]
        except duckdb.InterruptException:
            raise EngineError(
                f"The query ran longer than {limits.timeout_seconds:g} s and was stopped."
            ) from None
        except duckdb.Error as exc:
            raise EngineError(f"DuckDB refused the query: {first_line(exc)}") from None
        finally:
            timer.cancel()
            con.close()
        return Result(columns, rows)

    def check(self) -> str:
        if not self.file_tables:
            raise EngineError("This source has no files yet: upload a CSV or Parquet file.")
        try:
            con = self._connect()
            for table in self.file_tables:
                con.execute(f"SELECT * FROM {_ident(table.name)} LIMIT 0")  # noqa: S608
            con.close()
        except duckdb.Error as exc:
            raise EngineError(f"A file of this source cannot be read: {first_line(exc)}") from None
        count = len(self.file_tables)
        return f"DuckDB {duckdb.__version__}: {count} table{'s' if count != 1 else ''} readable."

    def tables(self) -> list[str]:
        return [t.name for t in self.file_tables]

    def close(self) -> None:
        return None
