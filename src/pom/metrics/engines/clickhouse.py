"""ClickHouse as a metric source: every query read-only, with a statement timeout and a row cap.

The limits are ClickHouse settings sent with each query, so the server enforces them:
``readonly=1`` (only reads; the query cannot change a setting back, not even with its own
``SETTINGS`` clause), ``max_execution_time`` (the statement timeout, in seconds) and
``max_result_rows`` with ``result_overflow_mode='break'`` (the server stops after the cap; what
comes back is cut to ``row_cap + 1`` rows here, so a caller can tell "more than the cap").

How the settings reach the server is a ``Connection``: over HTTP(S) with clickhouse-connect
(what a real deployment uses), or, for the test suite and local trials, the same ClickHouse SQL
engine embedded in the process (chdb, a development dependency) over a folder. The embedded
connection is chosen only by the explicit setting ``POM_METRICS_CLICKHOUSE_EMBEDDED``.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from pom.metrics.engines.base import EngineError, Limits, Result, first_line

CONNECT_TIMEOUT = 5
CHECK_LIMITS = Limits(timeout_seconds=10, row_cap=1000)
CODE = re.compile(r"Code:\s*(\d+)")
# ClickHouse error codes pom explains in words (the rest are passed on, first line only).
TIMEOUT_EXCEEDED = 159
READONLY = 164
AUTHENTICATION_FAILED = (192, 193, 516)
UNKNOWN_DATABASE = 81
UNKNOWN_TABLE = (60, 47)


class Connection(Protocol):
    def query(self, sql: str, settings: dict[str, Any]) -> Result:
        """Run ``sql`` with ``settings``; raise ``EngineError`` or the driver's own exception."""

    def where(self) -> str:
        """user@host:port/database, for messages (never the password)."""


def _settings(limits: Limits) -> dict[str, Any]:
    # readonly comes last: once it is 1, nothing after it could be changed.
    return {
        "max_execution_time": max(1, round(limits.timeout_seconds)),
        "max_result_rows": limits.row_cap + 1,
        "result_overflow_mode": "break",
        "readonly": 1,
    }


def _message(exc: BaseException, secret: str) -> str:
    text = first_line(exc)
    if secret:
        text = text.replace(secret, "•••")
    # The server's text after "DB::Exception:" is the part meant for people.
    return text.split("DB::Exception:")[-1].strip() or text


class HttpConnection:
    """A ClickHouse server over its HTTP interface (8123, or 8443 with TLS)."""

    def __init__(
        self, *, host: str, port: int, database: str, user: str, password: str, secure: bool
    ) -> None:
        self.params: dict[str, Any] = {
            "host": host,
            "port": port,
            "database": database,
            "username": user,
            "password": password,
            "secure": secure,
        }
        self.secret = password

    def where(self) -> str:
        p = self.params
        scheme = "https" if p["secure"] else "http"
        return f"{p['username']}@{p['host']}:{p['port']}/{p['database']} ({scheme})"

    def query(self, sql: str, settings: dict[str, Any]) -> Result:
        import clickhouse_connect
        from clickhouse_connect.driver.exceptions import ClickHouseError

        timeout = int(settings.get("max_execution_time", 10))
        try:
            client = clickhouse_connect.get_client(
                **self.params,
                connect_timeout=CONNECT_TIMEOUT,
                send_receive_timeout=timeout + CONNECT_TIMEOUT,
                query_limit=0,
                autogenerate_session_id=False,
                client_name="pom-metrics",
            )
        except ClickHouseError as exc:
            raise _connect_error(exc, self.where(), self.secret) from None
        try:
            result = client.query(sql, settings=settings)
            return Result(list(result.column_names), [tuple(r) for r in result.result_rows])
        finally:
            client.close()


