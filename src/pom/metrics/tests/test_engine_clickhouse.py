"""The ClickHouse engine against a real ClickHouse SQL engine: chdb, embedded in the test process.

The same generated events go into a DuckDB file source and an embedded ClickHouse database; every
kind of structured metric, at every grain, must give the same series from both. The limits
(read-only, statement timeout, row cap) are ClickHouse settings, enforced by the engine itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pom.metrics import services, sql
from pom.metrics.engines import EngineError, Limits, engine_for
from pom.metrics.engines.clickhouse import ClickHouseEngine, EmbeddedConnection, HttpConnection
from pom.metrics.evaluate import EvaluationError, check_rows
from pom.metrics.models import DataSource, MetricPoint, RefreshStatus
from pom.metrics.tests.helpers import metrics_dir

__all__ = ["metrics_dir"]

chdb = pytest.importorskip("chdb")
pytestmark = pytest.mark.django_db


def write_journeys(path: Path) -> Path:
    """Events of 400 returning users over 120 days: visits, signups, purchases (some amounts empty).

    Users come back (user ``u`` is active on the days ``d`` with ``(d * 7 + u) % 5 == 0``), so
    distinct counts and conversion windows have something to measure; a few rows have no time.
    """
    import duckdb

    con = duckdb.connect()
    con.execute(
        f"""
        COPY (
            SELECT CASE WHEN (d * 31 + u) % 97 = 0 THEN NULL
                        ELSE TIMESTAMP '2026-01-01' + INTERVAL (d) DAY + INTERVAL (u) MINUTE END AS ts,
                   u AS user_id,
                   CASE WHEN (d + u) % 9 = 0 THEN 'purchase'
                        WHEN (d + u) % 4 = 0 THEN 'signup' ELSE 'visit' END AS event,
                   CASE WHEN (d + u) % 9 = 0 AND u % 7 <> 3 THEN (u % 50) + 0.25 * (d % 4) END AS amount
            FROM range(120) AS r(d), range(400) AS s(u)
            WHERE (d * 7 + u) % 5 = 0
        ) TO '{path}' (FORMAT parquet)
        """  # noqa: S608 — generated test data, no input
    )
    con.close()
    return path


@pytest.fixture
def events_file(metrics_dir: Path) -> Path:
    return write_journeys(metrics_dir / "journeys.parquet")


@pytest.fixture
def clickhouse_dir(settings: Any, tmp_path: Path, events_file: Path) -> Iterator[Path]:
    """An embedded ClickHouse database holding the events, and ClickHouse sources pointed at it."""
    folder = tmp_path / "clickhouse"
    con = chdb.connect(str(folder))
    cursor = con.cursor()
    cursor.execute("CREATE DATABASE IF NOT EXISTS product")
    create = "CREATE TABLE product.events ENGINE = MergeTree ORDER BY tuple() AS SELECT * FROM "
    cursor.execute(create + f"file('{events_file}', Parquet)")
    con.close()
    settings.POM_METRICS_CLICKHOUSE_EMBEDDED = str(folder)
    yield folder


def clickhouse_source(world: Any, **extra: Any) -> DataSource:
    data: dict[str, Any] = {
        "name": "Warehouse",
        "kind": "clickhouse",
        "host": "clickhouse.internal",
        "port": 8443,
        "database": "product",
        "user": "metrics_reader",
        "password": "s3cret-pw",
        "secure": True,
    }
    data.update(extra)
    return services.create_source(world.membership("leader"), **data)


def duck_source(world: Any, events_file: Path) -> DataSource:
    leader = world.membership("leader")
    source = services.create_source(leader, name="Files", kind="duckdb")
    services.add_table(leader, source, name="events", path=str(events_file))
    return source


METRICS: dict[str, dict[str, Any]] = {
    "count": {"aggregation": "count"},
    "count_distinct": {
        "aggregation": "count_distinct",
        "column": "user_id",
        "filter": "event = 'signup'",
    },
    "sum": {"aggregation": "sum", "column": "amount", "filter": "event = 'purchase'"},
    "avg": {"aggregation": "avg", "column": "amount"},
    "ratio": {
        "aggregation": "ratio",
        "numerator_aggregation": "sum",
        "numerator_column": "amount",
        "numerator_filter": "event = 'purchase'",
        "denominator_aggregation": "count_distinct",
        "denominator_column": "user_id",
    },
    "conversion": {
        "aggregation": "conversion",
        "entity_column": "user_id",
        "start_filter": "event = 'signup'",
        "conversion_filter": "event = 'purchase'",
        "window_days": 14,
    },
}


def series(source: DataSource, raw: dict[str, Any], grain: str) -> list[tuple[date, float]]:
    engine = engine_for(source)
    spec = sql.parse_spec(raw, engine.dialect)
    query = sql.wrap_series(
        sql.compile_spec(spec, grain, engine.dialect), engine.dialect, row_cap=500
    )
    limits = Limits(timeout_seconds=30, row_cap=500)
    return check_rows(engine.run(query, limits), limits)


@pytest.mark.parametrize("grain", ["day", "week", "month"])
@pytest.mark.parametrize("kind", list(METRICS))
def test_every_metric_gives_the_same_series_in_clickhouse_as_in_duckdb(
    world: Any, metrics_dir: Path, clickhouse_dir: Path, events_file: Path, kind: str, grain: str
) -> None:
    raw = {"table": "events", "timestamp_column": "ts", **METRICS[kind]}
    from_duckdb = series(duck_source(world, events_file), raw, grain)
    from_clickhouse = series(clickhouse_source(world), raw, grain)
    # Everyone's first signup is early on, so conversion cohorts span fewer periods.
    enough = {"day": 100, "week": 15, "month": 4}[grain] if kind != "conversion" else 2
    assert len(from_duckdb) >= enough
    assert [p for p, _ in from_clickhouse] == [p for p, _ in from_duckdb]
    assert [v for _, v in from_clickhouse] == pytest.approx([v for _, v in from_duckdb], rel=1e-9)
    assert len({v for _, v in from_duckdb}) > 1, "the data set must make the numbers move"


def test_the_metric_sql_is_written_in_clickhouse_s_dialect(
    world: Any, clickhouse_dir: Path
) -> None:
    raw = {"table": "events", "timestamp_column": "ts", **METRICS["ratio"]}
    spec = sql.parse_spec(raw, "clickhouse")
    query = sql.compile_spec(spec, "week", "clickhouse")
    assert "dateTrunc('WEEK', \"ts\")" in query
    assert "nullIf(" in query and "Float64" in query


def test_a_metric_refreshes_from_clickhouse_through_the_services(
    world: Any, clickhouse_dir: Path
) -> None:
    leader = world.membership("leader")
    source = clickhouse_source(world)
    ok, message = services.check_connection(leader, source)
    assert ok, message
    assert message.startswith("ClickHouse 2") and message.endswith("1 table visible.")
    metric = services.create_metric(
        leader,
        name="Weekly buyers",
        source=source.pk,
        grain="week",
        spec={
            "table": "events",
            "timestamp_column": "ts",
            "aggregation": "count_distinct",
            "column": "user_id",
            "filter": "event = 'purchase'",
        },
    )
    refresh = services.refresh_now(leader, metric)
    assert refresh.status == RefreshStatus.SUCCEEDED, refresh.message
    assert "dateTrunc('WEEK'" in refresh.sql
    points = list(MetricPoint.objects.filter(metric=metric).order_by("period"))
    assert len(points) == 18
    assert points[0].period == date(2025, 12, 29), "weeks start on Monday, as in DuckDB"


def embedded(folder: Path) -> ClickHouseEngine:
    return ClickHouseEngine(EmbeddedConnection(path=str(folder), database="product"))


def test_the_engine_is_read_only_even_past_the_sql_checks(clickhouse_dir: Path) -> None:
    engine = embedded(clickhouse_dir)
    for statement in (
        "INSERT INTO events (user_id) VALUES (1)",
        "DROP TABLE events",
        "SELECT * FROM file('/etc/passwd', 'CSV')",
        "SET max_execution_time = 0",
    ):
        with pytest.raises(EngineError, match="pom only reads"):
            engine.run(statement, Limits(5, 10))
    assert engine.run("SELECT count() FROM events", Limits(5, 10)).rows[0][0] > 0


def test_a_query_cannot_lift_its_own_limits(clickhouse_dir: Path) -> None:
    with pytest.raises(EngineError, match="pom only reads"):
        embedded(clickhouse_dir).run(
            "SELECT count() FROM numbers(10) SETTINGS max_execution_time = 1000", Limits(5, 10)
        )


def test_a_slow_query_is_stopped_at_the_statement_timeout(clickhouse_dir: Path) -> None:
    with pytest.raises(EngineError, match="ran longer than 1 s and was stopped"):
        embedded(clickhouse_dir).run(
            "SELECT count() FROM numbers(1000000000000) WHERE sipHash64(number) = 0", Limits(1, 10)
        )


def test_at_most_one_row_past_the_cap_comes_back(clickhouse_dir: Path) -> None:
    result = embedded(clickhouse_dir).run("SELECT number FROM numbers(100000)", Limits(5, 25))
    assert result.columns == ["number"]
    assert len(result.rows) == 26


def test_an_unknown_table_is_named(clickhouse_dir: Path) -> None:
    with pytest.raises(EngineError, match=r"does not know a table or column: .*no_such_table"):
        embedded(clickhouse_dir).run("SELECT * FROM no_such_table", Limits(5, 10))


def test_a_refresh_over_the_row_cap_fails_and_keeps_nothing(
    world: Any, clickhouse_dir: Path, settings: Any
) -> None:
    settings.POM_METRICS_ROW_CAP = 10
    leader = world.membership("leader")
    metric = services.create_metric(
        leader,
        name="Daily events",
        source=clickhouse_source(world).pk,
        grain="day",
        spec={"table": "events", "timestamp_column": "ts", "aggregation": "count"},
    )
    refresh = services.refresh_now(leader, metric)
    assert refresh.status == RefreshStatus.FAILED
    assert "more than 10 periods" in refresh.message
    assert not MetricPoint.objects.filter(metric=metric).exists()


def test_a_statement_that_is_not_a_select_never_reaches_clickhouse(
    world: Any, clickhouse_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_run(*args: Any) -> Any:
        raise AssertionError("the engine was asked to run it")

    monkeypatch.setattr(EmbeddedConnection, "query", must_not_run)
    leader = world.membership("leader")
    source = clickhouse_source(world)
    for text, reason in (
        ("INSERT INTO events SELECT * FROM events", "Only a read-only SELECT"),
        ("SELECT 1 AS period, 2 AS value; DROP TABLE events", "single SELECT"),
        ("ALTER TABLE events DELETE WHERE 1", "read-only SELECT"),
    ):
        with pytest.raises(Exception, match=reason):
            services.create_metric(
                leader, name="Bad", source=source.pk, definition="sql", grain="day", sql=text
            )
        from pom.metrics.evaluate import Definitionish, run_series

        with pytest.raises(EvaluationError, match=reason):
            run_series(Definitionish(source, "sql", {}, text, "day"))


def test_an_unreachable_server_says_where_without_the_password(world: Any) -> None:
    engine = ClickHouseEngine(
        HttpConnection(
            host="127.0.0.1",
            port=1,
            database="product",
            user="reader",
            password="s3cret-pw",
            secure=False,
        )
    )
    with pytest.raises(EngineError) as caught:
        engine.check()
    message = str(caught.value)
    assert message.startswith(
        "Could not connect to ClickHouse at reader@127.0.0.1:1/product (http)"
    )
    assert "s3cret-pw" not in message


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# The worker commits and checks its connection like a separate process would, so this test runs
# outside the per-test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_refresh_waits_for_the_worker_which_computes_it_in_clickhouse(
    world: Any, clickhouse_dir: Path, settings: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    from pom import cli

    settings.TASKS = DATABASE_TASKS
    leader = world.membership("leader")
    metric = services.create_metric(
        leader,
        name="Monthly revenue",
        source=clickhouse_source(world).pk,
        grain="month",
        spec={
            "table": "events",
            "timestamp_column": "ts",
            "aggregation": "sum",
            "column": "amount",
            "filter": "event = 'purchase'",
        },
    )
    refresh = services.request_refresh(leader, metric, full=True)
    stored = DBTaskResult.objects.get(args_kwargs__args=[refresh.pk])
    assert stored.task_path == "pom.metrics.tasks.refresh_metric_task"
    assert stored.status == "READY"
    assert not MetricPoint.objects.filter(metric=metric).exists(), "the request does not compute"

    cli.main(["worker", "--batch", "--verbosity", "0"])  # what an operator runs: pom worker

    refresh.refresh_from_db()
    assert refresh.status == RefreshStatus.SUCCEEDED, refresh.message
    assert "dateTrunc('MONTH'" in refresh.sql
    points = list(MetricPoint.objects.filter(metric=metric).order_by("period"))
    assert [p.period for p in points] == [
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]
    assert all(p.value > 0 for p in points)
    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL"
    assert stored.return_value == "succeeded: 4 periods"


class Refusing:
    """A connection whose server answers every query with ``error`` (what clickhouse-connect raises)."""

    secret = "s3cret-pw"

    def __init__(self, error: Exception) -> None:
        self.error = error

    def where(self) -> str:
        return "reader@ch.internal:8443/product (https)"

    def query(self, sql: str, settings: dict[str, Any]) -> Any:
        raise self.error


def test_wrong_credentials_and_a_read_only_profile_are_explained() -> None:
    from clickhouse_connect.driver.exceptions import DatabaseError, ProgrammingError

    wrong = DatabaseError(
        "HTTPDriver for https://ch.internal:8443 received ClickHouse error code 516\n"
        " Code: 516. DB::Exception: reader: Authentication failed: password is incorrect, "
        "or there is no user with such name. (AUTHENTICATION_FAILED)"
    )
    with pytest.raises(EngineError) as caught:
        ClickHouseEngine(Refusing(wrong)).check()
    assert str(caught.value) == (
        "ClickHouse at reader@ch.internal:8443/product (https) refused the user name or password."
    )
    fixed = ProgrammingError("Setting max_execution_time is readonly")
    with pytest.raises(EngineError, match=r"readonly=1 in its profile.*granted only SELECT"):
        ClickHouseEngine(Refusing(fixed)).run("SELECT 1", Limits(5, 10))
    leaky = DatabaseError("Code: 62. DB::Exception: Syntax error near 's3cret-pw'. (SYNTAX_ERROR)")
    with pytest.raises(EngineError) as caught:
        ClickHouseEngine(Refusing(leaky)).run("SELECT 1", Limits(5, 10))
    assert "s3cret-pw" not in str(caught.value) and "Syntax error" in str(caught.value)
