"""Benchmark: webhook ingest, sustained, on loopback (issue 10: at least 500 events/s).

Run: ``.venv/bin/python bench/bench_ingest.py`` (``--events 20000 --batch 100 --clients 2``;
``--database-url postgres://…`` for PostgreSQL). It migrates its own database under
``var/bench-ingest/`` (or the given PostgreSQL database), makes a small organization with one
generic webhook source (through the services, as the setup page does), serves pom with the
production server (``pom serve``, two workers) on a free loopback port, and then posts
DevLake-shaped deployment bodies, each signed with the source's secret
(``X-Pom-Signature-256``), from ``--clients`` threads at once, as fast as the server answers.

Printed, and written to ``bench/results/<time>-ingest-<database>.json``: events per second over
the whole run (wall clock, first request to last answer), requests per second, p50/p95 latency
per request, and the check that every event was stored exactly once — then the same batches are
posted again, which must store nothing new (deliveries are idempotent on the source's id).
Not part of the test run. Exit status 1 when a request fails or a count does not match.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    HOST,
    BenchError,
    free_port,
    percentile,
    pom,
    server,
)
from bench.run import bench_env as _bench_env

RESULTS = Path(__file__).resolve().parent / "results"
TARGET = 500  # events per second (issue 10)

SETUP = """
import secrets
from pom.accounts import services as accounts
from pom.accounts.models import Membership, Organization, Role, User
from pom.delivery import services
from pom.delivery.models import IngestSource
from pom.teams import services as teams
from pom.teams.models import Team
user = User.objects.filter(email="ingest-bench@pom.test").first() or accounts.sign_up(
    email="ingest-bench@pom.test", password=secrets.token_urlsafe(24), full_name="Bench")
org = Organization.objects.filter(slug="ingest-bench").first() or accounts.create_organization(
    user, name="Ingest bench", slug="ingest-bench")
owner = Membership.objects.for_org(org).get(user=user)
team = Team.objects.for_org(org).filter(name="Pipeline").first() or teams.create_team(owner, name="Pipeline")
IngestSource.objects.for_org(org).filter(name=NAME).delete()
source, secret = services.create_source(owner, name=NAME, kind="webhook", team=team)
print("POM_BENCH_SOURCE=" + source.token + " " + secret)
"""

COUNT = """
from pom.delivery.models import Deployment
from pom.accounts.models import Organization
org = Organization.objects.get(slug="ingest-bench")
print("POM_BENCH_COUNT=%d" % Deployment.objects.for_org(org).filter(external_id__contains=PREFIX).count())
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=20_000, help="deployments to post (20000)")
    p.add_argument("--batch", type=int, default=100, help="deployments per request (100)")
    p.add_argument("--clients", type=int, default=2, help="threads posting at once (2)")
    p.add_argument("--workers", type=int, default=2, help="server worker processes (2)")
    p.add_argument("--database-url", default="", help="PostgreSQL URL (default: SQLite)")
    p.add_argument("--data-dir", default="var/bench-ingest", help="data directory")
    p.add_argument("--timeout", type=float, default=60, help="seconds per request (60)")
    args = p.parse_args(argv)
    if not (1 <= args.batch <= 1000 and 1 <= args.clients <= 16 and 1 <= args.events <= 10**7):
        p.error("--batch 1–1000, --clients 1–16, --events 1–10000000")
    return args


def setup(env: dict[str, str], name: str) -> tuple[str, str]:
    out = pom(env, "shell", "-c", SETUP.replace("NAME", repr(name)), timeout=300)
    for line in out.splitlines():
        if line.startswith("POM_BENCH_SOURCE="):
            token, secret = line.split("=", 1)[1].split()
            return token, secret
    raise BenchError(f"Could not make the webhook source:\n{out}")


def stored(env: dict[str, str], prefix: str) -> int:
    out = pom(env, "shell", "-c", COUNT.replace("PREFIX", repr(prefix)), timeout=300)
    for line in out.splitlines():
        if line.startswith("POM_BENCH_COUNT="):
            return int(line.split("=", 1)[1])
    raise BenchError(f"Could not count the stored deployments:\n{out}")


