"""Generated assumptions and assumption tests for ``pom seed`` and ``pom demo``.

Runs after the discovery seeder and builds on its solutions (falling back to a couple of
solutions per team when there are none). Every risk type appears; tests exist in every status;
A/B experiments carry realistic traffic and conversion data, and the first one has a sample
ratio mismatch so the warning can be seen.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType

from pom.core.seeding import SeedContext
from pom.discovery.models import Decision, DecisionKind, Solution
from pom.experiments.models import (
    Assumption,
    AssumptionStatus,
    AssumptionTest,
    ExperimentVariant,
    MetricKind,
    RiskType,
    TestDecision,
    TestMethod,
    TestResult,
    TestStatus,
)
from pom.teams.models import Team

STATEMENTS = {
    RiskType.VALUE: [
        "Customers will use {s} at least once a week",
        "Customers value {s} enough to pay for it",
        "{s} solves a problem customers feel today",
    ],
    RiskType.USABILITY: [
        "Customers find {s} without help",
        "Customers understand what {s} does on first sight",
    ],
    RiskType.FEASIBILITY: [
        "We can build {s} on the current platform in one quarter",
        "{s} responds within 200 ms at peak load",
    ],
    RiskType.VIABILITY: [
        "{s} does not raise support costs",
        "Legal and finance sign off on {s}",
    ],
    RiskType.ETHICAL: ["{s} does not nudge customers into purchases they regret"],
}
NON_AB = [
    TestMethod.PROTOTYPE,
    TestMethod.FAKE_DOOR,
    TestMethod.SURVEY,
    TestMethod.DATA,
    TestMethod.SPIKE,
    TestMethod.CONCIERGE,
]


def _binomial(rng: Any, n: int, p: float) -> int:
    # A normal approximation is plenty for generated traffic of thousands of users.
    value = round(n * p + rng.gauss(0, 1) * math.sqrt(n * p * (1 - p)))
    return max(0, min(n, value))


def _solutions(ctx: SeedContext, teams: list[Team]) -> list[Solution]:
    org = ctx.organization
    # Up to three solutions of each seeded team, so every team gets its assumptions and tests.
    wanted = {t.pk for t in teams}
    found: list[Solution] = []
    per_team: dict[int, int] = {}
    for sol in Solution.objects.for_org(org).only("id", "team_id", "title").order_by("id"):
        if sol.team_id in wanted and per_team.get(sol.team_id, 0) < 3:
            per_team[sol.team_id] = per_team.get(sol.team_id, 0) + 1
            found.append(sol)
    if found:
        return found
    made = Solution.objects.bulk_create(
        [
            Solution(organization=org, team=t, title=f"{t.name}: {idea}")
            for t in teams
            for idea in ("guided setup", "smart defaults")
        ]
    )
    if made and not made[0].pk:
        made = list(Solution.objects.for_org(org).select_related("team").order_by("id"))
    return made


def seed_experiments(ctx: SeedContext) -> None:
    rng, org, today = ctx.rng, ctx.organization, ctx.now.date()
    teams = list(ctx.made.get("teams") or Team.objects.for_org(org).order_by("id"))[
        : max(1, ctx.teams)
    ]
    if not teams:
        return
    solutions = _solutions(ctx, teams)
    by_team: dict[int, list[Solution]] = {}
    for s in solutions:
        by_team.setdefault(s.team_id, []).append(s)

    risk_cycle = list(RiskType)
    assumptions: list[Assumption] = []
    for i, s in enumerate(solutions):
        for j in range(rng.randint(2, 4)):
            risk = risk_cycle[(i + j) % len(risk_cycle)]
            assumptions.append(
                Assumption(
                    organization=org,
                    solution=s,
                    statement=rng.choice(STATEMENTS[risk]).format(s=s.title),
                    risk_type=risk,
                    importance=rng.randint(1, 5),
                    evidence_strength=rng.choice((1, 1, 2, 2, 3, 4, 5)),
                )
            )
    assumptions = Assumption.objects.bulk_create(assumptions, batch_size=1000)
    if assumptions and not assumptions[0].pk:
        assumptions = list(Assumption.objects.for_org(org).order_by("id"))
    by_solution: dict[int, list[Assumption]] = {}
    for a in assumptions:
        by_solution.setdefault(a.solution_id, []).append(a)

    tests: list[AssumptionTest] = []
    links: list[tuple[int, list[Assumption]]] = []
    variant_rows: list[tuple[int, list[dict[str, Any]]]] = []
    for ti, team in enumerate(teams):
        team_solutions = by_team.get(team.pk) or []
        if not team_solutions:
            continue
        plan = [TestStatus.PLANNED, TestStatus.RUNNING, TestStatus.CONCLUDED, TestStatus.CONCLUDED]
        for k, status in enumerate(plan):
            sol = team_solutions[k % len(team_solutions)]
            under_test = by_solution.get(sol.pk, [])[:2]
            ab = k in (1, 2) or (k == 3 and ti % 2 == 0)
            metric = MetricKind.CONTINUOUS if (ab and k == 3) else (MetricKind.BINARY if ab else "")
            start = today - timedelta(
                days=rng.randint(10, 60) if status != TestStatus.PLANNED else -7
            )
            test = AssumptionTest(
                organization=org,
                team=team,
                title=f"{sol.title}: {'A/B test' if ab else rng.choice(['prototype sessions', 'fake door', 'five interviews', 'data pull'])}",
                method=TestMethod.AB if ab else rng.choice(NON_AB),
                hypothesis=f"If we offer {sol.title.lower()}, more customers will complete the journey.",
                success_criterion=(
                    "Conversion up at least 3 % relative, with 95 % confidence"
                    if metric == MetricKind.BINARY
                    else "Revenue per user up with 95 % confidence"
                    if metric
                    else "At least 4 of 6 participants complete the task unaided"
                ),
                metric_name="checkout conversion"
                if metric == MetricKind.BINARY
                else ("revenue per user" if metric else ""),
                metric_kind=metric,
                criterion_threshold=0.03 if metric == MetricKind.BINARY else 0.0,
                sequential=bool(ab and ti % 3 == 1),
                planned_start=start,
                planned_end=start + timedelta(days=21),
                status=status,
                started_at=ctx.now - timedelta(days=(today - start).days)
                if status != TestStatus.PLANNED
                else None,
                concluded_at=ctx.now - timedelta(days=rng.randint(0, 8))
                if status == TestStatus.CONCLUDED
                else None,
            )
            if status == TestStatus.CONCLUDED:
                test.result = rng.choice(list(TestResult))
                test.decision = {
                    TestResult.SUPPORTED: TestDecision.PERSEVERE,
                    TestResult.REFUTED: rng.choice([TestDecision.PIVOT, TestDecision.KILL]),
                    TestResult.INCONCLUSIVE: rng.choice(
                        [TestDecision.PERSEVERE, TestDecision.PIVOT]
                    ),
                }[TestResult(test.result)]
                test.rationale = "The numbers and the interviews point the same way."
                test.learnings = rng.choice(
                    [
                        "Customers care more about speed than about choice.",
                        "The problem is real but rarer than we thought.",
                        "People did not notice the entry point at all.",
                    ]
                )
            tests.append(test)
            links.append((len(tests) - 1, under_test))
            if ab:
                variant_rows.append(
                    (
                        len(tests) - 1,
                        _variants(
                            rng, metric, srm=not variant_rows, planned=status == TestStatus.PLANNED
                        ),
                    )
                )
    tests = AssumptionTest.objects.bulk_create(tests, batch_size=500)
    if tests and not tests[0].pk:
        tests = list(AssumptionTest.objects.for_org(org).order_by("id"))

    through = AssumptionTest.assumptions.through
    through.objects.bulk_create(
        [
            through(assumptiontest_id=tests[i].pk, assumption_id=a.pk)
            for i, group in links
            for a in group
        ],
        batch_size=2000,
    )
    ExperimentVariant.objects.bulk_create(
        [
            ExperimentVariant(organization=org, test=tests[i], position=p, **row)
            for i, rows in variant_rows
            for p, row in enumerate(rows)
        ],
        batch_size=2000,
    )
    _statuses(tests, links)
    _decisions(ctx, tests, links)


def _variants(rng: Any, metric: str, *, srm: bool, planned: bool) -> list[dict[str, Any]]:
    arms = ["Control", "New flow"] + (["New flow + reminder"] if rng.random() < 0.25 else [])
    share = round(1 / len(arms), 4)
    if planned:
        return [{"name": a, "planned_share": share} for a in arms]
    users = rng.randint(4_000, 60_000)
    rows: list[dict[str, Any]] = []
    for k, name in enumerate(arms):
        n = users + rng.randint(-users // 200, users // 200)
        if srm and k == 1:
            n = int(users * 1.07)  # a broken assignment: 7 % more users than planned
        if metric == MetricKind.BINARY:
            base = rng.uniform(0.02, 0.15) if k == 0 else rows[0]["conversions"] / rows[0]["users"]
            rate = base * (1 + (rng.uniform(-0.05, 0.15) if k else 0))
            rows.append(
                {
                    "name": name,
                    "planned_share": share,
                    "users": n,
                    "conversions": _binomial(rng, n, rate),
                }
            )
        else:
            mean = 42.0 * (1 + (rng.uniform(-0.03, 0.08) if k else 0))
            rows.append(
                {
                    "name": name,
                    "planned_share": share,
                    "n": n,
                    "mean": round(mean + rng.gauss(0, 0.3), 3),
                    "sd": round(rng.uniform(30, 45), 3),
                }
            )
    return rows


def _statuses(tests: list[AssumptionTest], links: list[tuple[int, list[Assumption]]]) -> None:
    status_of = {
        TestResult.SUPPORTED: AssumptionStatus.SUPPORTED,
        TestResult.REFUTED: AssumptionStatus.REFUTED,
        TestResult.INCONCLUSIVE: AssumptionStatus.INCONCLUSIVE,
    }
    changed = {}
    for i, group in links:
        t = tests[i]
        for a in group:
            if t.status == TestStatus.RUNNING:
                a.status = AssumptionStatus.TESTING
            elif t.status == TestStatus.CONCLUDED:
                a.status = status_of[TestResult(t.result)]
            else:
                continue
            changed[a.pk] = a
    org_id = tests[0].organization_id if tests else None
    Assumption.objects.for_org(org_id or 0).bulk_update(
        list(changed.values()), ["status"], batch_size=1000
    )


def _decisions(
    ctx: SeedContext, tests: list[AssumptionTest], links: list[tuple[int, list[Assumption]]]
) -> None:
    kind = ContentType.objects.get_for_model(AssumptionTest)
    concluded = [(tests[i], group) for i, group in links if tests[i].status == TestStatus.CONCLUDED]
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                organization=ctx.organization,
                title=f"{TestDecision(t.decision).label}: {t.title} ({TestResult(t.result).label.lower()})",
                kind=DecisionKind.TEAM,
                decided_by=t.team.name,
                rationale=t.rationale,
                decided_on=(t.concluded_at or ctx.now).date(),
                team=t.team,
                solution=group[0].solution if group else None,
                subject_type=kind,
                subject_id=t.pk,
            )
            for t, group in concluded
        ]
    )
    if decisions and not decisions[0].pk:
        return
    for (t, _), d in zip(concluded, decisions, strict=True):
        t.decision_record = d
    AssumptionTest.objects.for_org(ctx.organization).bulk_update(
        [t for t, _ in concluded], ["decision_record"], batch_size=500
    )
