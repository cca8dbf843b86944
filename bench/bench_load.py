"""Load benchmark: many people using pom at once, against the production server on loopback.

    .venv/bin/python bench/bench_load.py                      # 50 users for 5 minutes, SQLite
    .venv/bin/python bench/bench_load.py --users 20 --duration 60
    .venv/bin/python bench/bench_load.py --database-url postgres://postgres@127.0.0.1:5432/pom_bench

It needs locust, which is not installed with the test tools: ``.tools/bin/uv sync --group bench``.

It reuses ``bench/run.py``'s bench database (``var/bench/``, seeded with ``pom seed --teams N``
once), starts ``pom serve`` (gunicorn, two workers) on a free loopback port, and lets locust
(https://locust.io) run simulated people, each signed in as a different seeded person:

- **team members** (most of the users): open the home, their team, an outcome of their team, the
  discovery overview and the touchpoints list; record a check-in on their team's outcome and log a
  customer touchpoint (through the API, with their browser session and CSRF token, as the pages'
  scripts do);
- **API clients** (one user in five): a script with the owner's token reading the outcomes,
  teams, insights and delivery figures lists.

Each waits 1–3 s between actions, as a person would. Any answer but 2xx/3xx is an error — "database
is locked" (a 500) included. It prints throughput, p50/p95 per action and overall, and the errors,
and writes them to ``bench/results/<time>-load-<database>.json``. The goal (issue 15): zero errors,
p95 within twice the page budget (200 ms).
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import UTC, date, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    HOST,
    SEED_PASSWORD,
    BenchError,
    Session,
    bench_env,
    free_port,
    pom,
    prepare,
    server,
)

# The people the users sign in as: seeded members of teams that own a committed outcome.
PEOPLE = """
import json
from pom.accounts.models import Membership, Organization
from pom.strategy.models import Outcome
from pom.teams.models import TeamMember
org = Organization.objects.get(slug={slug!r})
owned = {{}}
for o in Outcome.objects.for_org(org).filter(status="committed", owner_team__isnull=False).order_by("id"):
    owned.setdefault(o.owner_team_id, o.pk)
rows = (
    TeamMember.objects.for_org(org)
    .filter(team_id__in=list(owned), person__user__isnull=False, team__archived_at__isnull=True)
    .select_related("person__user", "team").order_by("team_id", "id")
)
seen, people = set(), []
for tm in rows:
    if tm.team_id in seen or tm.person.user_id in {{p["user"] for p in people}}:
        continue
    seen.add(tm.team_id)
    people.append(dict(email=tm.person.user.email, user=tm.person.user_id, team=tm.team_id,
                       slug=tm.team.slug, outcome=owned[tm.team_id]))
    if len(people) >= {count}:
        break
print("POM_PEOPLE=" + json.dumps(people))
"""


def seeded_people(env: dict[str, str], slug: str, count: int) -> list[dict[str, Any]]:
    out = pom(env, "shell", "-c", PEOPLE.format(slug=slug, count=count), timeout=300)
    for line in out.splitlines():
        if line.startswith("POM_PEOPLE="):
            people: list[dict[str, Any]] = json.loads(line.split("=", 1)[1])
            if people:
                return people
    raise BenchError(f"No seeded team members with an outcome in {slug}:\n{out}")


class Pool:
    """What the simulated users share: the people to be, and the owner's API token."""

    people: list[dict[str, Any]] = []
    token = ""
    taken = 0

    @classmethod
    def next_person(cls) -> dict[str, Any]:
        person = cls.people[cls.taken % len(cls.people)]
        cls.taken += 1
        return person


def _ok(response: Any) -> None:
    if not 200 <= response.status_code < 400:
        response.failure(f"HTTP {response.status_code}: {response.text[:120]}")


