"""The clarity linter: refuses vague strategy before it reaches a team.

"Improve retention" means nothing until it says which segment, which metric, from what baseline,
to what target, by when, and what we are willing to trade for it. This module checks outcome and
bet definitions against those questions and answers each gap with a finding: a rule id, a
severity, the field it is about, a message and a concrete suggestion.

The core is pure Python on plain dataclasses (no Django), so forms, the API, the CLI and the YAML
import all run the same rules, and it is fast enough to lint a whole enterprise's strategy on
every keystroke (see ``bench/bench_linter.py``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from pom.strategy import suggestions, wording
from pom.strategy.drafts import (
    ACTIVE_BET_STATUSES,
    DECREASE,
    DIRECTIONS,
    ERROR,
    INCREASE,
    OPEN_STATUSES,
    WARNING,
    BetDraft,
    Commitment,
    Finding,
    Guardrail,
    Limits,
    OutcomeDraft,
    Window,
    bet_from_mapping,
    errors,
    outcome_from_mapping,
    summary,
)

# --- Wording --------------------------------------------------------------------------------

# An imperative at the start of a clause ("Launch X", "Q3: ship Y", "…; build Z") names work.
_CLAUSE_START = (
    r"(?:^|[:;,.!?(]\s*|\s[-–—]\s*|\bwe\s+(?:will|'ll|must|should)\s+|\band\s+|\bthen\s+)"
)
_OUTPUT_VERBS = (
    "launch",
    "ship",
    "build",
    "release",
    "implement",
    "deliver",
    "deploy",
    "develop",
    "create",
    "redesign",
    "rebuild",
    "rewrite",
    "refactor",
    "integrate",
    "introduce",
    "roll out",
    "set up",
    "upgrade",
    "replace",
    "complete",
    "finish",
    "migrate",
    "move to",
    "revamp",
    "overhaul",
    "go live with",
    "stand up",
)
_OUTPUT_START = re.compile(
    _CLAUSE_START + r"(?P<verb>" + "|".join(re.escape(v) for v in _OUTPUT_VERBS) + r")\b",
    re.IGNORECASE,
)
# "Add dark mode" is work; "Add 500 paying customers" is a (business) result.
_ADD_START = re.compile(_CLAUSE_START + r"(?P<verb>add)\b(?!\s+(?:\d|one|two|three|ten))", re.I)
_OUTPUT_DONE = re.compile(
    r"\b(?P<verb>launched|shipped|released|implemented|delivered|deployed|rolled out|redesigned|"
    r"went live|goes live|feature complete|v\d+(?:\.\d+)*)\b",
    re.IGNORECASE,
)
_SOLUTION_IN_OUTCOME = re.compile(
    r"\b(?:by|through|via|with)\s+(?P<verb>launching|shipping|building|releasing|implementing|"
    r"adding|introducing|redesigning|creating|migrating|rolling out|rewriting|deploying)\b",
    re.IGNORECASE,
)
_VAGUE_METRICS = frozenset(
    {
        "engagement",
        "satisfaction",
        "quality",
        "experience",
        "performance",
        "usage",
        "adoption",
        "growth",
        "success",
        "happiness",
        "value",
        "efficiency",
        "productivity",
        "health",
        "retention",
        "conversion",
        "revenue",
        "kpi",
        "metrics",
        "ux",
        "stickiness",
    }
)
_BROAD_SEGMENTS = frozenset(
    {"users", "customers", "everyone", "all", "all users", "people", "clients", "the market"}
)
_EMPTY_TEXT = frozenset({"", "none", "n/a", "na", "-", "tbd", "nothing", "no", "todo", "?"})


def _first(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group("verb").lower() if match else ""


def output_verb(title: str, reading: wording.Reading | None = None) -> str:
    """The word that makes ``title`` read as work to be done rather than a change in behaviour.

    The grammar of the statement decides (see ``pom.strategy.wording``); the fixed patterns
    below also catch work named later in the statement ("Q3 plan; build the partner portal").
    """
    reading = reading or wording.read(title)
    if reading.kind == wording.OUTPUT:
        return reading.verb
    if reading.kind == wording.MEASURED:
        return ""
    return _first(_OUTPUT_START, title) or _first(_ADD_START, title) or _first(_OUTPUT_DONE, title)


def project_verb(title: str, reading: wording.Reading | None = None) -> str:
    """Like ``output_verb``, but only for work: "Win mid-market logistics teams" is a bet's choice."""
    reading = reading or wording.read(title)
    if reading.kind == wording.OUTPUT:
        won = reading.lemma and wording.verb_class(reading.lemma.split(" ")[0]) == "result"
        return "" if won else reading.verb
    if reading.kind == wording.MEASURED:
        return ""
    return _first(_OUTPUT_START, title) or _first(_OUTPUT_DONE, title)


