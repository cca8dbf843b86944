"""Generated discovery data for ``pom seed`` and ``pom demo``: touchpoints (some teams weekly, some
lapsed), insights with realistic text, opportunity trees three to four deep under each team's
outcomes, solutions, stakeholder input of every kind, and decisions of both kinds.

Everything is written with ``bulk_create``, level by level where rows need their parents' ids.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from pom.core.seeding import SeedContext
from pom.discovery.models import (
    Decision,
    DecisionKind,
    DecisionStatus,
    InputKind,
    Insight,
    InsightKind,
    Opportunity,
    Origin,
    Solution,
    SolutionStatus,
    Stage,
    StakeholderInput,
    Touchpoint,
    TouchpointKind,
    Triage,
)
from pom.teams.models import TeamMember, TeamRole

COMPANIES = [
    ("Globex", "Enterprise"),
    ("Initech", "Mid-market"),
    ("Umbrella Health", "Enterprise"),
    ("Hooli", "Enterprise"),
    ("Pied Piper", "SMB"),
    ("Vandelay Imports", "SMB"),
    ("Stark Logistics", "Mid-market"),
    ("Wayne Foods", "Enterprise"),
    ("Soylent Labs", "SMB"),
    ("Tyrell Retail", "Mid-market"),
    ("Cyberdyne Parts", "Mid-market"),
    ("Acme Travel", "SMB"),
]
CUSTOMERS = [
    "Ana",
    "Ben",
    "Chloé",
    "Dev",
    "Eli",
    "Fatima",
    "Goran",
    "Hiro",
    "Ines",
    "Jon",
    "Kemi",
    "Lars",
]

# (opportunity, quotes heard, solutions tried) per theme: the text people type after an interview.
THEMES: list[tuple[str, list[str], list[str]]] = [
    (
        "I can't find the invoice I need when a customer calls",
        [
            "I keep a spreadsheet of invoice numbers because search never finds them.",
            "When a customer calls I put them on hold for minutes while I dig through exports.",
            "Search only works if you type the exact number, and nobody knows it.",
        ],
        [
            "Search by customer name and amount",
            "Recent invoices on the customer page",
            "Saved filters",
        ],
    ),
    (
        "I don't trust the delivery dates you show me",
        [
            "Last month three deliveries came a week later than the date on screen.",
            "I add two days to whatever date you show, everybody here does.",
            "If the date changes I want to know before my customer does.",
        ],
        [
            "Date ranges instead of exact dates",
            "Notify when a date slips",
            "Show the carrier's own estimate",
        ],
    ),
    (
        "Setting up a new team member takes me half a day",
        [
            "Onboarding a new hire means copying permissions by hand from someone similar.",
            "I never know which of the twenty roles to give a new person.",
            "We gave a trainee admin rights because it was quicker.",
        ],
        ["Copy access from a colleague", "Role templates per department", "Guided setup checklist"],
    ),
    (
        "I can't tell which reports are still correct",
        [
            "Half of our dashboards are from a previous reorganisation and nobody dares delete them.",
            "I export to Excel because I can see the formulas there.",
            "Finance and sales show different revenue numbers for the same week.",
        ],
        [
            "Show when a report was last checked",
            "One certified revenue report",
            "Explain each number's definition",
        ],
    ),
    (
        "Approvals stall when my manager is away",
        [
            "Purchase approvals wait for a week when my manager is on holiday.",
            "I message the CFO directly because the tool gives me no way to escalate.",
            "There is no way to say who stands in for whom.",
        ],
        ["Delegates for absences", "Escalate after two days", "Approve from the email"],
    ),
    (
        "Checking out on my phone is painful",
        [
            "I start the order on my phone and finish it on the laptop at work.",
            "The address form loses everything if I switch apps to copy the postcode.",
            "Paying takes six screens on mobile.",
        ],
        ["Remember the address between sessions", "Wallet payments", "One-page mobile checkout"],
    ),
]
SUB_NEEDS = [
    "when I am on the phone with a customer",
    "for orders placed by colleagues",
    "at the end of the month",
    "when I work from my phone",
    "for customers in other countries",
    "when the numbers changed since yesterday",
]
INPUTS = {
    InputKind.SUGGESTION: (
        "Could we add an export to Excel? Three key accounts asked for it.",
        "Excel export",
    ),
    InputKind.CONSTRAINT: ("Anything that stores card data has to pass the PCI review first.", ""),
    InputKind.CONTEXT: (
        "Our two largest customers renegotiate contracts in March; churn risk is highest then.",
        "",
    ),
    InputKind.DECISION: (
        "The board decided we stop serving customers under 10 seats next year.",
        "",
    ),
}


def _people_by_team(ctx: SeedContext) -> dict[int, dict[str, list[int]]]:
    seats: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for team_id, person_id, role in TeamMember.objects.for_org(ctx.organization).values_list(
        "team_id", "person_id", "role"
    ):
        seats[team_id][role].append(person_id)
    return seats


def _owned_outcomes(ctx: SeedContext) -> dict[int, list[Any]]:
    owned: dict[int, list[Any]] = defaultdict(list)
    for outcome in ctx.made.get("outcomes", []):
        if outcome.owner_team_id:
            owned[outcome.owner_team_id].append(outcome)
    return owned


def seed_discovery(ctx: SeedContext) -> None:
    org, rng = ctx.organization, ctx.rng
    teams = [t for t in ctx.made.get("teams", []) if not t.archived_at]
    if not teams:
        return
    today = ctx.now.date()
    seats = _people_by_team(ctx)
    owned = _owned_outcomes(ctx)
    users = ctx.made.get("users", [])
    recorder = users[0] if users else None

    # --- Touchpoints: most teams weekly, a few lapsed, a few never started ----------------------
    touchpoints: list[Touchpoint] = []
    attendee_plan: list[list[int]] = []
    insight_plan: list[list[tuple[str, str, list[str]]]] = []
    for index, team in enumerate(teams):
        habit = "weekly" if index % 5 in (0, 1, 2) else ("lapsed" if index % 5 == 3 else "rare")
        weeks = 26
        for week in range(weeks):
            if habit == "lapsed" and week < rng.randint(6, 10):
                continue
            if habit == "rare" and rng.random() > 0.2:
                continue
            for _ in range(rng.choice([1, 1, 2, 3]) if habit == "weekly" else 1):
                monday = today - timedelta(days=today.weekday(), weeks=week)
                day = min(today, monday + timedelta(days=rng.randint(0, 4)))
                company, segment = rng.choice(COMPANIES)
                theme = rng.choice(THEMES)
                team_seats = seats.get(team.pk, {})
                who = [
                    people[0]
                    for role, people in team_seats.items()
                    if role
                    in (TeamRole.PRODUCT_MANAGER, TeamRole.PRODUCT_DESIGNER, TeamRole.TECH_LEAD)
                    and people
                    and rng.random() < (0.9 if role == TeamRole.PRODUCT_MANAGER else 0.55)
                ]
                touchpoints.append(
                    Touchpoint(
                        organization=org,
                        team=team,
                        happened_on=day,
                        kind=rng.choice(
                            [TouchpointKind.INTERVIEW] * 4
                            + [
                                TouchpointKind.USABILITY_TEST,
                                TouchpointKind.SUPPORT_CALL,
                                TouchpointKind.SALES_CALL,
                            ]
                        ),
                        customer_name=f"{rng.choice(CUSTOMERS)} ({company})",
                        company=company,
                        segment=segment,
                        summary=f"Talked about: {theme[0].lower()}",
                        created_by=recorder,
                    )
                )
                attendee_plan.append(who)
                quotes = rng.sample(theme[1], k=rng.randint(1, 2))
                tag = theme[0].split()[-1].strip(".").lower()
                insight_plan.append([(q, company, [tag, segment.lower()]) for q in quotes])
    touchpoints = Touchpoint.objects.bulk_create(touchpoints, batch_size=2000)
    Through = Touchpoint.attendees.through
    Through.objects.bulk_create(
        [
            Through(touchpoint_id=tp.pk, person_id=pid)
            for tp, people in zip(touchpoints, attendee_plan, strict=True)
            for pid in people
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    insights: list[Insight] = []
    for tp, planned in zip(touchpoints, insight_plan, strict=True):
        for text, company, tags in planned:
            insights.append(
                Insight(
                    organization=org,
                    team_id=tp.team_id,
                    touchpoint=tp,
                    kind=InsightKind.QUOTE if rng.random() < 0.7 else InsightKind.OBSERVATION,
                    text=text,
                    customer=tp.customer_name,
                    company=company,
                    tags=Insight.join_tags(tags),
                    observed_on=tp.happened_on,
                )
            )
    insights = Insight.objects.bulk_create(insights, batch_size=2000)
    insights_by_team: dict[int, list[Insight]] = defaultdict(list)
    for insight in insights:
        insights_by_team[insight.team_id].append(insight)

    # --- Opportunity trees, three to four deep, under each team's own outcomes ------------------
    level: list[tuple[Opportunity, int]] = []  # (row, theme index)
    for team in teams:
        for outcome in owned.get(team.pk, [])[:2]:
            for position, theme_index in enumerate(rng.sample(range(len(THEMES)), k=3)):
                level.append(
                    (
                        Opportunity(
                            organization=org,
                            outcome=outcome,
                            team=team,
                            title=THEMES[theme_index][0],
                            stage=rng.choice(
                                [Stage.NOW, Stage.NEXT, Stage.LATER, Stage.IDENTIFIED]
                            ),
                            reach=rng.randint(1, 5),
                            frequency=rng.randint(1, 5),
                            severity=rng.randint(1, 5),
                            position=position,
                        ),
                        theme_index,
                    )
                )
    all_opps: list[tuple[Opportunity, int]] = []
    for depth in range(4):
        made = Opportunity.objects.bulk_create([o for o, _ in level], batch_size=2000)
        level = [(o, t) for o, (_, t) in zip(made, level, strict=True)]
        all_opps.extend(level)
        next_level: list[tuple[Opportunity, int]] = []
        for parent, theme_index in level:
            if depth == 3 or (depth == 2 and rng.random() < 0.6):
                continue  # some branches stop at three levels, others go to four
            for position, need in enumerate(
                rng.sample(SUB_NEEDS, k=rng.randint(1, 2 if depth else 3))
            ):
                base = parent.title if depth == 0 else THEMES[theme_index][0]
                next_level.append(
                    (
                        Opportunity(
                            organization=org,
                            outcome_id=parent.outcome_id,
                            team_id=parent.team_id,
                            parent=parent,
                            title=f"{base} {need}"[:200]
                            if depth == 0
                            else f"…{need}, in detail ({depth + 1})",
                            stage=rng.choice(list(Stage)),
                            reach=rng.randint(1, 5),
                            frequency=rng.randint(1, 5),
                            severity=rng.randint(1, 5),
                            position=position,
                        ),
                        theme_index,
                    )
                )
        level = next_level
        if not level:
            break
    # The team works on one opportunity per outcome.
    targeted = {}
    for opp, _ in all_opps:
        if opp.parent_id and opp.outcome_id not in targeted and rng.random() < 0.3:
            targeted[opp.outcome_id] = opp
    for opp in targeted.values():
        opp.targeted, opp.stage = True, Stage.NOW
    Opportunity.objects.for_org(org).bulk_update(list(targeted.values()), ["targeted", "stage"])

    # Evidence: most opportunities get a few of their team's insights; some none, some stale.
    EvidenceThrough = Opportunity.insights.through
    links = []
    for opp, theme_index in all_opps:
        pool = insights_by_team.get(opp.team_id, [])
        if not pool or rng.random() < 0.2:
            continue
        matching = [i for i in pool[:400] if i.text in THEMES[theme_index][1]] or pool
        for insight in rng.sample(matching, k=min(len(matching), rng.randint(1, 4))):
            links.append(EvidenceThrough(opportunity_id=opp.pk, insight_id=insight.pk))
    EvidenceThrough.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)

    # --- Stakeholder input of every kind, triaged in every way -----------------------------------
    stakeholder_people = [p.pk for p in ctx.made.get("people", [])[-20:]]
    inputs: list[StakeholderInput] = []
    for team in teams:
        team_opps = [o for o, _ in all_opps if o.team_id == team.pk]
        for n, (kind, (text, asked)) in enumerate(INPUTS.items()):
            triage = [Triage.NEW, Triage.LINKED, Triage.DECLINED, Triage.NEW][n]
            linked: Opportunity | None = (
                rng.choice(team_opps) if team_opps and triage == Triage.LINKED else None
            )
            inputs.append(
                StakeholderInput(
                    organization=org,
                    team=team,
                    from_person_id=rng.choice(stakeholder_people) if stakeholder_people else None,
                    submitted_by=recorder,
                    kind=kind,
                    text=text,
                    requested_solution=asked,
                    outcome=linked.outcome if linked else (owned.get(team.pk) or [None])[0],
                    opportunity=linked,
                    triage=triage if (triage != Triage.LINKED or linked) else Triage.NEW,
                    decline_reason="We serve this need another way; see the tree."
                    if triage == Triage.DECLINED
                    else "",
                    triaged_at=ctx.now if triage != Triage.NEW else None,
                )
            )
    inputs = StakeholderInput.objects.bulk_create(inputs, batch_size=2000)

    # --- Solutions: several per leaf-ish opportunity, a few from stakeholders, a few orphaned ----
    solutions: list[Solution] = []
    for opp, theme_index in all_opps:
        if opp.parent_id is None and rng.random() < 0.5:
            continue
        for idea in rng.sample(THEMES[theme_index][2], k=rng.randint(1, 2)):
            from_stakeholder = rng.random() < 0.12
            solutions.append(
                Solution(
                    organization=org,
                    team_id=opp.team_id,
                    opportunity=opp,
                    title=idea,
                    status=rng.choice(list(SolutionStatus)),
                    origin=Origin.STAKEHOLDER if from_stakeholder else Origin.TEAM,
                )
            )
    for team in teams[::4]:
        solutions.append(
            Solution(
                organization=org,
                team=team,
                title="Redesign the dashboard",
                origin=Origin.STAKEHOLDER,
            )
        )
    solutions = Solution.objects.bulk_create(solutions, batch_size=2000)

    # --- Decisions: mostly the team's, some leadership ones on team-owned work ------------------
    decisions: list[Decision] = []
    by_team_solutions: dict[int, list[Solution]] = defaultdict(list)
    for s in solutions:
        by_team_solutions[s.team_id].append(s)
    for team in teams:
        for n in range(4):
            sol = rng.choice(by_team_solutions[team.pk]) if by_team_solutions.get(team.pk) else None
            leadership = n == 3 and rng.random() < 0.5
            decisions.append(
                Decision(
                    organization=org,
                    title=(
                        f"Build “{sol.title}” next quarter"
                        if leadership and sol
                        else f"Test “{sol.title}” with five customers first"
                        if sol
                        else "Focus discovery on enterprise customers this cycle"
                    ),
                    kind=DecisionKind.LEADERSHIP if leadership else DecisionKind.TEAM,
                    decided_by="Leadership team" if leadership else f"{team.name} trio",
                    rationale="Interviews point the same way; the risk is low and reversible.",
                    decided_on=today - timedelta(days=rng.randint(0, 120)),
                    reversible=rng.random() < 0.8,
                    team=team,
                    solution=sol,
                    opportunity=sol.opportunity if sol else None,
                    recorded_by=recorder,
                )
            )
    decisions = Decision.objects.bulk_create(decisions, batch_size=2000)
    if decisions and not decisions[0].pk:
        decisions = list(Decision.objects.for_org(org).order_by("id"))
    _age_decisions(ctx, decisions)
    ctx.made["touchpoints"] = len(touchpoints)
    ctx.made["insights"] = len(insights)
    ctx.made["opportunities"] = [o for o, _ in all_opps]
    ctx.made["solutions"] = solutions
    ctx.made["stakeholder_inputs"] = inputs


def _age_decisions(ctx: SeedContext, decisions: list[Decision]) -> None:
    """Decisions that age: a few proposed, some superseded by a later one of the same team, a
    revisit date on about a third (some already passed: due), and principles cited."""
    rng = ctx.rng
    principles = list(ctx.made.get("principles") or [])
    by_team: dict[int | None, list[Decision]] = defaultdict(list)
    for d in decisions:
        by_team[d.team_id].append(d)
    changed: list[Decision] = []
    for t, team_decisions in enumerate(by_team.values()):
        ordered = sorted(team_decisions, key=lambda d: (d.decided_on, d.pk))
        for i, d in enumerate(ordered):
            if i == 0 and len(ordered) > 1 and t % 3 == 0:
                d.status, d.superseded_by = DecisionStatus.SUPERSEDED, ordered[-1]
            elif i == len(ordered) - 1 and t % 4 == 1:
                d.status = DecisionStatus.PROPOSED
            elif (t + i) % 3 == 0:
                d.revisit_on = d.decided_on + timedelta(days=rng.choice([30, 60, 90, 180]))
            changed.append(d)
    Decision.objects.for_org(ctx.organization).bulk_update(
        changed, ["status", "superseded_by", "revisit_on"], batch_size=2000
    )
    if principles:
        through = Decision.principles.through
        links = [
            through(decision_id=d.pk, principle_id=p.pk)
            for d in decisions
            if rng.random() < 0.4
            for p in rng.sample(principles, k=rng.choice([1, 1, 2]))
        ]
        through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
