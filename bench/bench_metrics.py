"""Benchmark: a metric refresh over 50 million generated events, against raw DuckDB.

Run: ``.venv/bin/python bench/bench_metrics.py`` (``--events 5000000`` for a quicker run). It
writes a Parquet event log under ``var/bench/metrics/`` (reused by later runs of the same size),
then, in the same run, times

1. the aggregate written by hand and run directly in DuckDB (no pom, no limits);
2. pom's full refresh query for the same metric: compiled by the query layer, run through the
   file engine (file access locked down, statement timeout, row cap) and checked period by
   period — everything a refresh does except writing the ~700 points;
3. pom's incremental refresh of the last day (recompute since the last stored period).

Targets (issue 9): (2) within 1.2× of (1); (3) under 10% of (2). Best of ``--repeat`` runs each.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pom.config.settings")
os.environ.setdefault("POM_DEBUG", "1")

import django

django.setup()

from django.conf import settings  # noqa: E402

from pom.metrics import sql  # noqa: E402
from pom.metrics.engines import Limits  # noqa: E402
from pom.metrics.engines.duck import DuckDBEngine, FileTable  # noqa: E402
from pom.metrics.evaluate import check_rows  # noqa: E402

DAYS = 730
START = date(2024, 1, 1)


def generate(path: Path, events: int) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(
        f"""
        COPY (
            SELECT TIMESTAMP '{START}' + INTERVAL (CAST(range * {DAYS * 86400} / {events} AS BIGINT)) SECOND AS ts,
                   hash(range) % 200000 AS user_id,
                   CASE WHEN hash(range) % 10 = 0 THEN 'purchase' ELSE 'visit' END AS event
            FROM range({events})
        ) TO '{path}' (FORMAT parquet)
        """  # noqa: S608 — generated benchmark data
    )
    con.close()


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=50_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = Path("var/bench/metrics").resolve() / f"events_{args.events}.parquet"
    print(f"Generating {args.events:,} events over {DAYS} days (once) …", flush=True)
    generate(path, args.events)
    threads = settings.POM_METRICS_DUCKDB_THREADS
    spec = sql.parse_spec(
        {
            "table": "events",
            "timestamp_column": "ts",
            "aggregation": "count_distinct",
            "column": "user_id",
            "filter": "event = 'purchase'",
        },
        "duckdb",
        allowed_tables=["events"],
    )
    limits = Limits(timeout_seconds=600, row_cap=settings.POM_METRICS_ROW_CAP)
    engine = DuckDBEngine([FileTable("events", str(path), "parquet")])

    def raw() -> None:
        con = duckdb.connect(config={"threads": threads})
        rows = con.execute(
            f"SELECT date_trunc('day', ts) AS period, count(DISTINCT user_id) AS value "  # noqa: S608
            f"FROM read_parquet('{path}') WHERE event = 'purchase' GROUP BY 1 ORDER BY 1"
        ).fetchall()
        con.close()
        assert len(rows) == DAYS, len(rows)

    def pom(since: date | None = None) -> None:
        query = sql.wrap_series(
            sql.compile_spec(spec, "day", "duckdb", since=since), "duckdb", row_cap=limits.row_cap
        )
        result = engine.run(query, limits)
        series = check_rows(result, limits)
        assert len(series) == (DAYS if since is None else 1), len(series)

    last_day = START + timedelta(days=DAYS - 1)
    raw_s = best(raw, args.repeat)
    full_s = best(pom, args.repeat)
    incr_s = best(lambda: pom(last_day), args.repeat)
    print(f"{'':34} {'seconds':>9}")
    print(f"{'raw DuckDB aggregate':34} {raw_s:9.3f}")
    print(
        f"{'pom full refresh query':34} {full_s:9.3f}   ratio to raw {full_s / raw_s:.2f}× (target ≤ 1.2×)"
    )
    print(
        f"{'pom incremental refresh (1 day)':34} {incr_s:9.3f}   {incr_s / full_s:.1%} of full (target < 10%)"
    )
    ok = full_s / raw_s <= 1.2 and incr_s / full_s < 0.10
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
