"""Engines by source kind, and the one function that opens the right one for a data source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pom.metrics.engines.base import Engine, EngineError, Limits, Result
from pom.metrics.engines.duck import DuckDBEngine, FileTable

if TYPE_CHECKING:
    from pom.metrics.models import DataSource

__all__ = ["Engine", "EngineError", "Limits", "Result", "engine_for", "password_for"]


def password_for(source: DataSource) -> str:
    from pom.metrics import vault

    if source.needs_password and not source.has_secret:
        raise EngineError(
            f"{source.name} was imported without its password: enter it (or name the environment "
            "variable that holds it) on the data source's page."
        )
    try:
        if source.secret_env:
            return vault.from_env(source.secret_env)
        return vault.decrypt(source.secret_encrypted) if source.secret_encrypted else ""
    except vault.SecretUnavailable as exc:
        raise EngineError(str(exc)) from None


def engine_for(source: DataSource) -> Engine:
    """The engine for ``source``, ready to run queries (tables of a file source are read now)."""
    from pom.metrics.models import DataSourceKind

    conf = source.settings or {}
    if source.kind == DataSourceKind.DUCKDB:
        tables = list(source.tables.all())
        waiting = [t.name for t in tables if not t.path]
        if waiting:
            raise EngineError(
                f"{source.name} was imported without its files: upload {', '.join(waiting)} again "
                "on the data source's page (Add table, under the same name)."
            )
        return DuckDBEngine([FileTable(t.name, t.path, t.file_format) for t in tables])
    if source.kind == DataSourceKind.POSTGRES:
        from pom.metrics.engines.postgres import PostgresEngine

        return PostgresEngine(
            host=str(conf.get("host", "")),
            port=int(conf.get("port") or 5432),
            database=str(conf.get("database", "")),
            user=str(conf.get("user", "")),
            password=password_for(source),
            sslmode=str(conf.get("sslmode", "prefer")),
        )
    if source.kind == DataSourceKind.CLICKHOUSE:
        return clickhouse_engine(source)
    raise EngineError(f"No engine for sources of kind {source.kind!r}.")


def clickhouse_engine(source: DataSource) -> Engine:
    from django.conf import settings

    from pom.metrics.engines import clickhouse

    conf = source.settings or {}
    database = str(conf.get("database", "") or "default")
    embedded = settings.POM_METRICS_CLICKHOUSE_EMBEDDED
    connection: clickhouse.Connection
    if embedded:
        connection = clickhouse.EmbeddedConnection(path=str(embedded), database=database)
    else:
        secure = bool(conf.get("secure", True))
        connection = clickhouse.HttpConnection(
            host=str(conf.get("host", "")),
            port=int(conf.get("port") or (8443 if secure else 8123)),
            database=database,
            user=str(conf.get("user", "") or "default"),
            password=password_for(source),
            secure=secure,
        )
    return clickhouse.ClickHouseEngine(connection)