def vague_word(title: str, reading: wording.Reading | None = None) -> str:
    """The wished-for change in ``title`` when nothing in it says how much, or ""."""
    reading = reading or wording.read(title)
    if reading.measured:
        return ""
    if reading.kind == wording.VAGUE:
        return reading.verb
    if reading.kind == wording.OUTPUT:
        return wording.vague_word(title)
    return ""


def _work_parts(title: str, verb: str, reading: wording.Reading) -> tuple[str, str]:
    """The dictionary form of the work verb and what it works on, for the suggestion."""
    if reading.kind == wording.OUTPUT and reading.verb == verb:
        return reading.lemma, reading.obj
    lemma = wording.verb_lemma(verb.split(" ")[0]) if verb.isalpha() else ""
    _, _, after = title.lower().partition(verb)
    return lemma, after.strip()


def has_number(text: str) -> bool:
    """Does ``text`` say how much (a percentage, money, a count, a from → to)?"""
    return wording.has_measure(text)


def _is_blank(text: str | None) -> bool:
    return (text or "").strip().lower().strip(".") in _EMPTY_TEXT


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}"


# --- One outcome ----------------------------------------------------------------------------


def lint_outcome(
    outcome: OutcomeDraft,
    *,
    today: date | None = None,
    cycle: Window | None = None,
) -> list[Finding]:
    """Every finding about one outcome definition on its own."""
    today = today or date.today()  # noqa: DTZ011 — a calendar date, the caller passes local today
    findings: list[Finding] = []
    add = findings.append
    subject = outcome.key or outcome.title
    title = (outcome.title or "").strip()
    direction = outcome.direction

    if not title:
        add(
            Finding(
                "O100",
                ERROR,
                "title",
                "The outcome has no title.",
                "Say what changes for whom, e.g. “New SMB workspaces invite a teammate within 7 days”.",
                subject,
            )
        )
    reading = wording.read(title)
    verb = output_verb(title, reading)
    if verb:
        add(
            Finding(
                "O101",
                ERROR,
                "title",
                f"“{verb}” describes an output (work we do), not an outcome (a change in what customers or the business do).",
                suggestions.for_output(title, verb, *_work_parts(title, verb, reading)),
                subject,
            )
        )
    else:
        solution = _first(_SOLUTION_IN_OUTCOME, title)
        if solution:
            add(
                Finding(
                    "O102",
                    WARNING,
                    "title",
                    f"The outcome prescribes its solution (“{solution}”).",
                    "Keep the how out of the outcome so the team can discover the best way; move the idea to discovery.",
                    subject,
                )
            )
    vague = vague_word(title, reading)
    if vague and outcome.target_value is None:
        add(
            Finding(
                "O103",
                ERROR,
                "title",
                f"“{vague}” without a number: nobody can tell when it is done.",
                suggestions.for_vague(title, vague),
                subject,
            )
        )

    if not (outcome.metric or "").strip():
        add(
            Finding(
                "O110",
                ERROR,
                "metric",
                "No metric: the outcome cannot be measured.",
                "Name the one number that moves when this outcome is reached, e.g. “weekly active workspaces” or “checkout conversion rate”.",
                subject,
            )
        )
    elif outcome.metric.strip().lower() in _VAGUE_METRICS:
        add(
            Finding(
                "O111",
                WARNING,
                "metric",
                f"“{outcome.metric.strip()}” is a theme, not a metric.",
                f"Make it countable: “{outcome.metric.strip()}” measured how, over what period? "
                "e.g. “share of accounts active 3+ days a week”.",
                subject,
            )
        )
    segment = (outcome.segment or "").strip()
    if not segment:
        add(
            Finding(
                "O112",
                ERROR,
                "segment",
                "No segment: whose behaviour should change?",
                "Name the customers, e.g. “self-serve SMB accounts in their first 30 days”; write “all customers” only if you mean it.",
                subject,
            )
        )
    elif outcome.level == "team" and segment.lower() in _BROAD_SEGMENTS:
        add(
            Finding(
                "O113",
                WARNING,
                "segment",
                f"“{segment}” is too broad for a team outcome.",
                "Narrow it to the customers this team can reach, e.g. “new mobile users on Android”.",
                subject,
            )
        )
    if direction and direction not in DIRECTIONS:
        add(
            Finding(
                "O114",
                ERROR,
                "direction",
                f"Unknown direction “{direction}”.",
                "Use increase, decrease or keep_within.",
                subject,
            )
        )
    elif not direction:
        add(
            Finding(
                "O115",
                ERROR,
                "direction",
                "No direction: should the metric go up, down or stay within a limit?",
                "Choose increase, decrease or keep within.",
                subject,
            )
        )
    if outcome.baseline_value is None:
        add(
            Finding(
                "O120",
                ERROR,
                "baseline_value",
                "No baseline: without a starting point, progress cannot be shown.",
                "Measure the metric today and record the value and the date you measured it.",
                subject,
            )
        )
    elif outcome.baseline_date is None:
        add(
            Finding(
                "O121",
                WARNING,
                "baseline_date",
                "The baseline has no date.",
                "Record when the baseline was measured, so check-ins compare like with like.",
                subject,
            )
        )
    if outcome.target_value is None:
        add(
            Finding(
                "O122",
                ERROR,
                "target_value",
                "No target: nobody can tell when the outcome is reached.",
                "Set the value the metric should reach, e.g. 70 (%) from a baseline of 62.",
                subject,
            )
        )
    if outcome.deadline is None:
        add(
            Finding(
                "O123",
                ERROR,
                "deadline",
                "No deadline: a target without a date is a wish.",
                "Pick the date by which the target should be reached, usually the end of the cycle.",
                subject,
            )
        )

    base, target = outcome.baseline_value, outcome.target_value
    if base is not None and target is not None and direction in (INCREASE, DECREASE):
        wrong = target <= base if direction == INCREASE else target >= base
        if wrong:
            side = "above" if direction == INCREASE else "below"
            add(
                Finding(
                    "O124",
                    ERROR,
                    "target_value",
                    f"The target {_fmt(target)} is not {side} the baseline {_fmt(base)}, "
                    f"but the metric should {direction}.",
                    f"Set a target {side} {_fmt(base)}, or change the direction.",
                    subject,
                )
            )
    if outcome.baseline_date and outcome.deadline and outcome.deadline <= outcome.baseline_date:
        add(
            Finding(
                "O125",
                ERROR,
                "deadline",
                f"The deadline {outcome.deadline.isoformat()} is not after the baseline date "
                f"{outcome.baseline_date.isoformat()}.",
                "The deadline must come after the baseline was measured.",
                subject,
            )
        )
    elif outcome.deadline and outcome.status in OPEN_STATUSES and outcome.deadline < today:
        add(
            Finding(
                "O126",
                ERROR,
                "deadline",
                f"The deadline {outcome.deadline.isoformat()} is in the past.",
                "Move the deadline forward, or mark the outcome achieved, missed or dropped.",
                subject,
            )
        )
    if outcome.baseline_date and outcome.baseline_date > today:
        add(
            Finding(
                "O127",
                WARNING,
                "baseline_date",
                "The baseline date is in the future.",
                "A baseline is a value measured already; use the date it was measured.",
                subject,
            )
        )
    if cycle and outcome.deadline and not (cycle.start <= outcome.deadline <= cycle.end):
        add(
            Finding(
                "O128",
                WARNING,
                "deadline",
                f"The deadline {outcome.deadline.isoformat()} is outside the cycle "
                f"{cycle.name or ''} ({cycle.start.isoformat()} – {cycle.end.isoformat()}).".replace(
                    "  ", " "
                ),
                "Set a deadline inside the cycle, or split the outcome into a per-cycle step.",
                subject,
            )
        )

    if not (outcome.owner_team or "").strip():
        add(
            Finding(
                "O130",
                WARNING if outcome.level == "business" else ERROR,
                "owner_team",
                "No team owns this outcome.",
                "Give it to one team; an outcome everybody owns is owned by nobody.",
                subject,
            )
        )

    if direction in (INCREASE, DECREASE) and not outcome.guardrails:
        add(
            Finding(
                "O140",
                WARNING,
                "guardrails",
                f"Nothing stops this metric being gamed: a(n) {direction} can be bought at the expense of something else.",
                "Add a guardrail, e.g. “support tickets per 1,000 accounts at most 12” or “refund rate at most 2%”.",
                subject,
            )
        )
    for i, guardrail in enumerate(outcome.guardrails):
        if not guardrail.metric.strip() or guardrail.limit is None:
            add(
                Finding(
                    "O141",
                    ERROR,
                    f"guardrails.{i}",
                    "A guardrail needs both a metric and a limit.",
                    "Write it as metric, at most / at least, limit, e.g. “p95 page load at most 800 ms”.",
                    subject,
                )
            )
        elif guardrail.comparison not in ("at_most", "at_least"):
            add(
                Finding(
                    "O142",
                    ERROR,
                    f"guardrails.{i}",
                    f"Unknown guardrail comparison “{guardrail.comparison}”.",
                    "Use at_most or at_least.",
                    subject,
                )
            )
    return findings


