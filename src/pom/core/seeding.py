"""The data generator behind ``pom seed`` and ``pom demo``.

Each pillar contributes one seeder; they run in the order of ``SEEDERS`` on one shared
``SeedContext`` so later pillars can build on what earlier ones made (people → teams → outcomes …).
Seeders write with ``bulk_create``: generated data is not a change anybody made, so it does not
flood the audit log, and an enterprise-sized organization takes seconds, not hours.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from pom.accounts.models import Organization
from pom.core.planner import refresh_statistics

SEEDERS: list[str] = [
    "pom.accounts.seed.seed_people",
    "pom.teams.seed.seed_teams",
    "pom.strategy.seed.seed_strategy",
    "pom.discovery.seed.seed_discovery",
    "pom.experiments.seed.seed_experiments",  # after discovery: builds on its solutions
    "pom.delivery.seed.seed_delivery",  # after discovery: releases ship its solutions
    "pom.metrics.seed.seed_metrics",  # after strategy: binds its outcomes and guardrails
    "pom.culture.seed.seed_culture",  # compiles demos from what the pillars above made
    "pom.transformation.seed.seed_transformation",  # last: reads every other pillar
]

SEED_PASSWORD = "pom-seed-password"  # noqa: S105 — a documented password for generated test data


@dataclass
class SeedContext:
    organization: Organization
    teams: int
    rng: random.Random
    now: datetime = field(default_factory=timezone.now)
    # Seeders leave what later seeders need here (e.g. "users", "people", "teams").
    made: dict[str, Any] = field(default_factory=dict)
    owner_email: str = ""


@transaction.atomic
def run_seeders(ctx: SeedContext, only: list[str] | None = None) -> SeedContext:
    for path in SEEDERS:
        if only and not any(path.endswith(name) for name in only):
            continue
        import_string(path)(ctx)
        # The next seeder reads what this one wrote: with the planner still seeing empty tables
        # (PostgreSQL's autovacuum cannot see this transaction's rows) a read of two years of
        # changes plans as nested loops and runs for hours.
        refresh_statistics()
    return ctx
