"""The discovery seeder: weekly and lapsed teams, deep trees, every kind of input, both kinds of decision."""

from __future__ import annotations

import random
from typing import Any

from pom.accounts.models import Membership, Role
from pom.core.seeding import SeedContext, run_seeders
from pom.discovery import queries
from pom.discovery.models import (
    Decision,
    InputKind,
    Opportunity,
    Solution,
    StakeholderInput,
)


def test_seed_builds_a_realistic_discovery_practice(world: Any) -> None:
    org = world.org_b
    ctx = run_seeders(SeedContext(organization=org, teams=5, rng=random.Random(3)))
    owner = Membership.objects.for_org(org).filter(role=Role.OWNER).first()
    overview = queries.teams_overview(owner)
    streaks = sorted(row["cadence"].streak for row in overview)
    assert streaks[-1] >= 12 and streaks[0] == 0  # some teams weekly, some lapsed
    opps = Opportunity.objects.for_org(org)
    assert opps.filter(parent__parent__parent__isnull=False).exists()  # four levels deep
    assert opps.filter(targeted=True).exists()
    assert {i.kind for i in StakeholderInput.objects.for_org(org)} == set(InputKind.values)
    assert {d.kind for d in Decision.objects.for_org(org)} == {"team", "leadership"}
    decisions = Decision.objects.for_org(org)
    assert {"accepted", "proposed", "superseded"} <= {d.status for d in decisions}
    assert decisions.filter(status="superseded", superseded_by__isnull=False).exists()
    assert decisions.filter(revisit_on__isnull=False).exists()
    assert decisions.filter(principles__isnull=False).exists()
    assert Solution.objects.for_org(org).filter(opportunity__isnull=True).exists()
    assert queries.insights_for(owner, query="spreadsheet").exists()
    assert ctx.made["insights"] > 50
