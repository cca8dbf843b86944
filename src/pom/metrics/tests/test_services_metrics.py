"""Data sources and metric definitions through the services: what a person defining a metric sees."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pom.core.models import AuditEvent
from pom.metrics import services
from pom.metrics.models import DataSource, MetricPoint, RefreshStatus
from pom.metrics.tests.helpers import count_metric, file_source, metrics_dir, write_events

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db


def test_a_file_source_reads_an_uploaded_parquet_file(
    world: Any, metrics_dir: Path, tmp_path: Path
) -> None:
    leader = world.membership("leader")
    source = services.create_source(leader, name="Events", kind="duckdb")
    data = write_events(tmp_path / "upload.parquet").read_bytes()
    table = services.add_table(
        leader, source, name="events", file=SimpleUploadedFile("events.parquet", data)
    )
    assert table.uploaded and table.file_format == "parquet"
    assert [c["name"] for c in table.columns] == ["ts", "user_id", "event", "amount"]
    assert Path(table.path).is_relative_to(metrics_dir)
    ok, message = services.check_connection(leader, source)
    assert ok, message
    assert "1 table readable" in message


def test_a_file_that_is_not_csv_or_parquet_is_refused_and_nothing_is_kept(
    world: Any, metrics_dir: Path
) -> None:
    leader = world.membership("leader")
    source = services.create_source(leader, name="Events", kind="duckdb")
    junk = SimpleUploadedFile("events.parquet", b"\x00\x01 not parquet at all")
    with pytest.raises(ValidationError) as exc:
        services.add_table(leader, source, name="events", file=junk)
    assert "not a Parquet file" in exc.value.message_dict["file"][0]
    assert not source.tables.exists()
    assert not any(p.is_file() for p in metrics_dir.rglob("*"))


def test_a_source_cannot_point_at_another_organizations_files(
    world: Any, metrics_dir: Path
) -> None:
    theirs = file_source(world.membership("outsider_owner"), metrics_dir)
    their_file = theirs.tables.get().path
    leader = world.membership("leader")
    mine = services.create_source(leader, name="Snooping", kind="duckdb")
    for path in (their_file, str(Path(their_file).parent / "*.parquet")):
        with pytest.raises(ValidationError) as refused:
            services.add_table(leader, mine, name="theirs", path=path)
        assert "another organization's files" in str(refused.value.message_dict["path"])
    assert not mine.tables.exists()


def test_a_pointed_path_outside_the_allowed_folders_is_refused(
    world: Any, metrics_dir: Path
) -> None:
    leader = world.membership("leader")
    source = services.create_source(leader, name="Events", kind="duckdb")
    with pytest.raises(ValidationError) as exc:
        services.add_table(leader, source, name="passwd", path="/etc/passwd", file_format="csv")
    assert "only under" in exc.value.message_dict["path"][0]


def test_only_leaders_connect_data_sources(world: Any, metrics_dir: Path) -> None:
    with pytest.raises(PermissionDenied):
        services.create_source(world.membership("member"), name="Mine", kind="duckdb")


def test_a_password_is_stored_encrypted_and_stays_out_of_the_audit_log(world: Any) -> None:
    leader = world.membership("leader")
    source = services.create_source(
        leader,
        name="Warehouse",
        kind="postgres",
        host="db.internal",
        database="dw",
        user="reader",
        password="s3cret-pass",
    )
    assert source.secret_encrypted and "s3cret-pass" not in source.secret_encrypted
    services.update_source(leader, source, password="", description="the warehouse")
    source.refresh_from_db()
    from pom.metrics.engines import password_for

    assert password_for(source) == "s3cret-pass"  # a blank password keeps the stored one
    logged = AuditEvent.objects.filter(organization=world.org_a, object_type="Data Source")
    assert logged.count() == 2
    assert all(
        "s3cret" not in str(e.changes) and "secret_encrypted" not in e.changes for e in logged
    )


def test_a_password_variable_must_be_a_pom_source_variable(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_source(
            world.membership("leader"),
            name="W",
            kind="postgres",
            host="h",
            database="d",
            user="u",
            password_env="POM_SECRET_KEY",
        )
    assert "POM_SOURCE_" in exc.value.message_dict["password_env"][0]


def test_an_unreachable_database_fails_the_connection_test_with_the_reason(world: Any) -> None:
    leader = world.membership("leader")
    source = services.create_source(
        leader,
        name="Gone",
        kind="postgres",
        host="127.0.0.1",
        port=1,
        database="x",
        user="u",
    )
    ok, message = services.check_connection(leader, source)
    assert not ok
    assert message.startswith("Could not connect to u@127.0.0.1:1/x")
    source.refresh_from_db()
    assert source.last_check_ok is False


def test_a_count_metric_is_computed_in_the_source_per_day(world: Any, metrics_dir: Path) -> None:
    member = world.membership("member")
    source = file_source(world.membership("leader"), metrics_dir)
    metric = count_metric(member, source)
    refresh = services.refresh_now(member, metric)
    assert refresh.status == RefreshStatus.SUCCEEDED, refresh.message
    points = list(MetricPoint.objects.filter(metric=metric).order_by("period"))
    assert len(points) == 90
    assert (points[0].period, points[0].value) == (date(2026, 1, 1), 20.0)
    assert (points[-1].period, points[-1].value) == (date(2026, 3, 31), 109.0)
    metric.refresh_from_db()
    assert metric.latest_value == 109.0 and metric.point_count == 90 and len(metric.sparkline) == 60


def test_weekly_ratio_and_conversion_metrics(world: Any, metrics_dir: Path) -> None:
    member = world.membership("member")
    source = file_source(world.membership("leader"), metrics_dir)
    ratio = count_metric(
        member,
        source,
        name="Purchase share",
        grain="month",
        spec={
            "table": "events",
            "timestamp_column": "ts",
            "aggregation": "ratio",
            "numerator_aggregation": "count",
            "numerator_filter": "event = 'purchase'",
            "denominator_aggregation": "count",
        },
    )
    services.refresh_now(member, ratio)
    values = [p.value for p in MetricPoint.objects.filter(metric=ratio).order_by("period")]
    assert len(values) == 3 and all(0.09 < v < 0.12 for v in values)
    conversion = count_metric(
        member,
        source,
        name="Signup to purchase",
        grain="week",
        spec={
            "table": "events",
            "timestamp_column": "ts",
            "aggregation": "conversion",
            "entity_column": "user_id",
            "start_filter": "event = 'signup'",
            "conversion_filter": "event = 'purchase'",
            "window_days": 7,
        },
    )
    refresh = services.refresh_now(member, conversion)
    assert refresh.status == RefreshStatus.SUCCEEDED, refresh.message
    # Each user has one event, so nobody who signs up also buys: conversion is 0, not missing.
    assert {p.value for p in MetricPoint.objects.filter(metric=conversion)} == {0.0}


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("DROP TABLE events", "this is a DROP statement"),
        ("SELECT 1 AS period, 2 AS value; SELECT 3", "holds 2 statements"),
        ("COPY events TO '/tmp/x.csv'", "COPY"),
        ("ATTACH '/tmp/other.db'", "ATTACH"),
        ("PRAGMA database_list", "PRAGMA"),
        ("SELECT ts AS period, 1 AS value FROM read_csv('/etc/passwd')", "not allowed"),
        ("SELECT ts AS period, 1 AS value FROM other_table", "not a table of this data source"),
        ("SELECT ts AS day, count(*) AS n FROM events GROUP BY 1", "named period and value"),
        ("SELEC nonsense", "could not be read as SQL"),
    ],
)
def test_hand_written_sql_must_be_one_read_only_select(
    world: Any, metrics_dir: Path, query: str, reason: str
) -> None:
    member = world.membership("member")
    source = file_source(world.membership("leader"), metrics_dir)
    with pytest.raises(ValidationError) as exc:
        count_metric(member, source, definition="sql", sql=query)
    assert reason in exc.value.message_dict["sql"][0]


def test_hand_written_sql_returning_period_and_value_refreshes(
    world: Any, metrics_dir: Path
) -> None:
    member = world.membership("member")
    source = file_source(world.membership("leader"), metrics_dir)
    metric = count_metric(
        member,
        source,
        definition="sql",
        grain="month",
        sql="SELECT date_trunc('month', ts) AS period, sum(amount) AS value FROM events GROUP BY 1",
    )
    refresh = services.refresh_now(member, metric)
    assert refresh.status == RefreshStatus.SUCCEEDED, refresh.message
    assert refresh.rows == 3


def test_a_failing_refresh_keeps_the_previous_series_and_says_why(
    world: Any, metrics_dir: Path
) -> None:
    member = world.membership("member")
    source = file_source(world.membership("leader"), metrics_dir)
    metric = count_metric(
        member,
        source,
        definition="sql",
        sql="SELECT date_trunc('day', ts) AS period, CAST(count(*) AS DOUBLE) AS value FROM events GROUP BY 1",
    )
    services.refresh_now(member, metric)
    assert MetricPoint.objects.filter(metric=metric).count() == 90
    # The file changes under the metric into something whose values are NaN.
    table = source.tables.get()
    write_events(Path(table.path), days=3)
    metric.sql = "SELECT date_trunc('day', ts) AS period, CAST('NaN' AS DOUBLE) AS value FROM events GROUP BY 1"
    metric.save()
    refresh = services.refresh_now(member, metric, full=True)
    assert refresh.status == RefreshStatus.FAILED
    assert "not a finite number" in refresh.message
    assert MetricPoint.objects.filter(metric=metric).count() == 90
    metric.refresh_from_db()
    assert metric.last_status == "failed" and "not a finite number" in metric.last_error


def test_a_slow_query_is_stopped_at_the_statement_timeout(
    world: Any, metrics_dir: Path, settings: Any
) -> None:
    settings.POM_METRICS_TIMEOUT_SECONDS = 1
    member = world.membership("member")
    source = file_source(world.membership("leader"), metrics_dir)
    metric = count_metric(
        member,
        source,
        definition="sql",
        sql=(
            "SELECT DATE '2026-01-01' AS period, CAST(count(*) AS DOUBLE) AS value "
            "FROM events a, events b, events c"
        ),
    )
    refresh = services.refresh_now(member, metric)
    assert refresh.status == RefreshStatus.FAILED
    assert "ran longer than 1 s" in refresh.message


def test_an_incremental_refresh_recomputes_from_the_last_stored_period(
    world: Any, metrics_dir: Path
) -> None:
    member = world.membership("member")
    source = file_source(world.membership("leader"), metrics_dir)
    metric = count_metric(member, source)
    services.refresh_now(member, metric)
    table = source.tables.get()
    write_events(Path(table.path), days=95)
    refresh = services.refresh_now(member, metric)
    assert not refresh.full and refresh.since == date(2026, 3, 31)
    assert refresh.rows == 6
    assert MetricPoint.objects.filter(metric=metric).count() == 95


def test_a_metric_cannot_read_another_organizations_source(world: Any, metrics_dir: Path) -> None:
    source = file_source(world.membership("leader"), metrics_dir)
    with pytest.raises(ValidationError) as exc:
        count_metric(world.membership("outsider"), source)
    assert "No data source with id" in exc.value.message_dict["source"][0]


def test_a_source_with_metrics_cannot_be_deleted(world: Any, metrics_dir: Path) -> None:
    leader = world.membership("leader")
    source = file_source(leader, metrics_dir)
    count_metric(leader, source)
    with pytest.raises(ValidationError, match="1 metric reads from Product events"):
        services.delete_source(leader, source)
    assert DataSource.objects.for_member(leader).filter(pk=source.pk).exists()
