"""Benchmark pom on a large generated organization, against the production server on loopback.

    .venv/bin/python bench/run.py                  # 1000 teams (~7000 people), SQLite in var/bench/
    .venv/bin/python bench/run.py --teams 200 --requests 50
    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/pom_bench

What it does, in order: migrate the bench database (its own data dir, so your demo data is not
touched); seed ``bench-<N>`` with ``pom seed --teams N`` unless it is already there; start
``pom serve`` on a free loopback port with ``POM_BENCH_QUERY_COUNT=1`` (every response then says
how many queries it ran); sign in as the seeded owner and create an API token; then for each target
in ``bench/targets.py`` make a few warm-up requests and K measured ones, one at a time. It prints one
table (p50/p95 latency, queries per request) and writes the same numbers as JSON to
``bench/results/``. The server is stopped at the end, also on errors and Ctrl+C.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.targets import TARGETS, BenchState, Target  # noqa: E402

SEED_PASSWORD = "pom-seed-password"  # noqa: S105 — the documented password of generated people
HOST = "127.0.0.1"
POM = Path(sys.executable).with_name("pom")


class BenchError(RuntimeError):
    """The bench cannot go on; the message says why."""


# --- Preparing the database ---------------------------------------------------------------------


def bench_env(args: argparse.Namespace) -> dict[str, str]:
    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("POM_TESTING", "DATABASE_URL")}
    env.update(
        POM_DATA_DIR=str(data_dir),
        POM_DEBUG="false",
        POM_BENCH_QUERY_COUNT="1",
        POM_ALLOWED_HOSTS=HOST,
        POM_LOG_LEVEL="WARNING",
        # One sign-in per run, but a rerun within the minute must not be locked out.
        POM_LOGIN_RATE="1000/m",
    )
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    if not (env.get("POM_SECRET_KEY") or env.get("POM_SECRET_KEY_FILE")):
        key_file = data_dir / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
        env["POM_SECRET_KEY_FILE"] = str(key_file)
    return env


def pom(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [str(POM), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise BenchError(f"pom {' '.join(args)} failed:\n{result.stderr or result.stdout}")
    return result.stdout


OWNER_LOOKUP = """
from pom.accounts.models import Membership, Organization
org = Organization.objects.filter(slug={slug!r}).first()
owner = org and Membership.objects.for_org(org).filter(role="owner").order_by("id").first()
print("POM_BENCH_OWNER=" + (owner.user.email if owner else ""))
"""


def seeded_owner(env: dict[str, str], slug: str) -> str:
    out = pom(env, "shell", "-c", OWNER_LOOKUP.format(slug=slug), timeout=120)
    for line in out.splitlines():
        if line.startswith("POM_BENCH_OWNER="):
            return line.split("=", 1)[1].strip()
    raise BenchError(f"Could not look up the owner of {slug}:\n{out}")


def prepare(args: argparse.Namespace, env: dict[str, str]) -> tuple[str, str, float | None]:
    """Migrate and seed (unless seeded already); returns the slug, the owner and the seed time."""
    print("Migrating the bench database and collecting static files…", flush=True)
    # A migration may build derived tables of a large database (the delivery rollup): no 10 minutes.
    pom(env, "migrate", "--no-input", timeout=args.seed_timeout)
    # Compressing the static files takes a while the first time; keep it out of server start-up.
    pom(env, "collectstatic", "--no-input", "--verbosity", "0", timeout=600)
    slug = f"bench-{args.teams}"
    owner = seeded_owner(env, slug)
    if owner:
        print(f"Reusing {slug} (seeded earlier; delete {args.data_dir} to start over).", flush=True)
        return slug, owner, None
    print(f"Seeding {slug} with {args.teams} teams (once; later runs reuse it)…", flush=True)
    started = time.monotonic()
    pom(env, "seed", "--teams", str(args.teams), "--org", slug, timeout=args.seed_timeout)
    seconds = time.monotonic() - started
    owner = seeded_owner(env, slug)
    if not owner:
        raise BenchError(f"pom seed finished but {slug} has no owner")
    return slug, owner, seconds


# --- The server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(env: dict[str, str], port: int, workers: int, log_path: Path) -> Iterator[None]:
    """``pom serve`` on loopback for the duration of the block; always stopped afterwards."""
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                str(POM),
                "serve",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(workers),
                "--no-collectstatic",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the workers stop with it
        )
        try:
            wait_until_up(process, port, log_path)
            yield
        finally:
            stop(process)


def wait_until_up(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"pom serve exited early; see {log_path}:\n{log_path.read_text()}")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        time.sleep(0.25)
    raise BenchError(f"pom serve did not answer on port {port} within 120 s; see {log_path}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


# --- HTTP as the owner --------------------------------------------------------------------------


class Session:
    """One keep-alive connection to the server, with the browser cookies and the API token."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self,
        method: str,
        path: str,
        *,
        kind: str = "page",
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[http.client.HTTPResponse, bytes]:
        # A target's lookup may carry words ("?q=Generated metric 00001"): send them encoded.
        path = quote(path, safe="/?&=%:+,;@!$'()*~#")
        all_headers = {"Host": HOST, **(headers or {})}
        if kind == "api" and self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        elif self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=all_headers)
                response = self.conn.getresponse()
                content = response.read()
            except (http.client.HTTPException, ConnectionError):
                # The server may close an idle keep-alive connection; retry once on a fresh one.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response, content
        raise AssertionError("unreachable")

    def sign_in(self, email: str, password: str) -> None:
        self.request("GET", "/accounts/login/")
        form = {
            "username": email,
            "password": password,
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
        }
        response, _ = self.request(
            "POST",
            "/accounts/login/",
            body=urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            raise BenchError(f"Could not sign in as {email} (HTTP {response.status})")

    def create_token(self) -> None:
        body = json.dumps(
            {"name": f"bench {datetime.now(UTC):%Y-%m-%d %H:%M}", "expires_in_days": 1}
        )
        response, content = self.request(
            "POST",
            "/api/v1/tokens",
            body=body.encode(),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
            },
        )
        if response.status != 201:
            raise BenchError(f"Could not create an API token (HTTP {response.status}): {content!r}")
        self.token = json.loads(content)["token"]

    def get_json(self, path: str) -> Any:
        response, content = self.request("GET", path, kind="api")
        if response.status != 200:
            raise BenchError(f"GET {path} answered {response.status}: {content[:200]!r}")
        return json.loads(content)


