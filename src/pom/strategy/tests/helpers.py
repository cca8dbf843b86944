"""Strategy test data, built through the services the way people build it in the product."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from pom.strategy import services
from pom.strategy.models import Comment, Cycle, FundingAllocation, Outcome, Project, StrategicBet
from pom.teams import services as team_services
from pom.teams.models import Team
from pom.teams.tests.helpers import Acme, acme


def today() -> date:
    return timezone.localdate()


CLEAR_OUTCOME: dict[str, Any] = {
    "title": "New SMB workspaces invite a teammate within 7 days",
    "level": "team",
    "metric_name": "share of new workspaces inviting a teammate within 7 days",
    "metric_unit": "%",
    "segment": "self-serve SMB workspaces",
    "direction": "increase",
    "baseline_value": 31,
    "target_value": 40,
    "guardrails": [
        {"metric": "support tickets per 1,000 workspaces", "comparison": "at_most", "limit": 12}
    ],
    "tradeoffs": "Enterprise onboarding requests wait a quarter.",
}


def clear_outcome(**overrides: Any) -> dict[str, Any]:
    return {
        **CLEAR_OUTCOME,
        "baseline_date": today() - timedelta(days=40),
        "deadline": today() + timedelta(days=50),
        **overrides,
    }


@dataclass
class Plan:
    acme: Acme
    search: Team
    bet: StrategicBet
    cycle: Cycle
    business: Outcome
    outcome: Outcome  # owned by Checkout, bob's team; committed in ``cycle``
    other: Outcome  # owned by Search, a team bob is not on
    project: Project
    funding: FundingAllocation
    comment: Comment


def plan(world: Any) -> Plan:
    leader = world.membership("leader")
    teams = acme(world)
    search = team_services.create_team(leader, name="Search", mission="People find what they need")
    services.save_vision(
        leader,
        statement="Every small business runs its back office from its phone.",
        horizon="2030",
    )
    bet = services.create_bet(
        leader,
        title="Win self-serve SMBs in Europe",
        insight="SMBs churn from tools that need a consultant to set up.",
        tradeoffs="No custom enterprise work this year.",
        rank=1,
    )
    cycle = services.create_cycle(
        leader,
        name="This quarter",
        start=today() - timedelta(days=30),
        end=today() + timedelta(days=60),
    )
    business = services.create_outcome(
        leader,
        **clear_outcome(
            title="SMB net revenue retention reaches 105%",
            level="business",
            metric_name="net revenue retention",
            baseline_value=98,
            target_value=105,
        ),
        bet=bet,
    )
    outcome = services.create_outcome(
        leader, **clear_outcome(), parent=business, bet=bet, owner_team=teams.team
    )
    services.commit_outcome(leader, outcome, team=teams.team, cycle=cycle)
    services.record_check_in(
        leader,
        outcome,
        value=33,
        confidence=6,
        date=today() - timedelta(days=7),
        commentary="Invite nudge helps",
    )
    other = services.create_outcome(
        leader,
        **clear_outcome(
            title="Searchers find a product in 2 queries or fewer",
            direction="decrease",
            baseline_value=4,
            target_value=2,
        ),
        owner_team=search,
    )
    project = services.create_project(
        leader,
        name="EU accessibility act",
        reason="regulatory",
        start=today(),
        end=today() + timedelta(days=90),
        budget=50000,
    )
    funding = services.allocate_funding(
        leader, cycle=cycle, team=teams.team, amount=120000, headcount=6
    )
    comment = services.add_comment(
        world.membership("stakeholder"), body="Does this include the mobile app?", outcome=outcome
    )
    return Plan(teams, search, bet, cycle, business, outcome, other, project, funding, comment)


def bulk_strategy(world: Any, p: Plan, outcomes: int = 600) -> None:
    """Hundreds of outcomes, commitments, check-ins and allocations in org A, so an N+1 would show."""
    from pom.strategy.models import CheckIn, OutcomeCommitment
    from pom.teams.tests.helpers import bulk_org

    org = world.org_a
    bulk_org(org, teams=60, per_team=2)
    teams = list(Team.objects.for_org(org).order_by("id"))
    parents = Outcome.objects.bulk_create(
        [
            Outcome(
                organization=org,
                title=f"Product outcome {i}",
                level="product",
                parent=p.business,
                bet=p.bet,
                **_numbers(),
            )
            for i in range(20)
        ]
    )
    parents = list(Outcome.objects.for_org(org).filter(level="product").order_by("id"))
    Outcome.objects.bulk_create(
        [
            Outcome(
                organization=org,
                title=f"Team outcome {i:04d}",
                level="team",
                parent=parents[i % len(parents)] if i % 10 else p.outcome,
                owner_team=teams[i % len(teams)],
                status="committed",
                **_numbers(),
            )
            for i in range(outcomes)
        ],
        batch_size=500,
    )
    rows = list(
        Outcome.objects.for_org(org).filter(title__startswith="Team outcome").order_by("id")
    )
    OutcomeCommitment.objects.bulk_create(
        [
            OutcomeCommitment(organization=org, outcome=o, team=o.owner_team, cycle=p.cycle)
            for o in rows[: len(teams) * 2]
        ]
    )
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                organization=org,
                outcome=p.outcome,
                date=today() - timedelta(days=7 * w + 8),
                value=31 + w % 5,
                confidence=w % 11,
            )
            for w in range(80)
        ]
    )
    FundingAllocation.objects.bulk_create(
        [FundingAllocation(organization=org, cycle=p.cycle, team=t, amount=100000) for t in teams]
        + [
            FundingAllocation(organization=org, cycle=p.cycle, outcome=o, headcount=1)
            for o in rows[:40]
        ]
    )


def _numbers() -> dict[str, Any]:
    return {
        "metric_name": "weekly active workspaces",
        "segment": "SMB workspaces",
        "direction": "increase",
        "baseline_value": 10,
        "baseline_date": today() - timedelta(days=30),
        "target_value": 20,
        "deadline": today() + timedelta(days=60),
        "current_value": 12,
    }