# --- One bet --------------------------------------------------------------------------------


def lint_bet(bet: BetDraft) -> list[Finding]:
    findings: list[Finding] = []
    subject = bet.key or bet.title
    if not (bet.title or "").strip():
        findings.append(
            Finding(
                "B100",
                ERROR,
                "title",
                "The bet has no title.",
                "Name where you choose to win, e.g. “Win mid-market logistics teams in Europe”.",
                subject,
            )
        )
    if _is_blank(bet.tradeoffs):
        findings.append(
            Finding(
                "B101",
                ERROR,
                "tradeoffs",
                "No trade-offs: a bet that sacrifices nothing is not a choice.",
                "Say what you will explicitly not do or let slip, e.g. “No new enterprise custom work in 2026; "
                "SMB feature requests wait”.",
                subject,
            )
        )
    if (bet.insight or "").strip() == "":
        findings.append(
            Finding(
                "B102",
                WARNING,
                "insight",
                "No market insight: why do we believe this bet will pay off?",
                "State the insight behind it, e.g. “Logistics SMBs churn when dispatch is manual; 40% of "
                "trials cite it”.",
                subject,
            )
        )
    if bet.status in ACTIVE_BET_STATUSES and bet.rank is None:
        findings.append(
            Finding(
                "B103",
                ERROR,
                "rank",
                "An active bet needs a rank.",
                "Rank it against the other active bets: 1 is the one you would keep if you could keep only one.",
                subject,
            )
        )
    reading = wording.read(bet.title or "")
    verb = project_verb(bet.title or "", reading)
    if verb:
        findings.append(
            Finding(
                "B104",
                WARNING,
                "title",
                f"“{verb}” describes a project, not a choice about where to win.",
                suggestions.for_project(bet.title, verb, _work_parts(bet.title, verb, reading)[1]),
                subject,
            )
        )
    return findings


