"""The PostgreSQL engine against a real server (the test database's), when the suite runs on one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import psycopg
import pytest
from django.db import connection
from psycopg import sql as psql

from pom.metrics import services
from pom.metrics.engines import EngineError, Limits
from pom.metrics.engines.postgres import PostgresEngine
from pom.metrics.models import MetricPoint, RefreshStatus

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def _params() -> dict[str, Any]:
    s = connection.settings_dict
    return {
        "host": s["HOST"] or "127.0.0.1",
        "port": int(s["PORT"] or 5432),
        "database": s["NAME"],
        "user": s["USER"],
        "password": s["PASSWORD"] or "",
    }


@pytest.fixture
def events_schema() -> Iterator[str]:
    """A schema of its own in the test database, filled and committed outside the test transaction."""
    params = _params()
    schema = f"pom_src_{uuid.uuid4().hex[:8]}"
    dsn = {
        "host": params["host"],
        "port": params["port"],
        "dbname": params["database"],
        "user": params["user"],
        "password": params["password"],
    }
    with psycopg.connect(**dsn, autocommit=True) as conn:
        conn.execute(psql.SQL("CREATE SCHEMA {}").format(psql.Identifier(schema)))
        conn.execute(
            psql.SQL(
                "CREATE TABLE {}.events AS SELECT TIMESTAMP '2026-01-01' + (d || ' days')::interval "
                "+ (i || ' minutes')::interval AS ts, d * 1000 + i AS user_id "
                "FROM generate_series(0, 29) AS d, LATERAL generate_series(1, 10 + d) AS i"
            ).format(psql.Identifier(schema))
        )
    yield schema
    with psycopg.connect(**dsn, autocommit=True) as conn:
        conn.execute(psql.SQL("DROP SCHEMA {} CASCADE").format(psql.Identifier(schema)))


def _source(world: Any, **extra: Any) -> Any:
    p = _params()
    return services.create_source(
        world.membership("leader"),
        name="Warehouse",
        kind="postgres",
        host=p["host"],
        port=p["port"],
        database=p["database"],
        user=p["user"],
        password=p["password"] or None,
        sslmode="disable",
        **extra,
    )


def test_a_metric_refreshes_from_postgresql(world: Any, events_schema: str) -> None:
    leader = world.membership("leader")
    source = _source(world)
    ok, message = services.check_connection(leader, source)
    assert ok, message
    assert message.startswith("PostgreSQL ")
    metric = services.create_metric(
        leader,
        name="Daily visits",
        source=source.pk,
        grain="day",
        spec={"table": f"{events_schema}.events", "timestamp_column": "ts", "aggregation": "count"},
    )
    refresh = services.refresh_now(leader, metric)
    assert refresh.status == RefreshStatus.SUCCEEDED, refresh.message
    points = list(MetricPoint.objects.filter(metric=metric).order_by("period"))
    assert len(points) == 30
    assert (points[0].period, points[0].value) == (date(2026, 1, 1), 10.0)


def test_the_engine_runs_read_only_with_a_statement_timeout(world: Any, events_schema: str) -> None:
    p = _params()
    engine = PostgresEngine(**p, sslmode="disable")
    with pytest.raises(EngineError, match="read-only transaction"):
        engine.run("DELETE FROM " + events_schema + ".events", Limits(5, 10))  # noqa: S608  # noqa: S608
    with pytest.raises(EngineError, match="ran longer than 1 s"):
        engine.run("SELECT pg_sleep(3)", Limits(1, 10))


def test_wrong_credentials_say_so(world: Any) -> None:
    p = _params()
    engine = PostgresEngine(**{**p, "user": "no_such_role_pom"}, sslmode="disable")
    with pytest.raises(EngineError, match="Could not connect to no_such_role_pom@"):
        engine.check()