# --- Measuring ----------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    kind: str
    path: str
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    p50_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    queries: int | None = None
    queries_max: int | None = None
    bytes: int | None = None
    error: str = ""


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the value below which ``fraction`` of the samples fall."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def measure(
    session: Session, target: Target, state: BenchState, args: argparse.Namespace
) -> Result:
    try:
        path = target.resolve(state)
    except Exception as exc:  # a target whose lookup fails is reported, not fatal
        return Result(target.name, target.kind, "?", error=f"path: {exc}")
    result = Result(target.name, target.kind, path)
    latencies: list[float] = []
    queries: list[int] = []
    deadline = time.monotonic() + args.target_seconds
    for n in range(args.warmup + args.requests):
        if time.monotonic() > deadline:
            result.error = f"stopped after {args.target_seconds:.0f} s"
            break
        started = time.perf_counter()
        try:
            response, content = session.request("GET", path, kind=target.kind)
        except (OSError, http.client.HTTPException) as exc:
            result.error = f"{type(exc).__name__}: {exc}"
            break
        elapsed = (time.perf_counter() - started) * 1000
        if n < args.warmup:
            continue
        result.statuses[str(response.status)] = result.statuses.get(str(response.status), 0) + 1
        latencies.append(elapsed)
        if response.headers.get("X-Pom-Queries"):
            queries.append(int(response.headers["X-Pom-Queries"]))
        result.bytes = len(content)
    result.requests = len(latencies)
    if latencies:
        result.p50_ms = round(percentile(latencies, 0.50), 1)
        result.p95_ms = round(percentile(latencies, 0.95), 1)
        result.max_ms = round(max(latencies), 1)
    if queries:
        result.queries = int(statistics.median_low(queries))
        result.queries_max = max(queries)
    if set(result.statuses) - {"200"} and not result.error:
        result.error = "non-200 responses"
    return result


