"""The clarity linter, run over real-world goal statements with the findings each must get.

Each statement is linted as the title of an otherwise complete outcome, so a row's expected set
names exactly what is wrong with that statement (or with the fields the row overrides).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from pom.strategy.clarity import (
    ERROR,
    WARNING,
    BetDraft,
    Commitment,
    Guardrail,
    Limits,
    OutcomeDraft,
    Window,
    bet_from_mapping,
    lint_bet,
    lint_outcome,
    lint_portfolio,
    outcome_from_mapping,
    summary,
)

TODAY = date(2026, 6, 1)
Q3 = Window(date(2026, 7, 1), date(2026, 9, 30), "2026 Q3")

COMPLETE = OutcomeDraft(
    title="",
    metric="share of new workspaces inviting a teammate within 7 days",
    unit="%",
    segment="self-serve SMB workspaces",
    direction="increase",
    baseline_value=31,
    baseline_date=date(2026, 5, 1),
    target_value=40,
    deadline=date(2026, 9, 30),
    guardrails=(Guardrail("support tickets per 1,000 workspaces", "at_most", 12),),
    owner_team="onboarding",
)


def draft(title: str, **overrides: Any) -> OutcomeDraft:
    return replace(COMPLETE, title=title, **overrides)


# (statement, field overrides, the rule ids it must get — no more, no fewer)
STATEMENTS: list[tuple[str, dict[str, Any], set[str]]] = [
    # Clear outcomes: customer or business behaviour with a number.
    ("New SMB workspaces invite a teammate within 7 days: 31% → 40% by 30 Sep", {}, set()),
    ("Trial teams reach first value in under 10 minutes", {}, set()),
    ("Increase 30-day retention of SMB accounts from 62% to 70% by June", {}, set()),
    (
        "Reduce checkout abandonment on mobile from 68% to 55%",
        {"direction": "decrease", "baseline_value": 68, "target_value": 55},
        set(),
    ),
    (
        "Cut median time-to-first-invoice for freelancers from 9 days to 3",
        {"direction": "decrease", "baseline_value": 9, "target_value": 3},
        set(),
    ),
    ("Double the share of warehouses scanning every parcel", {}, set()),
    (
        "Halve the number of failed payroll runs for German customers",
        {"direction": "decrease", "baseline_value": 40, "target_value": 20},
        set(),
    ),
    ("Shoppers in Brazil complete checkout with Pix in 2 taps", {}, set()),
    ("Support agents resolve 80% of tickets without escalation", {}, set()),
    ("Clinics book 3 or more appointments a week through the app", {}, set()),
    (
        "Accountants close month-end in 5 working days or fewer",
        {"direction": "decrease", "baseline_value": 9, "target_value": 5},
        set(),
    ),
    ("Mid-market admins set up SSO without contacting support", {}, set()),
    (
        "Keep p95 search latency for EU tenants under 300 ms",
        {"direction": "keep_within", "guardrails": ()},
        set(),
    ),
    (
        "Keep monthly churn of enterprise accounts below 1%",
        {"direction": "keep_within", "guardrails": ()},
        set(),
    ),
    ("Grow paid seats per team account from 4.2 to 5", {}, set()),
    ("Increase weekly active drivers in Poland to 12,000", {}, set()),
    ("Lift activation of invited users from 45% to 60% by Q3", {}, set()),
    ("Raise NPS among hospital buyers from 21 to 35", {}, set()),
    ("Add 500 paying customers in DACH", {"level": "business"}, set()),
    ("More first-time sellers list a second item within 14 days", {}, set()),
    ("Repeat purchase rate of new subscribers reaches 35%", {}, set()),
    (
        "Dispatchers assign loads in under 2 minutes",
        {"direction": "decrease", "baseline_value": 6, "target_value": 2},
        set(),
    ),
    ("Enterprise trials convert to paid at 25%", {}, set()),
    ("Families in the app share at least one shopping list a week", {}, set()),
    ("Tenants pay rent on time in 95% of months", {}, set()),
    # Outputs dressed as outcomes.
    ("Launch the new onboarding flow", {}, {"O101"}),
    ("Ship mobile app v2", {}, {"O101"}),
    ("Build a recommendation engine", {}, {"O101"}),
    ("Release the public API", {}, {"O101"}),
    ("Migrate to Kubernetes", {}, {"O101"}),
    ("Redesign the dashboard", {}, {"O101"}),
    ("Add a dark mode feature", {}, {"O101"}),
    ("Add SSO support for Okta", {}, {"O101"}),
    ("Implement two-factor authentication", {}, {"O101"}),
    ("Q3: deliver the reporting module", {}, {"O101"}),
    ("We will roll out the new pricing page", {}, {"O101"}),
    ("Rewrite the billing service in Go", {}, {"O101"}),
    ("Integrate with Salesforce", {}, {"O101"}),
    ("Develop an Android app", {}, {"O101"}),
    ("Create a partner portal", {}, {"O101"}),
    ("Refactor the search indexer", {}, {"O101"}),
    ("Set up a data warehouse", {}, {"O101"}),
    ("Introduce usage-based pricing", {}, {"O101"}),
    ("Upgrade to Django 5.2", {}, {"O101"}),
    ("Checkout v3 by September", {}, {"O101"}),
    ("New invoicing feature launched in all markets", {}, {"O101"}),
    ("Complete the SAP migration", {}, {"O101"}),
    ("Replace the legacy CMS", {}, {"O101"}),
    ("Overhaul the admin console", {}, {"O101"}),
    ("Revamp the help centre", {}, {"O101"}),
    ("Deploy the fraud model to production", {}, {"O101"}),
    ("Go live with the marketplace in France", {}, {"O101"}),
    ("Stand up a design system team", {}, {"O101"}),
    ("Move to usage-based billing", {}, {"O101"}),
    ("Finish the GDPR consent banner", {}, {"O101"}),
    # Vague verbs without a number, and no target to make them concrete.
    ("Improve retention", {"target_value": None}, {"O103", "O122"}),
    ("Enhance the customer experience", {"target_value": None}, {"O103", "O122"}),
    ("Optimize onboarding", {"target_value": None}, {"O103", "O122"}),
    ("Optimise warehouse throughput", {"target_value": None}, {"O103", "O122"}),
    ("Increase engagement", {"target_value": None}, {"O103", "O122"}),
    ("Boost conversion on the pricing page", {"target_value": None}, {"O103", "O122"}),
    ("Grow the SMB segment", {"target_value": None}, {"O103", "O122"}),
    ("Reduce churn", {"target_value": None, "direction": "decrease"}, {"O103", "O122"}),
    ("Make search better", {"target_value": None}, {"O103", "O122"}),
    ("Deliver a world-class mobile experience", {"target_value": None}, {"O101", "O103", "O122"}),
    ("Streamline the returns process", {"target_value": None}, {"O103", "O122"}),
    ("Drive adoption of the analytics module", {"target_value": None}, {"O103", "O122"}),
    ("Accelerate time to value", {"target_value": None}, {"O103", "O122"}),
    # A vague verb with a target set in its field is measurable after all.
    ("Improve activation of invited users", {}, set()),
    # Solutions smuggled into the outcome.
    (
        "Cut support tickets by 20% by launching a chatbot",
        {"direction": "decrease", "baseline_value": 500, "target_value": 400},
        {"O102"},
    ),
    ("Raise trial conversion to 25% through redesigning the paywall", {}, {"O102"}),
    ("Double referrals via adding a share button", {}, {"O102"}),
    # Missing parts of the definition.
    ("Workspaces invite teammates", {"metric": ""}, {"O110"}),
    ("Workspaces invite teammates", {"segment": ""}, {"O112"}),
    ("Workspaces invite teammates", {"baseline_value": None}, {"O120"}),
    ("Workspaces invite teammates", {"baseline_date": None}, {"O121"}),
    ("Workspaces invite teammates", {"target_value": None}, {"O122"}),
    ("Workspaces invite teammates", {"deadline": None}, {"O123"}),
    ("Workspaces invite teammates", {"direction": ""}, {"O115"}),
    ("Workspaces invite teammates", {"direction": "sideways"}, {"O114"}),
    ("Workspaces invite teammates", {"owner_team": ""}, {"O130"}),
    ("", {}, {"O100"}),
    ("Workspaces invite teammates", {"metric": "engagement"}, {"O111"}),
    ("Workspaces invite teammates", {"segment": "users"}, {"O113"}),
    (
        "Company revenue reaches 40M EUR ARR",
        {"segment": "all customers", "level": "business", "owner_team": ""},
        {"O130"},
    ),
    # Numbers that do not add up.
    ("Retention of SMB accounts reaches 70%", {"baseline_value": 72, "target_value": 70}, {"O124"}),
    (
        "Checkout errors fall to 1%",
        {"direction": "decrease", "baseline_value": 0.5, "target_value": 1},
        {"O124"},
    ),
    ("Activation stays at 40%", {"baseline_value": 40, "target_value": 40}, {"O124"}),
    ("Trials convert at 25%", {"deadline": date(2026, 4, 1)}, {"O125"}),
    (
        "Trials convert at 25%",
        {"baseline_date": date(2026, 1, 1), "deadline": date(2026, 3, 31)},
        {"O126"},
    ),
    (
        "Trials convert at 25%",
        {"baseline_date": date(2026, 1, 1), "deadline": date(2026, 3, 31), "status": "missed"},
        set(),
    ),
    (
        "Trials convert at 25%",
        {"baseline_date": date(2026, 7, 1), "deadline": date(2026, 9, 30)},
        {"O127"},
    ),
    # Guardrails.
    ("Trials convert at 25%", {"guardrails": ()}, {"O140"}),
    (
        "Trials convert at 25%",
        {"guardrails": (Guardrail("refund rate", "at_most", None),)},
        {"O141"},
    ),
    ("Trials convert at 25%", {"guardrails": (Guardrail("", "at_most", 2),)}, {"O141"}),
    ("Trials convert at 25%", {"guardrails": (Guardrail("refund rate", "roughly", 2),)}, {"O142"}),
    # Everything wrong at once: the classic.
    (
        "Improve retention",
        {
            "metric": "",
            "segment": "",
            "baseline_value": None,
            "target_value": None,
            "deadline": None,
            "owner_team": "",
            "guardrails": (),
        },
        {"O103", "O110", "O112", "O120", "O122", "O123", "O130", "O140"},
    ),
]


@pytest.mark.parametrize(
    ("statement", "overrides", "expected"),
    STATEMENTS,
    ids=[f"{i:03d}-{s[:40] or '(blank)'}" for i, (s, _, _) in enumerate(STATEMENTS)],
)
def test_statement_gets_exactly_the_expected_findings(
    statement: str, overrides: dict[str, Any], expected: set[str]
) -> None:
    findings = lint_outcome(draft(statement, **overrides), today=TODAY)
    assert {f.rule for f in findings} == expected, [f.message for f in findings]


def test_there_are_at_least_eighty_statements() -> None:
    assert len(STATEMENTS) >= 80


def test_every_finding_names_a_field_and_gives_a_concrete_suggestion() -> None:
    findings = lint_outcome(
        OutcomeDraft(title="Improve retention", direction="increase"), today=TODAY
    )
    assert findings
    for f in findings:
        assert f.severity in (ERROR, WARNING)
        assert f.field and f.message and f.suggestion
        assert f.subject == "Improve retention"


def test_output_finding_quotes_the_offending_verb() -> None:
    (finding,) = lint_outcome(draft("Launch the new onboarding flow"), today=TODAY)
    assert finding.field == "title"
    assert "“launch”" in finding.message
    assert finding.severity == ERROR


def test_wrong_side_target_says_which_side_is_right() -> None:
    (finding,) = lint_outcome(
        draft("Errors fall", direction="decrease", baseline_value=2, target_value=3), today=TODAY
    )
    assert finding.field == "target_value"
    assert "below 2" in finding.suggestion


def test_deadline_outside_the_cycle_is_a_warning() -> None:
    findings = lint_outcome(
        draft("Trials convert at 25%", deadline=date(2026, 12, 31)), today=TODAY, cycle=Q3
    )
    assert [(f.rule, f.severity) for f in findings] == [("O128", WARNING)]
    assert lint_outcome(draft("Trials convert at 25%"), today=TODAY, cycle=Q3) == []


def test_business_outcome_without_owner_team_is_only_a_warning() -> None:
    (finding,) = lint_outcome(
        draft("Revenue reaches 40M", level="business", owner_team=""), today=TODAY
    )
    assert finding.severity == WARNING


# --- Bets -------------------------------------------------------------------------------------

GOOD_BET = BetDraft(
    title="Win mid-market logistics teams in Europe",
    insight="Dispatch is still manual at 70% of mid-market carriers; they churn from tools that ignore it.",
    tradeoffs="No custom enterprise work in 2026; consumer features wait.",
    rank=1,
)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, set()),
        ({"tradeoffs": ""}, {"B101"}),
        ({"tradeoffs": "None"}, {"B101"}),
        ({"tradeoffs": "n/a"}, {"B101"}),
        ({"tradeoffs": "TBD"}, {"B101"}),
        ({"insight": ""}, {"B102"}),
        ({"rank": None}, {"B103"}),
        ({"rank": None, "status": "paused"}, set()),
        ({"title": ""}, {"B100"}),
        ({"title": "Launch the mobile app"}, {"B104"}),
    ],
)
def test_bet_findings(overrides: dict[str, Any], expected: set[str]) -> None:
    assert {f.rule for f in lint_bet(replace(GOOD_BET, **overrides))} == expected


# --- Portfolio --------------------------------------------------------------------------------


def test_more_than_three_active_bets_is_an_error() -> None:
    bets = [replace(GOOD_BET, title=f"Bet {i}", rank=i) for i in range(1, 5)]
    findings = lint_portfolio(bets=bets)
    assert [f.rule for f in findings] == ["P100"]
    assert "4 active bets" in findings[0].message
    assert lint_portfolio(bets=bets[:3]) == []
    assert lint_portfolio(bets=bets, limits=Limits(max_active_bets=4)) == []


def test_bets_sharing_a_rank_are_not_strictly_ranked() -> None:
    bets = [replace(GOOD_BET, title="A", rank=1), replace(GOOD_BET, title="B", rank=1)]
    (finding,) = lint_portfolio(bets=bets)
    assert finding.rule == "P101"
    assert "“A”" in finding.message and "“B”" in finding.message
    paused = [bets[0], replace(bets[1], status="paused")]
    assert lint_portfolio(bets=paused) == []


def test_team_committed_to_too_many_outcomes_in_one_cycle() -> None:
    commitments = [Commitment("checkout", f"o{i}", "Q3") for i in range(4)]
    (finding,) = lint_portfolio(commitments=commitments)
    assert finding.rule == "P110" and "checkout" in finding.message
    assert lint_portfolio(commitments=commitments, limits=Limits(max_outcomes_per_team=4)) == []
    spread = [Commitment("checkout", f"o{i}", f"Q{i}") for i in range(4)]
    assert lint_portfolio(commitments=spread) == []


def test_outcome_shared_by_many_teams_needs_a_split() -> None:
    shared = OutcomeDraft(title="Checkout conversion reaches 4%", key="conv")
    commitments = [Commitment(t, "conv", "Q3") for t in ("web", "mobile", "payments")]
    (finding,) = lint_portfolio(outcomes=[shared], commitments=commitments)
    assert finding.rule == "P111" and finding.severity == WARNING
    child = OutcomeDraft(title="Mobile checkout conversion reaches 3%", key="m", parent="conv")
    assert lint_portfolio(outcomes=[shared, child], commitments=commitments) == []


# --- Plain data -------------------------------------------------------------------------------


def test_outcome_from_mapping_reads_api_and_yaml_keys() -> None:
    o = outcome_from_mapping(
        {
            "title": "Trials convert at 25%",
            "metric_name": "trial conversion",
            "baseline_value": "20",
            "baseline_date": "2026-05-01",
            "deadline": date(2026, 9, 30),
            "guardrails": [{"metric": "refunds", "limit": 2}],
        }
    )
    assert o.metric == "trial conversion"
    assert o.baseline_value == 20.0
    assert o.baseline_date == date(2026, 5, 1)
    assert o.guardrails == (Guardrail("refunds", "at_most", 2.0),)
    with pytest.raises(ValueError):
        outcome_from_mapping({"deadline": "next friday"})
    assert bet_from_mapping({"title": "X", "rank": "2"}).rank == 2


def test_summary_counts_errors_and_warnings() -> None:
    findings = lint_outcome(OutcomeDraft(title="Improve retention"), today=TODAY)
    assert summary(findings).startswith(f"{sum(f.is_error for f in findings)} errors")
    assert summary([]) == "Clear: no findings."
