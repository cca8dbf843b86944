"""Test data for delivery: team Checkout (bob is on it), a chain bet → outcome → opportunity →
solution grown through the services, and releases logged through ``services.log_release``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from pom.delivery import services
from pom.delivery.models import Release
from pom.discovery import services as discovery
from pom.discovery.models import Solution
from pom.discovery.tests import helpers as dh
from pom.strategy import services as strategy
from pom.strategy.models import Outcome, StrategicBet

team = dh.team


def bob(world: Any) -> Any:
    return world.membership("member")


def ago(days: float = 0, hours: float = 0) -> datetime:
    return timezone.now() - timedelta(days=days, hours=hours)


def bet(world: Any, title: str = "Win repeat buyers") -> StrategicBet:
    found = StrategicBet.objects.for_org(world.org_a).filter(title=title).first()
    return found or strategy.create_bet(
        world.membership("leader"), title=title, tradeoffs="No new markets this year."
    )


def outcome(world: Any, title: str = "More repeat buyers", with_bet: bool = True) -> Outcome:
    found = Outcome.objects.for_org(world.org_a).filter(title=title).first()
    if found:
        return found
    return Outcome.objects.create(
        organization=world.org_a,
        title=title,
        owner_team=team(world),
        bet=bet(world) if with_bet else None,
    )


def solution(
    world: Any, title: str = "One-click reorder", outcome_title: str = "More repeat buyers"
) -> Solution:
    opp = discovery.create_opportunity(
        bob(world), outcome=outcome(world, outcome_title), title=f"I can't do it quickly ({title})"
    )
    return discovery.create_solution(bob(world), opportunity=opp, title=title)


def release(world: Any, title: str = "Reorder button on web", **kwargs: Any) -> Release:
    args: dict[str, Any] = {"team": team(world), "shipped_at": ago(1), "solutions": []} | kwargs
    return services.log_release(bob(world), title=title, **args)


def source(world: Any, kind: str = "webhook", name: str = "Shop pipeline") -> Any:
    """A source made by leo (leader); the secret is on ``source.plain_secret`` for the tests."""
    from pom.delivery.models import IngestSource

    found = IngestSource.objects.for_org(world.org_a).filter(name=name).first()
    if found:
        found.plain_secret = found.secret
        return found
    made, secret = services.create_source(
        world.membership("leader"), name=name, kind=kind, team=team(world)
    )
    made.plain_secret = secret
    return made


def repository(world: Any, url: str = "https://github.com/acme/shop") -> Any:
    """A repository, recorded the way the pipeline records it: by a deployment that names it."""
    from pom.delivery.models import Repository
    from pom.delivery.services import records

    src = source(world)
    name = records.normalize_repository(url)
    records.store_deployments(
        src,
        [
            records.DeploymentRecord(
                external_id=f"seed-{name}",
                repository=url,
                finished_at=ago(1),
                commit_shas=[("", "abc")],
            )
        ],
    )
    return Repository.objects.for_org(world.org_a).get(name=name)


def bound_series(
    world: Any, values: list[float], *, days_ago: int, outcome_title: str = "More repeat buyers"
) -> Any:
    """Bind ``outcome_title`` to a daily metric whose values are ``values``, the first ``days_ago``
    days before today — written as a CSV table of a file source and refreshed through the metrics
    services, as a real metric would be. Needs the ``metrics_dir`` fixture."""
    import csv
    from datetime import timedelta

    from pom.core.validation import today
    from pom.metrics import services as metrics
    from pom.metrics.tests.helpers import world_dir

    leader = world.membership("leader")
    source = metrics.create_source(leader, name=f"Numbers for {outcome_title}", kind="duckdb")
    path = world_dir() / f"daily_{source.pk}.csv"
    first = today() - timedelta(days=days_ago)
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["day", "value"])
        for i, v in enumerate(values):
            writer.writerow([(first + timedelta(days=i)).isoformat(), v])
    metrics.add_table(leader, source, name="daily", path=str(path))
    metric = metrics.create_metric(
        leader,
        name=f"{outcome_title} (daily)",
        source=source.pk,
        definition="spec",
        grain="day",
        spec={"table": "daily", "timestamp_column": "day", "aggregation": "sum", "column": "value"},
    )
    metrics.refresh_now(leader, metric)
    metrics.bind_metric(leader, outcome(world, outcome_title), metric=metric)
    return metric


def stepped(before: int = 28, after: int = 28, low: float = 100, high: float = 112) -> list[float]:
    """``before`` days around ``low``, the release day, then ``after`` days around ``high``."""
    wobble = [0.8, -0.5, 0.3, -0.9, 0.6, -0.2, 0.1]
    return [
        *(low + wobble[i % 7] for i in range(before)),
        low,
        *(high + wobble[(i + 3) % 7] for i in range(after)),
    ]
