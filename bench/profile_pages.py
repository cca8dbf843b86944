"""Profile pages of a seeded bench database in-process: time, size, queries, the slowest ones.

    .venv/bin/python bench/profile_pages.py /strategy/outcomes/12/ /api/v1/strategy/outcomes
    .venv/bin/python bench/profile_pages.py --data-dir var/bench --database-url postgres://…/pom_bench /
    .venv/bin/python bench/profile_pages.py --cprofile 25 /metrics/outcomes/12/

Where ``bench/run.py`` says *which* page is slow, this says *why*: it signs in (in-process, no
server) as the owner of the seeded organization, requests each path twice (the first warms caches
and imports) and for the second prints the time, the size of the answer, the number of queries
and the slowest of them. ``--cprofile N`` adds the N most expensive functions by cumulative time.
API paths are requested with the same session (a browser session may read the API).

On SQLite much of the work of a query happens while its rows are fetched, after ``execute``
returns, so the "SQL" time below under-counts there; the cProfile view shows it under
``fetchmany``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def configure(args: argparse.Namespace) -> None:
    data_dir = Path(args.data_dir).resolve()
    os.environ.pop("POM_TESTING", None)
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        POM_DATA_DIR=str(data_dir),
        POM_SECRET_KEY_FILE=str(data_dir / "secret_key"),
        POM_DEBUG="false",
        POM_ALLOWED_HOSTS="testserver",
        POM_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="pom.config.settings",
    )
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


class QueryLog:
    """An ``execute_wrapper`` that times every query of one request."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str]] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="paths to request, e.g. /strategy/outcomes/")
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--database-url", default="")
    parser.add_argument("--org", default="", help="the organization's slug (default: bench-*)")
    parser.add_argument("--slowest", type=int, default=5, help="how many queries to show")
    parser.add_argument("--cprofile", type=int, default=0, help="show N functions by cumtime")
    args = parser.parse_args()
    configure(args)

    from django.db import connection
    from django.test import Client

    from pom.accounts.models import Membership, Organization
    from pom.core.middleware import SESSION_KEY

    orgs = Organization.objects.order_by("-id")
    org = (
        orgs.filter(slug=args.org) if args.org else orgs.filter(slug__startswith="bench-")
    ).first()
    if org is None:
        print("No seeded organization here: run bench/run.py first.", file=sys.stderr)
        return 1
    owner = Membership.objects.for_org(org).filter(role="owner").order_by("id").first()
    if owner is None:
        print(f"{org.slug} has no owner.", file=sys.stderr)
        return 1
    client = Client()
    client.force_login(owner.user)
    session = client.session
    session[SESSION_KEY] = org.pk
    session.save()
    for path in args.paths:
        client.get(path)
        log = QueryLog()
        profiler = cProfile.Profile() if args.cprofile else None
        started = time.perf_counter()
        with connection.execute_wrapper(log):
            if profiler:
                profiler.enable()
            response = client.get(path)
            if profiler:
                profiler.disable()
        ms = (time.perf_counter() - started) * 1000
        size = len(response.content) / 1024
        sql_ms = sum(t for t, _ in log.queries)
        print(
            f"\n{path}  {response.status_code}  {ms:.0f} ms  {size:.0f} KB  "
            f"{len(log.queries)} queries ({sql_ms:.0f} ms in execute)"
        )
        for t, sql in sorted(log.queries, reverse=True)[: args.slowest]:
            print(f"  {t:7.1f} ms  {sql[:300]}")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