class TeamMember(HttpUser):
    weight = 4
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.me = Pool.next_person()
        page = self.client.get("/accounts/login/", name="sign in")
        token = self.client.cookies.get("csrftoken", "")
        if not token:
            found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            token = found.group(1) if found else ""
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.me["email"],
                "password": SEED_PASSWORD,
                "csrfmiddlewaretoken": token,
            },
            allow_redirects=False,
            name="sign in",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"could not sign in as {self.me['email']}")

    def _csrf(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def _get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            _ok(response)

    @task(5)
    def home(self) -> None:
        self._get("/", "page: home")

    @task(4)
    def team(self) -> None:
        self._get(f"/teams/{self.me['slug']}/", "page: team")

    @task(3)
    def outcome(self) -> None:
        self._get(f"/strategy/outcomes/{self.me['outcome']}/", "page: outcome")

    @task(2)
    def discovery(self) -> None:
        self._get(f"/discovery/teams/{self.me['team']}/", "page: team discovery")

    @task(2)
    def touchpoints(self) -> None:
        self._get("/discovery/touchpoints/", "page: touchpoints")

    @task(2)
    def check_in(self) -> None:
        body = {
            "value": round(random.uniform(10, 90), 1),
            "confidence": random.randint(3, 8),
            "commentary": "Weekly check-in from the load benchmark.",
        }
        with self.client.post(
            f"/api/v1/strategy/outcomes/{self.me['outcome']}/check-ins",
            json=body,
            headers=self._csrf(),
            name="write: check-in",
            catch_response=True,
        ) as response:
            _ok(response)

    @task(1)
    def touchpoint(self) -> None:
        body = {
            "team_id": self.me["team"],
            "happened_on": date.today().isoformat(),  # noqa: DTZ011 — the server's day is fine
            "kind": "interview",
            "customer_name": f"Customer {random.randint(1, 10_000)}",
            "summary": "Talked through how they reorder supplies.",
            "insights": [{"kind": "quote", "text": "I redo the same order every week."}],
        }
        with self.client.post(
            "/api/v1/discovery/touchpoints",
            json=body,
            headers=self._csrf(),
            name="write: touchpoint",
            catch_response=True,
        ) as response:
            _ok(response)


class ApiClient(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def _get(self, path: str) -> None:
        headers = {"Authorization": f"Bearer {Pool.token}"}
        with self.client.get(
            path, headers=headers, name=f"api: {path.split('?')[0]}", catch_response=True
        ) as response:
            _ok(response)

    @task
    def outcomes(self) -> None:
        self._get("/api/v1/strategy/outcomes")

    @task
    def teams(self) -> None:
        self._get("/api/v1/teams")

    @task
    def insights(self) -> None:
        self._get("/api/v1/discovery/insights")

    @task
    def figures(self) -> None:
        self._get("/api/v1/delivery/figures")


def run_load(port: int, args: argparse.Namespace) -> dict[str, Any]:
    env = Environment(user_classes=[TeamMember, ApiClient], host=f"http://{HOST}:{port}")
    errors: list[str] = []

    @events.request.add_listener
    def _record(exception: Any = None, name: str = "", **kwargs: Any) -> None:
        if exception is not None and len(errors) < 50:
            errors.append(f"{name}: {exception}")

    runner = env.create_local_runner()
    runner.start(args.users, spawn_rate=args.spawn_rate)
    started = time.monotonic()
    while time.monotonic() - started < args.duration:
        gevent.sleep(min(15, args.duration - (time.monotonic() - started)))
        total = env.stats.total
        print(
            f"  {time.monotonic() - started:5.0f} s: {total.num_requests} requests, "
            f"{total.num_failures} errors, p95 {total.get_response_time_percentile(0.95):.0f} ms",
            flush=True,
        )
    runner.quit()
    seconds = time.monotonic() - started
    rows = []
    for entry in sorted(env.stats.entries.values(), key=lambda e: e.name):
        rows.append(
            {
                "name": entry.name,
                "method": entry.method,
                "requests": entry.num_requests,
                "errors": entry.num_failures,
                "p50_ms": entry.get_response_time_percentile(0.5),
                "p95_ms": entry.get_response_time_percentile(0.95),
                "max_ms": round(entry.max_response_time or 0, 1),
            }
        )
    total = env.stats.total
    return {
        "seconds": round(seconds, 1),
        "requests": total.num_requests,
        "errors": total.num_failures,
        "throughput_rps": round(total.num_requests / seconds, 1) if seconds else 0,
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "actions": rows,
        "error_samples": errors[:20]
        + [f"{k}: {v.occurrences}" for k, v in env.stats.errors.items()][:20],
    }


def print_report(report: dict[str, Any]) -> None:
    print(f"\n{'action':36} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for row in report["actions"]:
        print(
            f"{row['method'] + ' ' + row['name']:36} {row['requests']:>9} {row['errors']:>7} "
            f"{row['p50_ms']:>8.0f} {row['p95_ms']:>8.0f}"
        )
    print(
        f"\n{report['requests']} requests in {report['seconds']} s = {report['throughput_rps']}/s, "
        f"{report['errors']} errors, p50 {report['p50_ms']:.0f} ms, p95 {report['p95_ms']:.0f} ms"
    )
    for line in report["error_samples"]:
        print(f"  error: {line}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=1000, help="size of the seeded organization")
    parser.add_argument("--users", type=int, default=50, help="simulated people at once")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--duration", type=float, default=300, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--database-url", default="", help="bench PostgreSQL instead of SQLite")
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--seed-timeout", type=float, default=3600)
    parser.add_argument("--results", default=str(ROOT / "bench" / "results"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = bench_env(args)
    slug, owner, _ = prepare(args, env)
    people = seeded_people(env, slug, args.users)
    Pool.people = people
    port = free_port()
    log = Path(args.data_dir) / "server-load.log"
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{args.users} users for {args.duration:.0f} s against {database}, {len(people)} people")
    with server(env, port, args.workers, log):
        owner_session = Session(port, timeout=30)
        owner_session.sign_in(owner, SEED_PASSWORD)
        owner_session.create_token()
        Pool.token = owner_session.token
        report = run_load(port, args)
    print_report(report)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = Path(args.results) / f"{stamp}-load-{database.lower()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "teams": args.teams,
        "users": args.users,
        "database": database,
        "workers": args.workers,
        "machine": platform.platform(),
        "load_average": list(__import__("os").getloadavg()),
    }
    out.write_text(json.dumps({**meta, **report}, indent=2))
    print(f"Wrote {out}")
    return 0 if report["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
