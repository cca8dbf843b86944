"""Generated strategy for ``pom seed`` and ``pom demo``: vision, ranked bets, cycles with history,
an outcome tree per product area, weekly check-ins, a few vague outcomes the linter catches, and a
mix of funding to teams, outcomes and projects.

About ten outcomes per team (1,000 teams → ~10,000 outcomes), written with ``bulk_create``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pom.core.seeding import SeedContext
from pom.strategy.models import (
    BetStatus,
    CheckIn,
    Comment,
    Cycle,
    Direction,
    FundingAllocation,
    Level,
    Outcome,
    OutcomeCommitment,
    OutcomeStatus,
    Principle,
    ProductVision,
    Project,
    ProjectReason,
    StrategicBet,
    status_from_confidence,
)

BETS = [
    (
        "Win self-serve small businesses in Europe",
        "SMBs churn from tools that need a consultant; 40% of lost trials cite set-up effort.",
        "No custom enterprise work this year; US-only features wait.",
    ),
    (
        "Become the fastest way to get paid",
        "Late payment is the top cash-flow worry of our customers; instant payout doubles retention in pilots.",
        "We accept lower margin on payouts; card-present hardware is out of scope.",
    ),
    (
        "Make the mobile app the primary workplace",
        "62% of sessions already start on mobile, but 80% of revenue-critical tasks still need desktop.",
        "Desktop-only power features freeze; we drop the legacy Windows client.",
    ),
    (
        "Open a partner ecosystem",
        "Integrators bring 3× larger accounts, but our API is hard to build on.",
        "Slower own-roadmap features while API quality comes first.",
    ),
    (
        "Expand into US mid-market",
        "Mid-market buyers in the US ask for what we have in Europe.",
        "Paused: we concentrate on Europe until SMB retention is above 90%.",
    ),
]
BUSINESS = [
    ("Net revenue retention of SMB accounts reaches {t}%", "net revenue retention", "%", 96, 104),
    ("Monthly churn of paying SMB accounts falls to {t}%", "monthly logo churn", "%", 3.1, 2.2),
    (
        "Median days from invoice to payment fall to {t}",
        "median days from invoice to payment",
        "days",
        19,
        9,
    ),
    (
        "Share of revenue-critical tasks done on mobile reaches {t}%",
        "share of key tasks on mobile",
        "%",
        21,
        45,
    ),
    (
        "Revenue from partner-sourced accounts reaches {t}%",
        "partner-sourced revenue share",
        "%",
        6,
        15,
    ),
]
PRODUCT = [
    (
        "Trial workspaces reach first value within one day: {b}% → {t}%",
        "trial workspaces reaching first value in 24h",
        "%",
        38,
        55,
    ),
    (
        "Invoices paid within 7 days rise from {b}% to {t}%",
        "invoices paid within 7 days",
        "%",
        41,
        60,
    ),
    (
        "Weekly active mobile users grow from {b}k to {t}k",
        "weekly active mobile users",
        "k users",
        120,
        180,
    ),
    (
        "Contacts with support per 1,000 active accounts fall from {b} to {t}",
        "support contacts per 1,000 accounts",
        "count",
        85,
        55,
    ),
    (
        "Checkout conversion on first purchase rises from {b}% to {t}%",
        "first-purchase checkout conversion",
        "%",
        2.8,
        3.6,
    ),
    (
        "Apps from partners with 10+ installs grow from {b} to {t}",
        "partner apps with 10+ installs",
        "count",
        14,
        40,
    ),
]
TEAM = [
    (
        "New {segment} complete {subject} set-up in one session",
        "set-up completion in first session",
        "%",
        44,
        62,
    ),
    (
        "{segment} reach a second {subject} action within 7 days",
        "second action within 7 days",
        "%",
        27,
        38,
    ),
    (
        "Time for {segment} to finish {subject} falls from {b} to {t} minutes",
        "median minutes to finish",
        "min",
        14,
        8,
    ),
    (
        "Errors in {subject} seen by {segment} fall from {b} to {t} per 1,000 sessions",
        "errors per 1,000 sessions",
        "count",
        12,
        5,
    ),
    (
        "{segment} who use {subject} weekly grow from {b}% to {t}%",
        "weekly {subject} users",
        "%",
        18,
        26,
    ),
    (
        "The 30-day repeat rate of {subject} among {segment} rises from {b}% to {t}%",
        "30-day repeat rate",
        "%",
        33,
        45,
    ),
    (
        "Tickets about {subject} from {segment} fall from {b} to {t} a week",
        "tickets per week",
        "count",
        240,
        150,
    ),
    (
        "The average rating of {subject} by {segment} reaches {t} or higher",
        "average rating",
        "pts",
        3.9,
        4.4,
    ),
]
VAGUE: list[tuple[str, dict[str, Any]]] = [
    ("Improve {subject}", {}),
    ("Launch the new {subject} experience", {"metric_name": ""}),
    ("Enhance the {subject} experience for customers", {"segment": ""}),
    ("Ship {subject} v2", {"baseline_value": None}),
    ("Optimize {subject}", {"target_value": None, "deadline": None}),
    ("Redesign the {subject} dashboard", {}),
    ("Increase {subject} engagement", {"target_value": None}),
]
SEGMENTS = [
    "self-serve SMB accounts",
    "first-time sellers",
    "mobile shoppers in Germany",
    "accountants on the Pro plan",
    "new trial workspaces",
    "buyers with a past order",
    "technicians on Android",
    "mid-market admins",
]
GUARDRAILS = [
    ("support contacts per 1,000 accounts", "at_most", 90),
    ("refund rate (%)", "at_most", 2),
    ("p95 page load (ms)", "at_most", 900),
    ("weekly active accounts", "at_least", 10000),
]
PROJECTS = [
    ("EU Accessibility Act compliance", ProjectReason.REGULATORY),
    ("SOC 2 Type II audit", ProjectReason.COMPLIANCE),
    ("Move billing off the legacy mainframe", ProjectReason.MIGRATION),
    ("PSD3 strong customer authentication", ProjectReason.REGULATORY),
    ("Data-centre exit to the cloud", ProjectReason.MIGRATION),
]
QUARTER_STARTS = ((1, 1), (4, 1), (7, 1), (10, 1))


def _quarter(day: date, offset: int) -> tuple[str, date, date]:
    index = (day.month - 1) // 3 + offset
    year = day.year + index // 4
    index %= 4
    start = date(year, *QUARTER_STARTS[index])
    end_index = index + 1
    end = (
        date(year + 1, 1, 1) if end_index == 4 else date(year, *QUARTER_STARTS[end_index])
    ) - timedelta(days=1)
    return f"{year} Q{index + 1}", start, end


def _step(base: float, target: float, share: float) -> float:
    return round(base + (target - base) * share, 2)


# The demo's product principles: the beliefs that settle its trade-offs (decisions cite them).
PRINCIPLES = [
    (
        "Clarity over features",
        "A small business owner has ten minutes a day for us; every screen earns them.",
    ),
    (
        "The customer's data is theirs",
        "Exports are free and complete; we never hold books hostage.",
    ),
    ("Mobile first, not mobile too", "Owners run the business from a phone between customers."),
    ("Measure outcomes, not output", "A release counts when the number moves, not when it ships."),
]


def seed_strategy(ctx: SeedContext) -> None:
    org = ctx.organization
    rng = ctx.rng
    today = ctx.now.date()
    teams: list[Any] = list(ctx.made.get("teams") or [])
    areas: list[Any] = list(ctx.made.get("areas") or [])
    people: list[Any] = list(ctx.made.get("people") or [])
    users: list[Any] = list(ctx.made.get("users") or [])
    author_id = users[0].pk if users else None

    ProductVision.objects.bulk_create(
        [
            ProductVision(
                organization=org,
                statement="Every small business runs its money, customers and team from one phone — without a consultant.",
                horizon="2030",
            )
        ]
    )
    principles = Principle.objects.bulk_create(
        [
            Principle(organization=org, text=text, rationale=why, position=i + 1)
            for i, (text, why) in enumerate(PRINCIPLES)
        ]
    )
    if principles and not principles[0].pk:
        principles = list(Principle.objects.for_org(org).order_by("position", "id"))
    ctx.made["principles"] = principles
    bets = StrategicBet.objects.bulk_create(
        [
            StrategicBet(
                organization=org,
                title=title,
                insight=insight,
                tradeoffs=tradeoffs,
                rank=i + 1 if i < 3 else None,
                status=BetStatus.ACTIVE
                if i < 3
                else (BetStatus.PAUSED if i == 4 else BetStatus.CONCLUDED),
                time_frame=f"{today.year}–{today.year + 1}",
                owner=people[i] if len(people) > i else None,
            )
            for i, (title, insight, tradeoffs) in enumerate(BETS)
        ]
    )
    if bets and not bets[0].pk:
        bets = list(StrategicBet.objects.for_org(org).order_by("id"))
    active_bets = bets[:3]

    cycles = Cycle.objects.bulk_create(
        [
            Cycle(organization=org, name=name, start=start, end=end)
            for name, start, end in (_quarter(today, k) for k in range(-4, 2))
        ]
    )
    if cycles and not cycles[0].pk:
        cycles = list(Cycle.objects.for_org(org).order_by("start"))
    past, current = cycles[:4], cycles[4]

    def outcome(title: str, level: str, spec: tuple[Any, ...], **extra: Any) -> Outcome:
        _, metric, unit, base, target = spec
        direction = Direction.INCREASE if target > base else Direction.DECREASE
        g = rng.choice(GUARDRAILS)
        return Outcome(
            organization=org,
            title=title[:200],
            level=level,
            metric_name=metric,
            metric_unit=unit,
            segment=extra.pop("segment", rng.choice(SEGMENTS)),
            direction=direction,
            baseline_value=base,
            baseline_date=extra.pop("baseline_date", current.start - timedelta(days=7)),
            target_value=target,
            deadline=extra.pop("deadline", current.end),
            guardrails=[{"metric": g[0], "comparison": g[1], "limit": g[2]}],
            tradeoffs="Other requests from this segment wait until the target is reached.",
            status=extra.pop("status", OutcomeStatus.COMMITTED),
            **extra,
        )

    # Company level: one or two business outcomes per active bet.
    business = Outcome.objects.bulk_create(
        [
            outcome(
                spec[0].format(b=spec[3], t=spec[4]),
                Level.BUSINESS,
                spec,
                bet=active_bets[i % 3],
                segment="all paying customers",
                deadline=cycles[-1].end,
            )
            for i, spec in enumerate(BUSINESS)
        ]
    )
    if business and not business[0].pk:
        business = list(Outcome.objects.for_org(org).filter(level=Level.BUSINESS).order_by("id"))

    # Product level: a few per product area, under one of the business outcomes.
    product_rows = []
    area_list = areas or [None]
    for ai, area in enumerate(area_list):
        # A committed outcome needs an owner (the linter refuses it otherwise): the area's first team.
        area_teams = [t for t in teams if area is None or t.product_area_id == area.pk]
        for k in range(3):
            spec = PRODUCT[(ai + k) % len(PRODUCT)]
            parent = business[(ai + k) % len(business)]
            area_name = area.name if area is not None else "the product"
            product_rows.append(
                outcome(
                    f"{area_name}: {spec[0].format(b=spec[3], t=spec[4])}",
                    Level.PRODUCT,
                    spec,
                    parent=parent,
                    bet=parent.bet,
                    owner_team=area_teams[0] if area_teams else None,
                    deadline=cycles[-1].end,
                )
            )
    product = Outcome.objects.bulk_create(product_rows, batch_size=1000)
    if product and not product[0].pk:
        product = list(Outcome.objects.for_org(org).filter(level=Level.PRODUCT).order_by("id"))
    product_by_area: dict[Any, list[Outcome]] = {}
    for ai, area in enumerate(area_list):
        product_by_area[area.pk if area is not None else None] = product[ai * 3 : ai * 3 + 3]
    all_product = product

    # Team level: per team two committed outcomes this cycle, a draft (sometimes vague), and the
    # history of past cycles (achieved or missed).
    team_rows: list[Outcome] = []
    plan: list[tuple[int, str, int | None]] = []  # (team index, kind, cycle index)
    for ti, team in enumerate(teams):
        parents = product_by_area.get(team.product_area_id) or all_product
        subject = team.name
        for k in range(2):
            spec = TEAM[(ti + k) % len(TEAM)]
            segment = rng.choice(SEGMENTS)
            title = spec[0].format(segment=segment, subject=subject, b=spec[3], t=spec[4])
            team_rows.append(
                outcome(
                    title[0].upper() + title[1:],
                    Level.TEAM,
                    spec,
                    segment=segment,
                    parent=rng.choice(parents),
                    owner_team=team,
                )
            )
            plan.append((ti, "current", 4))
        if rng.random() < 0.25:
            vague_title, overrides = rng.choice(VAGUE)
            row = outcome(
                vague_title.format(subject=subject),
                Level.TEAM,
                rng.choice(TEAM),
                status=OutcomeStatus.DRAFT,
                owner_team=team,
                parent=rng.choice(parents),
            )
            row.guardrails = []
            for name, value in overrides.items():
                setattr(row, name, value)
            team_rows.append(row)
        else:
            spec = TEAM[(ti + 2) % len(TEAM)]
            segment = rng.choice(SEGMENTS)
            title = spec[0].format(segment=segment, subject=subject, b=spec[3], t=spec[4])
            team_rows.append(
                outcome(
                    title[0].upper() + title[1:],
                    Level.TEAM,
                    spec,
                    segment=segment,
                    status=OutcomeStatus.DRAFT,
                    owner_team=team,
                    parent=rng.choice(parents),
                    deadline=cycles[5].end,
                )
            )
        plan.append((ti, "draft", None))
        for ci, cycle in enumerate(past):
            # The oldest quarter keeps one outcome per team, so the total stays near ten per team.
            for k in range(1 if ci == 0 else 2):
                spec = TEAM[(ti + ci + k) % len(TEAM)]
                segment = rng.choice(SEGMENTS)
                title = spec[0].format(segment=segment, subject=subject, b=spec[3], t=spec[4])
                achieved = rng.random() < 0.55
                team_rows.append(
                    outcome(
                        title[0].upper() + title[1:],
                        Level.TEAM,
                        spec,
                        segment=segment,
                        parent=rng.choice(parents),
                        owner_team=team,
                        status=OutcomeStatus.ACHIEVED if achieved else OutcomeStatus.MISSED,
                        baseline_date=cycle.start - timedelta(days=7),
                        deadline=cycle.end,
                    )
                )
                plan.append((ti, "past", ci))
    team_outcomes = Outcome.objects.bulk_create(team_rows, batch_size=2000)
    if team_outcomes and not team_outcomes[0].pk:
        team_outcomes = list(Outcome.objects.for_org(org).filter(level=Level.TEAM).order_by("id"))

    # Commitments and check-ins, computed here so outcomes carry their latest value.
    commitments: list[OutcomeCommitment] = []
    check_ins: list[CheckIn] = []
    touched: list[Outcome] = []
    for o, (ti, kind, cycle_index) in zip(team_outcomes, plan, strict=True):
        team = teams[ti]
        if kind == "draft":
            continue
        cycle = cycles[cycle_index] if cycle_index is not None else current
        commitments.append(OutcomeCommitment(organization=org, outcome=o, team=team, cycle=cycle))
        base, target = o.baseline_value or 0.0, o.target_value or 0.0
        if kind == "current":
            weeks = max(1, (today - cycle.start).days // 7)
            stale = rng.random() < 0.15
            last_week = weeks - (3 if stale else 0)
            days = [cycle.start + timedelta(days=7 * w + 4) for w in range(max(1, last_week))]
        else:
            o_final = 1.05 if o.status == OutcomeStatus.ACHIEVED else rng.uniform(0.2, 0.8)
            days = [
                cycle.start + timedelta(days=30),
                cycle.start + timedelta(days=60),
                cycle.end - timedelta(days=2),
            ]
        confidence = rng.randint(4, 8)
        value = base
        for w, day in enumerate(days):
            if day > today:
                break
            share = (w + 1) / max(len(days), 1)
            if kind == "past":
                share *= o_final
            else:
                share *= rng.uniform(0.2, 0.9)
            value = _step(base, target, share)
            confidence = max(0, min(10, confidence + rng.choice((-1, 0, 0, 1))))
            check_ins.append(
                CheckIn(
                    organization=org,
                    outcome=o,
                    date=day,
                    value=value,
                    confidence=confidence,
                    status=status_from_confidence(confidence),
                    commentary=rng.choice(
                        (
                            "On track after the last experiment.",
                            "Slower than hoped; testing a new onboarding step.",
                            "Data looks noisy; waiting a week.",
                            "Big jump after the pricing test.",
                        )
                    ),
                    blockers=""
                    if rng.random() < 0.8
                    else "Waiting on the platform team's API change.",
                    author_id=author_id,
                )
            )
            o.current_value, o.last_check_in_on, o.last_confidence = value, day, confidence
            o.last_status = status_from_confidence(confidence)
        touched.append(o)
    OutcomeCommitment.objects.bulk_create(commitments, batch_size=2000)
    CheckIn.objects.bulk_create(check_ins, batch_size=5000)
    Outcome.objects.for_org(org).bulk_update(
        touched,
        ["current_value", "last_check_in_on", "last_confidence", "last_status"],
        batch_size=2000,
    )

    # Product outcomes get a current value too, so the map shows movement at every level.
    for o in [*business, *product]:
        o.current_value = _step(
            o.baseline_value or 0.0, o.target_value or 0.0, rng.uniform(0.1, 0.7)
        )
    Outcome.objects.for_org(org).bulk_update(
        [*business, *product], ["current_value"], batch_size=1000
    )

    projects = Project.objects.bulk_create(
        [
            Project(
                organization=org,
                name=name,
                reason=reason,
                start=past[0].start + timedelta(days=30 * i),
                end=cycles[-1].end,
                budget=Decimal(rng.randrange(150, 900) * 1000),
                scope="Fixed scope with an external deadline.",
                sponsor=people[-1 - i] if len(people) > i else None,
            )
            for i, (name, reason) in enumerate(PROJECTS)
        ]
    )
    if projects and not projects[0].pk:
        projects = list(Project.objects.for_org(org).order_by("id"))

    funding: list[FundingAllocation] = []
    committed_now = [c.outcome for c in commitments if c.cycle is current]
    for cycle in cycles[3:]:
        for team in teams:
            if rng.random() < 0.7:
                funding.append(
                    FundingAllocation(
                        organization=org,
                        cycle=cycle,
                        team=team,
                        headcount=Decimal(rng.randint(5, 9)),
                        amount=Decimal(rng.randrange(80, 160) * 1000),
                        rationale="Durable team funded for the quarter.",
                    )
                )
        for o in rng.sample(committed_now, k=len(committed_now) // 5) if cycle is current else []:
            funding.append(
                FundingAllocation(
                    organization=org,
                    cycle=cycle,
                    outcome=o,
                    amount=Decimal(rng.randrange(20, 80) * 1000),
                    rationale="Extra budget to test faster.",
                )
            )
        for p in projects:
            funding.append(
                FundingAllocation(
                    organization=org,
                    cycle=cycle,
                    project=p,
                    amount=Decimal(rng.randrange(100, 400) * 1000),
                    headcount=Decimal(rng.randint(3, 12)),
                    rationale="Deadline set outside the company.",
                )
            )
    FundingAllocation.objects.bulk_create(funding, batch_size=2000)

    comments = []
    for o in rng.sample(list(business) + list(product), k=min(6, len(business) + len(product))):
        comments.append(
            Comment(
                organization=org,
                outcome=o,
                author_id=author_id,
                body="How does this compare with last year's numbers?",
            )
        )
    comments.append(
        Comment(
            organization=org,
            bet=active_bets[0],
            author_id=author_id,
            body="Sales would like enterprise deals counted here too.",
        )
    )
    Comment.objects.bulk_create(comments)
    ctx.made["bets"] = bets
    ctx.made["cycles"] = cycles
    ctx.made["outcomes"] = [*business, *product, *team_outcomes]