class EmbeddedConnection:
    """The ClickHouse engine inside this process (chdb) over a folder: tests and local trials."""

    def __init__(self, *, path: str, database: str) -> None:
        self.path = path
        self.database = database or "default"
        self.secret = ""

    def where(self) -> str:
        return f"embedded ClickHouse at {self.path}/{self.database}"

    def query(self, sql: str, settings: dict[str, Any]) -> Result:
        try:
            import chdb
        except ImportError:
            raise EngineError(
                "POM_METRICS_CLICKHOUSE_EMBEDDED is set but chdb is not installed."
            ) from None
        con = chdb.connect(self.path)
        try:
            cursor = con.cursor()
            cursor.execute(f"USE {_ident(self.database)}")
            for key, value in settings.items():
                literal = f"'{value}'" if isinstance(value, str) else str(int(value))
                cursor.execute(f"SET {key} = {literal}")
            cursor.execute(sql)
            columns = [d[0] for d in cursor.description or []]
            rows = [tuple(r) for r in cursor.fetchall()]
        finally:
            con.close()
        return Result(columns, rows)


def _ident(name: str) -> str:
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


def _code(exc: BaseException) -> int | None:
    found = CODE.search(str(exc))
    return int(found.group(1)) if found else None


def _connect_error(exc: BaseException, where: str, secret: str) -> EngineError:
    code = _code(exc)
    if code in AUTHENTICATION_FAILED:
        return EngineError(f"ClickHouse at {where} refused the user name or password.")
    if code == UNKNOWN_DATABASE:
        return EngineError(f"ClickHouse at {where} has no such database.")
    if code is None:
        return EngineError(f"Could not connect to ClickHouse at {where}: {_message(exc, secret)}")
    return EngineError(f"ClickHouse at {where} refused the connection: {_message(exc, secret)}")


class ClickHouseEngine:
    dialect = "clickhouse"

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _run(self, sql: str, limits: Limits) -> Result:
        secret = getattr(self.connection, "secret", "")
        try:
            return self.connection.query(sql, _settings(limits))
        except EngineError:
            raise
        except Exception as exc:  # the drivers' errors have no common base; all are explained
            raise self._explain(exc, limits, secret) from None

    def _explain(self, exc: BaseException, limits: Limits, secret: str) -> EngineError:
        code = _code(exc)
        where = self.connection.where()
        if code == TIMEOUT_EXCEEDED:
            return EngineError(
                f"The query ran longer than {limits.timeout_seconds:g} s and was stopped."
            )
        if code == READONLY:
            return EngineError(
                f"ClickHouse refused it: the query would write or change a setting, and pom "
                f"only reads ({_message(exc, secret)})."
            )
        if code is None and "is readonly" in str(exc):
            return EngineError(
                f"The ClickHouse user of {where} may not change settings (readonly=1 in its "
                "profile), so pom cannot set its statement timeout and row cap: use a user "
                "granted only SELECT, with readonly=0; pom makes each query read-only itself."
            )
        if code in AUTHENTICATION_FAILED or code == UNKNOWN_DATABASE or code is None:
            return _connect_error(exc, where, secret)
        if code in UNKNOWN_TABLE:
            return EngineError(
                f"ClickHouse does not know a table or column: {_message(exc, secret)}"
            )
        return EngineError(f"ClickHouse refused the query: {_message(exc, secret)}")

    def run(self, sql: str, limits: Limits) -> Result:
        result = self._run(sql, limits)
        return Result(result.columns, result.rows[: limits.row_cap + 1])

    def check(self) -> str:
        version = self._run("SELECT version()", CHECK_LIMITS).rows
        count = len(self.tables())
        return (
            f"ClickHouse {version[0][0] if version else '?'} at {self.connection.where()}: "
            f"{count} table{'s' if count != 1 else ''} visible."
        )

    def tables(self) -> list[str]:
        rows = self._run(
            "SELECT name FROM system.tables WHERE database = currentDatabase() "
            "AND NOT is_temporary ORDER BY name LIMIT 1000",
            CHECK_LIMITS,
        ).rows
        return [str(r[0]) for r in rows]

    def close(self) -> None:
        return None