# --- The portfolio --------------------------------------------------------------------------


def lint_portfolio(
    bets: Iterable[BetDraft] = (),
    outcomes: Iterable[OutcomeDraft] = (),
    commitments: Iterable[Commitment] = (),
    limits: Limits | None = None,
) -> list[Finding]:
    """Rules that need more than one row: bet count and ranking, team load, shared outcomes."""
    limits = limits or Limits()
    findings: list[Finding] = []
    active = [b for b in bets if b.status in ACTIVE_BET_STATUSES]
    if len(active) > limits.max_active_bets:
        findings.append(
            Finding(
                "P100",
                ERROR,
                "bets",
                f"{len(active)} active bets; focus means at most {limits.max_active_bets}.",
                "Pause or drop the lowest-ranked bets until the rest fit.",
            )
        )
    ranks = Counter(b.rank for b in active if b.rank is not None)
    for rank, count in sorted(ranks.items()):
        if count > 1:
            names = ", ".join(f"“{b.title}”" for b in active if b.rank == rank)
            findings.append(
                Finding(
                    "P101",
                    ERROR,
                    "rank",
                    f"{count} active bets share rank {rank} ({names}): they are not strictly ranked.",
                    "Decide which matters more; each active bet gets its own rank.",
                    subject=str(rank),
                )
            )
    outcome_list = list(outcomes)
    by_key = {o.key: o for o in outcome_list if o.key}
    per_team: dict[tuple[str, str], set[str]] = defaultdict(set)
    per_outcome: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in commitments:
        per_team[(c.cycle, c.team)].add(c.outcome)
        per_outcome[(c.cycle, c.outcome)].add(c.team)
    for (cycle, team), committed in sorted(per_team.items()):
        if len(committed) > limits.max_outcomes_per_team:
            where = f" in {cycle}" if cycle else ""
            findings.append(
                Finding(
                    "P110",
                    ERROR,
                    "commitments",
                    f"{team} is committed to {len(committed)} outcomes{where}; the limit is "
                    f"{limits.max_outcomes_per_team}.",
                    "A team that chases everything moves nothing: drop or hand over the least important ones.",
                    subject=team,
                )
            )
    children = {o.parent for o in outcome_list if o.parent}
    for (_cycle, outcome_key), teams in sorted(per_outcome.items()):
        if len(teams) > limits.max_teams_per_outcome and outcome_key not in children:
            title = by_key[outcome_key].title if outcome_key in by_key else outcome_key
            findings.append(
                Finding(
                    "P111",
                    WARNING,
                    "commitments",
                    f"“{title}” is shared by {len(teams)} teams with no child outcomes to split it.",
                    "Give each team its own child outcome that contributes to this one.",
                    subject=outcome_key,
                )
            )
    return findings


__all__ = [
    "DIRECTIONS",
    "ERROR",
    "WARNING",
    "BetDraft",
    "Commitment",
    "Finding",
    "Guardrail",
    "Limits",
    "OutcomeDraft",
    "Window",
    "bet_from_mapping",
    "errors",
    "lint_bet",
    "lint_outcome",
    "lint_portfolio",
    "outcome_from_mapping",
    "output_verb",
    "project_verb",
    "summary",
    "vague_word",
]
