"""PostgreSQL as a metric source: a read-only transaction with a statement timeout."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import errors as pg_errors

from pom.metrics.engines.base import EngineError, Limits, Result, first_line

CONNECT_TIMEOUT = 5


class PostgresEngine:
    dialect = "postgres"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        database: str,
        user: str,
        password: str,
        sslmode: str = "prefer",
    ) -> None:
        self.params: dict[str, Any] = {
            "host": host,
            "port": port,
            "dbname": database,
            "user": user,
            "password": password,
            "sslmode": sslmode or "prefer",
            "connect_timeout": CONNECT_TIMEOUT,
            "application_name": "pom-metrics",
        }

    def _where(self) -> str:
        return f"{self.params['user']}@{self.params['host']}:{self.params['port']}/{self.params['dbname']}"

    def _connect(self, timeout_seconds: float) -> psycopg.Connection[Any]:
        try:
            conn = psycopg.connect(
                **self.params,
                options=f"-c statement_timeout={int(timeout_seconds * 1000)} "
                "-c default_transaction_read_only=on",
            )
        except psycopg.OperationalError as exc:
            raise EngineError(f"Could not connect to {self._where()}: {first_line(exc)}") from None
        conn.read_only = True
        return conn

    def run(self, sql: str, limits: Limits) -> Result:
        conn = self._connect(limits.timeout_seconds)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)  # type: ignore[call-overload]
                rows = cursor.fetchmany(limits.row_cap + 1)
                columns = [d.name for d in cursor.description or []]
        except pg_errors.QueryCanceled:
            raise EngineError(
                f"The query ran longer than {limits.timeout_seconds:g} s and was stopped."
            ) from None
        except psycopg.Error as exc:
            raise EngineError(f"PostgreSQL refused the query: {first_line(exc)}") from None
        finally:
            conn.rollback()
            conn.close()
        return Result(columns, rows)

    def check(self) -> str:
        conn = self._connect(10)
        try:
            with conn.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()
        except psycopg.Error as exc:
            raise EngineError(f"Connected, but: {first_line(exc)}") from None
        finally:
            conn.close()
        count = len(self.tables())
        return f"PostgreSQL {version[0] if version else '?'} at {self._where()}: {count} tables visible."

    def tables(self) -> list[str]:
        conn = self._connect(10)
        try:
            with conn.cursor() as cursor:
                cursor.execute(
                    "SELECT table_schema, table_name FROM information_schema.tables "
                    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
                    "ORDER BY 1, 2 LIMIT 1000"
                )
                found = cursor.fetchall()
        except psycopg.Error as exc:
            raise EngineError(f"Connected, but: {first_line(exc)}") from None
        finally:
            conn.close()
        return [name if schema == "public" else f"{schema}.{name}" for schema, name in found]

    def close(self) -> None:
        return None