def bodies(prefix: str, events: int, batch: int) -> list[bytes]:
    """The request bodies: DevLake deployment objects with ids ``<prefix>-<n>``."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    out = []
    for first in range(0, events, batch):
        items = []
        for n in range(first, min(first + batch, events)):
            began = start + timedelta(minutes=n)
            items.append(
                {
                    "id": f"{prefix}-{n}",
                    "startedDate": began.isoformat(),
                    "finishedDate": (began + timedelta(minutes=4)).isoformat(),
                    "result": "SUCCESS" if n % 10 else "FAILURE",
                    "environment": "PRODUCTION",
                    "deploymentCommits": [
                        {"repoUrl": "https://git.example/shop/web", "commitSha": f"{n:040x}"}
                    ],
                }
            )
        out.append(json.dumps(items).encode())
    return out


def post_all(
    port: int, token: str, secret: str, payloads: list[bytes], clients: int, timeout: float
) -> tuple[float, list[float], list[dict[str, object]], list[str]]:
    """Post every payload from ``clients`` threads; (seconds, latencies, answers, errors)."""
    path = f"/api/v1/delivery/hooks/{token}/deployments"
    queue = list(enumerate(payloads))
    lock = threading.Lock()
    latencies: list[float] = []
    answers: list[dict[str, object]] = []
    errors: list[str] = []

    def work() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        while True:
            with lock:
                if not queue or errors:
                    break
                _, body = queue.pop(0)
            signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            began = time.perf_counter()
            conn.request(
                "POST",
                path,
                body=body,
                headers={"Content-Type": "application/json", "X-Pom-Signature-256": signature},
            )
            response = conn.getresponse()
            text = response.read()
            took = time.perf_counter() - began
            with lock:
                latencies.append(took)
                if response.status != 200:
                    errors.append(f"{response.status}: {text[:300]!r}")
                else:
                    answers.append(json.loads(text))
        conn.close()

    threads = [threading.Thread(target=work) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, answers, errors


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = _bench_env(argparse.Namespace(data_dir=args.data_dir, database_url=args.database_url))
    database = "postgresql" if args.database_url else "sqlite"
    print(f"Migrating the {database} bench database…", flush=True)
    pom(env, "migrate", "--no-input", timeout=600)
    prefix = f"bench-{int(time.time())}"
    token, secret = setup(env, f"Bench pipeline {prefix}")
    payloads = bodies(prefix, args.events, args.batch)
    port = free_port()
    log = Path(args.data_dir) / "server.log"
    with server(env, port, args.workers, log):
        seconds, latencies, answers, errors = post_all(
            port, token, secret, payloads, args.clients, args.timeout
        )
        if errors:
            print(f"{len(errors)} request(s) failed; the first: {errors[0]}", file=sys.stderr)
            return 1
        created = sum(int(a["created"]) for a in answers)  # type: ignore[call-overload]
        again, _, replies, errors = post_all(
            port, token, secret, payloads, args.clients, args.timeout
        )
        if errors:
            print(f"A replay failed: {errors[0]}", file=sys.stderr)
            return 1
        created_again = sum(int(a["created"]) for a in replies)  # type: ignore[call-overload]
    count = stored(env, prefix)
    result = {
        "database": database,
        "events": args.events,
        "batch": args.batch,
        "clients": args.clients,
        "workers": args.workers,
        "seconds": round(seconds, 3),
        "events_per_second": round(args.events / seconds, 1),
        "requests_per_second": round(len(payloads) / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "created": created,
        "stored": count,
        "replay_seconds": round(again, 3),
        "replay_created": created_again,
        "target_events_per_second": TARGET,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-ingest-{database}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    ok = count == created == args.events and created_again == 0
    if not ok:
        print("Counts do not match: every event must be stored once.", file=sys.stderr)
    if result["events_per_second"] < TARGET:  # type: ignore[operator]
        print(f"Below the target of {TARGET} events/s.", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