def table(results: list[Result]) -> str:
    head = ("target", "kind", "n", "status", "p50 ms", "p95 ms", "max ms", "queries", "KB")
    rows = [head]
    for r in results:
        queries = "" if r.queries is None else str(r.queries)
        if r.queries_max is not None and r.queries_max != r.queries:
            queries += f" (≤{r.queries_max})"
        rows.append(
            (
                r.name,
                r.kind,
                str(r.requests),
                ",".join(f"{s}×{c}" if len(r.statuses) > 1 else s for s, c in r.statuses.items())
                or r.error,
                "" if r.p50_ms is None else f"{r.p50_ms:.1f}",
                "" if r.p95_ms is None else f"{r.p95_ms:.1f}",
                "" if r.max_ms is None else f"{r.max_ms:.1f}",
                queries,
                "" if r.bytes is None else f"{r.bytes / 1024:.1f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for i, row in enumerate(rows):
        cells = [
            c.ljust(w) if j < 2 else c.rjust(w)
            for j, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- Main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--teams", type=int, default=1000, help="size of the seeded organization")
    parser.add_argument("--requests", type=int, default=30, help="measured requests per target")
    parser.add_argument(
        "--warmup", type=int, default=3, help="unmeasured requests per target first"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument(
        "--data-dir", default=str(ROOT / "var" / "bench"), help="the bench's own data dir"
    )
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    parser.add_argument("--timeout", type=float, default=30, help="seconds allowed per request")
    parser.add_argument("--target-seconds", type=float, default=120, help="time budget per target")
    parser.add_argument(
        "--seed-timeout", type=float, default=3600, help="seconds allowed for seeding"
    )
    parser.add_argument(
        "--only",
        default="",
        help="measure only targets whose name contains one of these comma-separated words "
        "(e.g. 'transformation,demo')",
    )
    parser.add_argument("--results", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args(argv)
    if args.teams < 1 or args.requests < 1 or args.warmup < 0:
        parser.error("--teams and --requests must be at least 1, --warmup at least 0")
    return args


def selected(targets: list[Target], only: str) -> list[Target]:
    """The targets whose name contains any of the comma-separated words of ``only`` (all if empty)."""
    words = [w.strip().lower() for w in only.split(",") if w.strip()]
    return [t for t in targets if not words or any(w in t.name.lower() for w in words)]


def interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Ctrl+C, `timeout` and `kill` all unwind through the `server` block, which stops the server
    # (a background job may even have SIGINT ignored; take it back).
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupted)
    if not POM.exists():
        print(f"bench: {POM} not found; run 'make install-dev' first.", file=sys.stderr)
        return 2
    env = bench_env(args)
    try:
        slug, owner, seed_seconds = prepare(args, env)
        port = free_port()
        log_path = Path(args.data_dir) / "server.log"
        targets = selected(TARGETS, args.only)
        if not targets:
            raise BenchError(f"No target's name contains any of: {args.only}")
        print(
            f"Serving on http://{HOST}:{port}/ ({args.workers} workers; log: {log_path})…",
            flush=True,
        )
        with server(env, port, args.workers, log_path):
            session = Session(port, args.timeout)
            session.sign_in(owner, SEED_PASSWORD)
            session.create_token()
            state = BenchState(
                teams=args.teams, org_slug=slug, owner_email=owner, get_json=session.get_json
            )
            results = []
            for target in targets:
                print(f"  {target.name}…", end="", flush=True)
                result = measure(session, target, state, args)
                print(f" {result.p50_ms} ms" if result.p50_ms is not None else f" {result.error}")
                results.append(result)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        print(f"\nbench: interrupted ({exc}); the server was stopped.", file=sys.stderr)
        return 130

    database = "PostgreSQL" if args.database_url else "SQLite"
    print()
    print(
        f"pom bench — {slug}: {args.teams} teams, {database}, {args.workers} workers, "
        f"{args.requests} requests per target after {args.warmup} warm-up"
    )
    print(table(results))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = Path(args.results) / f"{stamp}-teams{args.teams}-{database.lower()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "when": stamp,
                "teams": args.teams,
                "organization": slug,
                "database": database,
                "workers": args.workers,
                "requests": args.requests,
                "warmup": args.warmup,
                "seed_seconds": seed_seconds,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "results": [asdict(r) for r in results],
            },
            indent=2,
        )
    )
    print(f"\nWrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
