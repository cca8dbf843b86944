"""Demos for ``pom seed`` and ``pom demo``, made through the services the way a team makes them.

Runs after the strategy, discovery and experiments seeders, on what they made. The organization
gets a portfolio review held before the demos' changes and a second one being prepared after
some outcomes lost confidence, so "what changed since the last review" has news. For the first few teams: a demo held four weeks ago
(its content frozen), one move in the opportunity tree and two releases since (one behind a flag
for a solution, one serving no outcome), and the demo being prepared for the time since, with a
narrative on top.
"""

from __future__ import annotations

from datetime import timedelta

from pom.accounts.models import Membership, Role
from pom.core.seeding import SeedContext
from pom.culture import learnings, reviews, services
from pom.culture.models import RitualCadence, RitualKind, RitualLog
from pom.delivery import services as delivery
from pom.discovery import services as discovery
from pom.discovery.models import Opportunity, Solution, SolutionStatus, Stage
from pom.experiments.models import AssumptionTest, TestStatus
from pom.strategy import services as strategy
from pom.strategy.models import Outcome, OutcomeStatus
from pom.teams.models import Team

TEAMS_WITH_DEMOS = 12

NARRATIVES = [
    "We spent these two weeks on why repeat buyers stall at checkout. Interviews pointed at "
    "saved payment details; the A/B test on one-click reorder is the first real read.",
    "Fewer new ideas this period, more evidence: we narrowed the tree to one opportunity and "
    "killed a solution that customers did not miss.",
    "The outcome moved a little; our confidence moved more. Here is what changed our mind.",
]


def seed_culture(ctx: SeedContext) -> None:
    org = ctx.organization
    owner = (
        Membership.objects.for_org(org)
        .filter(role=Role.OWNER)
        .select_related("user", "organization")
        .order_by("id")
        .first()
    )
    if owner is None:
        return
    teams = list(
        Team.objects.for_org(org).filter(archived_at__isnull=True).order_by("id")[:TEAMS_WITH_DEMOS]
    )
    today = ctx.now.date()
    first_review = reviews.hold_review(owner, reviews.start_review(owner))
    for i, team in enumerate(teams):
        held = services.create_demo(
            owner,
            team=team,
            period_start=today - timedelta(days=41),
            period_end=today - timedelta(days=28),
            narrative=NARRATIVES[(i + 1) % len(NARRATIVES)],
        )
        services.hold_demo(owner, held)
        _move_tree(owner, team)
        _ship(owner, team, ctx)
        _learn(owner, team)
        services.create_demo(owner, team=team, narrative=NARRATIVES[i % len(NARRATIVES)])
    _lose_confidence(owner)
    reviews.start_review(owner, notes="Start with the outcomes whose confidence fell.")
    _rituals(ctx, owner)
    ctx.made["demos"] = len(teams) * 2
    ctx.made["reviews"] = [first_review.pk]


# The cadences teams keep: (demo, check-in, retro) every N weeks, by how disciplined the team is.
CADENCES = [(2, 1, 2), (2, 2, 2), (3, 2, 4), (4, 4, 4)]


def _rituals(ctx: SeedContext, owner: Membership) -> None:
    """Every active team keeps a demo, check-in and retro cadence; most log their retros; the
    leaders hold the portfolio review every six weeks. Some teams let a ritual slip, so the
    calendar and the home have overdue rows to show."""
    org, rng, today = ctx.organization, ctx.rng, ctx.now.date()
    teams = list(Team.objects.for_org(org).filter(archived_at__isnull=True).order_by("id"))
    cadences = [
        RitualCadence(organization=org, kind=RitualKind.REVIEW, every_weeks=6, starts_on=today)
    ]
    logs = []
    for team in teams:
        weeks = dict(
            zip(
                (RitualKind.DEMO, RitualKind.CHECK_IN, RitualKind.RETRO),
                rng.choice(CADENCES),
                strict=True,
            )
        )
        starts = today - timedelta(days=rng.randint(7, 120))
        cadences += [
            RitualCadence(
                organization=org, team=team, kind=kind, every_weeks=every, starts_on=starts
            )
            for kind, every in weeks.items()
        ]
        if rng.random() < 0.7:  # the rest keep no record of their retros: shown as overdue
            held = today - timedelta(days=rng.randint(1, 7 * weeks[RitualKind.RETRO] + 10))
            logs.append(
                RitualLog(
                    organization=org,
                    team=team,
                    held_on=held,
                    logged_by=owner.user,
                    note="What went well, what to try next sprint.",
                )
            )
    RitualCadence.objects.bulk_create(cadences)
    RitualLog.objects.bulk_create(logs)


def _lose_confidence(owner: Membership) -> None:
    """A few teams grow less confident after the first review, so the next one has news."""
    falling = (
        Outcome.objects.for_member(owner)
        .filter(status=OutcomeStatus.COMMITTED, last_confidence__gte=5, current_value__isnull=False)
        .order_by("id")[:3]
    )
    for outcome in falling:
        strategy.record_check_in(
            owner,
            outcome,
            value=outcome.current_value,
            confidence=(outcome.last_confidence or 5) - 3,
            blockers="Waiting on another team's API",
        )


def _move_tree(owner: Membership, team: Team) -> None:
    """Bring one waiting opportunity into Now, as a team does when its focus shifts."""
    waiting = (
        Opportunity.objects.for_member(owner)
        .filter(team_id=team.pk, stage__in=[Stage.NEXT, Stage.IDENTIFIED])
        .order_by("id")
        .first()
    )
    if waiting is not None:
        discovery.update_opportunity(owner, waiting, stage=Stage.NOW)


def _learn(owner: Membership, team: Team) -> None:
    """The team writes down what its latest concluded test taught (the entry it proposes)."""
    test = (
        AssumptionTest.objects.for_member(owner)
        .filter(team_id=team.pk, status=TestStatus.CONCLUDED)
        .exclude(learnings="")
        .order_by("-concluded_at", "-id")
        .first()
    )
    if test is not None:
        learnings.record_learning(
            owner, **learnings.proposal_from_test(test) | {"tags": "experiments"}
        )


def _ship(owner: Membership, team: Team, ctx: SeedContext) -> None:
    """A release behind a flag for one of the team's solutions, and one serving no outcome."""
    solution = (
        Solution.objects.for_member(owner)
        .filter(team_id=team.pk, opportunity__isnull=False)
        .exclude(status=SolutionStatus.DISCARDED)
        .order_by("id")
        .first()
    )
    if solution is not None:
        delivery.log_release(
            owner,
            team=team,
            title=f"{solution.title} to 10% of customers"[:200],
            shipped_at=ctx.now - timedelta(days=3),
            rollout_percent=10,
            flag_key=f"{team.slug}-first-rollout"[:120],
            solutions=[solution],
        )
    delivery.log_release(
        owner, team=team, title="Dependency upgrades", shipped_at=ctx.now - timedelta(days=6)
    )
