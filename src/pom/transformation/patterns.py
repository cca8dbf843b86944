"""The anti-pattern detector: the ways a product-model transformation goes wrong, read from data.

Pure rules over plain counts (:class:`Facts`, gathered by ``pattern_facts`` in a fixed number of
aggregate queries). Each rule answers one of three ways: the pattern is *found* (with a severity,
the teams it shows in, the evidence one click away, what the data shows and what to do), it is
*clear*, or there is *not enough data* to say — a rule never guesses from a handful of rows.

The families:

* **Feature factory** (John Cutler's signs that data can show): no measurement, shipping without
  outcomes, nothing ever killed on evidence, large batches, team reshuffles, shiny objects.
* **Narrow transformation**: pilots run, but funding and decision rights are unchanged.
* **Stakeholder-driven roadmap**: stakeholders dictate solutions, solutions come from requests.
* **Idea-first teams**: solutions with no opportunity, or an opportunity with no evidence.
* **Big-bang rollout**: a wave with most teams at once, or waves without any pilot.
* **Discovery theatre**: touchpoints that yield no insight, tests that end in no decision.

Every threshold is a named constant below; the README lists them with each rule's definition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

# --- Thresholds -----------------------------------------------------------------------------------

MIN_ROWS = 5  # a share is read for the organization only from at least this many rows
MIN_TEAM_ROWS = 3  # ... and for one team only from at least this many of its rows
UNMEASURED_SHARE = 0.5  # open outcomes with no metric bound and no check-in in the window
UNLINKED_SHARE = 0.5  # releases in the window serving no outcome
HIGH_SHARE = 0.8  # any share rule at or above this is high severity
MIN_WORK_FOR_KILLS = (
    5  # solutions and concluded tests in the window before "nothing killed" is said
)
LARGE_BATCH_CHANGES = 10  # median changes per successful production deployment
MIN_DEPLOYMENTS = 3  # a team's batch size is read from at least this many deployments
RESHUFFLE_SHARE = 0.5  # people joining or leaving in the window, per current member
MIN_TEAM_SIZE = 3  # a team's churn is read only when it has at least this many members
MIN_BETS = 2  # bet churn is read only once this many bets exist
BET_CHURN_MIN = 3  # changes to which bets are active, at least this many (and ≥ active bets)
PROJECT_FUNDING_SHARE = 0.5  # the latest cycle's funding going to projects
LEADERSHIP_SHARE = 0.5  # decisions in the window that were leadership's, not the team's
MIN_DECISIONS = 5
DICTATED_SHARE = 0.3  # stakeholder input typed as a decided solution
STAKEHOLDER_SOLUTION_SHARE = 0.5  # solutions originating from a stakeholder's request
IDEA_FIRST_SHARE = 0.5  # open solutions with no opportunity or no evidence under it
BIG_BANG_SHARE = 0.6  # a wave holding at least this share of the active teams ...
BIG_BANG_MIN_TEAMS = 4  # ... and at least this many teams
EMPTY_TOUCHPOINT_SHARE = 0.7  # touchpoints in the window that recorded no insight
UNDECIDED_TEST_SHARE = 0.5  # tests past their planned end, or concluded, with no decision

FOUND, CLEAR, NO_DATA = "found", "clear", "not_enough_data"
HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITY_ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2, "": 3}

Counts = dict[int | None, tuple[int, int]]  # team id (None: no team) → (matching rows, all rows)


@dataclass
class Facts:
    """Everything the rules read, as plain numbers; built by ``pattern_facts.gather``."""

    window_days: int
    teams: dict[int, str] = field(default_factory=dict)  # active teams: id → name
    slugs: dict[int, str] = field(default_factory=dict)
    pilot_ids: set[int] = field(default_factory=set)
    unmeasured_outcomes: Counts = field(default_factory=dict)
    unlinked_releases: Counts = field(default_factory=dict)
    solutions_in_window: int = 0
    solutions_discarded: int = 0
    tests_concluded: int = 0
    tests_killed: int = 0
    batches: dict[int, list[int]] = field(default_factory=dict)  # team → changes per deployment
    churn: dict[int, tuple[int, int]] = field(default_factory=dict)  # team → (moves, members)
    bets_total: int = 0
    bets_active: int = 0
    bet_changes: int = 0
    funding: tuple[str, float] | None = None  # latest funded cycle, share going to projects
    leadership_decisions: tuple[int, int] = (0, 0)  # (leadership, all) in the window
    dictated_inputs: Counts = field(default_factory=dict)
    stakeholder_solutions: Counts = field(default_factory=dict)
    idea_first: Counts = field(default_factory=dict)
    waves: list[tuple[int, str, int]] = field(default_factory=list)  # (id, name, teams)
    pilots_ever: int = 0
    empty_touchpoints: Counts = field(default_factory=dict)
    undecided_tests: Counts = field(default_factory=dict)


@dataclass
class Hit:
    """One team (or wave) where a finding shows, with its figure and where to see it."""

    name: str
    figure: str
    url: str = ""
    pilot: bool = False


@dataclass
class Finding:
    key: str
    family: str
    title: str
    definition: str
    status: str = CLEAR
    severity: str = ""
    shows: str = ""  # what the data shows and why it matters
    todo: str = ""
    evidence: str = ""
    evidence_label: str = ""
    teams: list[Hit] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.status == FOUND


@dataclass
class Scan:
    findings: list[Finding]
    computed_at: datetime
    window_days: int

    @property
    def found(self) -> list[Finding]:
        hits = [f for f in self.findings if f.found]
        return sorted(hits, key=lambda f: SEVERITY_ORDER[f.severity])

    @property
    def not_enough_data(self) -> list[Finding]:
        return [f for f in self.findings if f.status == NO_DATA]

    @property
    def clear(self) -> list[Finding]:
        return [f for f in self.findings if f.status == CLEAR]


Links = Callable[[str, int | None], str]  # (evidence key, team id or None) → url


def pct(x: float) -> str:
    return f"{round(x * 100)} %"


def _sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _share_severity(share: float) -> str:
    return HIGH if share >= HIGH_SHARE else MEDIUM


def _team_rule(
    f: Finding,
    facts: Facts,
    hits: list[int],
    measured: int,
    figure: Callable[[int], str],
    link: Callable[[int], str],
) -> None:
    """A per-team rule's outcome: the teams it shows in (``hits``, worst first) out of the
    ``measured`` teams it could read; found with high severity when half of them or more."""
    f.teams = [
        Hit(facts.teams.get(t, "Team"), figure(t), link(t), t in facts.pilot_ids) for t in hits
    ]
    if hits:
        f.status = FOUND
        f.severity = HIGH if len(hits) * 2 >= measured else MEDIUM


def _share_rule(
    f: Finding, facts: Facts, rows: Counts, threshold: float, link: str, links: Links, what: str
) -> Finding:
    """A share rule read for the organization and per team: found when the organization's share
    (of at least ``MIN_ROWS`` rows) reaches ``threshold``, or any team's (of ``MIN_TEAM_ROWS``)."""
    hit = sum(h for h, _ in rows.values())
    whole = sum(n for _, n in rows.values())
    teams = [
        Hit(
            facts.teams.get(t, "No team") if t else "No team",
            f"{h} of {n} ({pct(h / n)})",
            links(link, t),
            t in facts.pilot_ids,
        )
        for t, (h, n) in sorted(rows.items(), key=lambda kv: -(kv[1][0] / (kv[1][1] or 1)))
        if t is not None and n >= MIN_TEAM_ROWS and h / n >= threshold
    ]
    f.evidence = links(link, None)
    if whole < MIN_ROWS and not teams:
        f.status = NO_DATA
        f.shows = f"Only {whole} {what} so far; at least {MIN_ROWS} are needed to say."
        return f
    org = hit / whole if whole else 0.0
    if org >= threshold:
        f.status, f.severity = FOUND, _share_severity(org)
    elif teams:
        f.status, f.severity = FOUND, LOW
    f.teams = teams
    f.shows = f"{hit} of {whole} {what} ({pct(org)}). " + f.shows
    return f


def no_measurement(facts: Facts, links: Links) -> Finding:
    f = Finding(
        "no_measurement",
        "Feature factory",
        "No measurement",
        f"Share of draft and committed outcomes with no metric bound and no check-in in the last {facts.window_days} days; found at {pct(UNMEASURED_SHARE)} or more.",
        shows="Without a number that moves, nobody can tell whether the work did anything — shipping becomes the only measure of success.",
        todo="Bind each outcome to a metric (metrics pillar) or have the owning team check in on it every cycle.",
        evidence_label="Outcomes not checked in lately",
    )
    return _share_rule(
        f,
        facts,
        facts.unmeasured_outcomes,
        UNMEASURED_SHARE,
        "stale_outcomes",
        links,
        "open outcomes are unmeasured",
    )


def shipping_without_outcome(facts: Facts, links: Links) -> Finding:
    f = Finding(
        "shipping_without_outcome",
        "Feature factory",
        "Shipping celebrated without outcomes",
        f"Share of releases shipped in the last {facts.window_days} days with no linked solution under an outcome; found at {pct(UNLINKED_SHARE)} or more.",
        shows="Releases that serve no outcome are output for its own sake: the team is measured by what it ships, not by what changes for customers.",
        todo="Link each release to the solution and outcome it serves, and review releases by the outcome they moved rather than by their number.",
        evidence_label="Releases not linked to an outcome",
    )
    return _share_rule(
        f,
        facts,
        facts.unlinked_releases,
        UNLINKED_SHARE,
        "unlinked_releases",
        links,
        "releases serve no outcome",
    )


def nothing_killed(facts: Facts, links: Links) -> Finding:
    work = facts.solutions_in_window + facts.tests_concluded
    kills = facts.solutions_discarded + facts.tests_killed
    f = Finding(
        "nothing_killed",
        "Feature factory",
        "No work ever killed on evidence",
        f"In the last {facts.window_days} days, with at least {MIN_WORK_FOR_KILLS} solutions worked on or tests concluded, no solution was discarded and no test ended in a kill.",
        todo="Test the riskiest assumption of each solution before building it, and record the kill when the evidence says so.",
        evidence=links("tests", None),
        evidence_label="Tests and their decisions",
    )
    if work < MIN_WORK_FOR_KILLS:
        f.status = NO_DATA
        f.shows = f"Only {work} solutions or concluded tests in the window; at least {MIN_WORK_FOR_KILLS} are needed to say."
    elif kills == 0:
        f.status, f.severity = FOUND, HIGH if work >= 2 * MIN_WORK_FOR_KILLS else MEDIUM
        f.shows = f"{facts.solutions_in_window} solutions worked on and {facts.tests_concluded} tests concluded, and not one was killed. When every idea survives, testing is confirming what was already decided."
    else:
        f.shows = f"{kills} solutions discarded or tests killed out of {work}."
    return f


def large_batches(facts: Facts, links: Links) -> Finding:
    f = Finding(
        "large_batches",
        "Feature factory",
        "Large batches",
        f"Median number of changes per successful production deployment in the last {facts.window_days} days, per team with at least {MIN_DEPLOYMENTS} deployments; found at {LARGE_BATCH_CHANGES} or more.",
        todo="Deploy smaller changes more often: split work behind feature flags and ship each change when it is ready.",
        evidence=links("delivery", None),
        evidence_label="Delivery figures by team",
    )
    read = {t: sizes for t, sizes in facts.batches.items() if len(sizes) >= MIN_DEPLOYMENTS}
    if not read:
        f.status = NO_DATA
        f.shows = f"No team has {MIN_DEPLOYMENTS} production deployments with their changes recorded in the window."
        return f
    medians = {t: median(sizes) for t, sizes in read.items()}
    big = sorted(
        (t for t, m in medians.items() if m >= LARGE_BATCH_CHANGES), key=lambda t: -medians[t]
    )
    _team_rule(
        f,
        facts,
        big,
        len(read),
        lambda t: f"median {medians[t]:g} changes per deployment",
        lambda t: links("team_delivery", t),
    )
    if big:
        f.shows = f"{len(big)} of {len(read)} teams deploy {LARGE_BATCH_CHANGES} or more changes at once. Big batches delay feedback and make each release riskier to ship and to learn from."
    else:
        f.shows = f"All {len(read)} teams measured deploy in small batches."
    return f


def reshuffles(facts: Facts, links: Links) -> Finding:
    f = Finding(
        "reshuffles",
        "Feature factory",
        "Team reshuffles",
        f"People who joined or left a team in the last {facts.window_days} days, per current member, for teams with at least {MIN_TEAM_SIZE} members formed before the window; found at {pct(RESHUFFLE_SHARE)} or more.",
        todo="Keep teams stable and bring the work to the team, not people to the work; durable teams learn their customers and their code.",
        evidence=links("member_changes", None),
        evidence_label="Team membership changes (audit log)",
    )
    read = {t: c for t, c in facts.churn.items() if c[1] >= MIN_TEAM_SIZE}
    if not read:
        f.status = NO_DATA
        f.shows = f"No team formed before the window has {MIN_TEAM_SIZE} members yet."
        return f
    hits = sorted(
        (t for t, (moves, size) in read.items() if moves / size >= RESHUFFLE_SHARE),
        key=lambda t: -read[t][0] / read[t][1],
    )
    _team_rule(
        f,
        facts,
        hits,
        len(read),
        lambda t: f"{read[t][0]} moves for {read[t][1]} members",
        lambda t: links("team", t),
    )
    if hits:
        f.shows = f"{len(hits)} of {len(read)} teams had people join or leave at half their size or more. Reshuffled teams lose what they learned about their customers and never become durable."
    else:
        f.shows = f"The {len(read)} teams measured kept their membership."
    return f


def shiny_objects(facts: Facts, links: Links) -> Finding:
    f = Finding(
        "shiny_objects",
        "Feature factory",
        "Shiny objects",
        f"Changes to which strategic bets are active (a bet added active, or its status changed) in the last {facts.window_days} days, once at least {MIN_BETS} bets exist; found at {BET_CHURN_MIN} or more and at least as many as there are active bets.",
        todo="Hold the active bets for at least a cycle and change them on evidence at a portfolio review, not on the latest idea.",
        evidence=links("bets", None),
        evidence_label="Strategic bets",
    )
    if facts.bets_total < MIN_BETS:
        f.status = NO_DATA
        f.shows = (
            f"{facts.bets_total} strategic bets recorded; at least {MIN_BETS} are needed to say."
        )
    elif facts.bet_changes >= max(BET_CHURN_MIN, facts.bets_active):
        f.status = FOUND
        f.severity = (
            HIGH if facts.bet_changes >= 2 * max(BET_CHURN_MIN, facts.bets_active) else MEDIUM
        )
        f.shows = f"{facts.bet_changes} changes to the active bets, with {facts.bets_active} active now. When the bets change faster than teams can finish, every team chases the newest idea."
    else:
        f.shows = f"{facts.bet_changes} changes to the active bets in the window."
    return f


def narrow_transformation(facts: Facts, links: Links) -> Finding:
    lead, decided = facts.leadership_decisions
    f = Finding(
        "narrow_transformation",
        "Narrow transformation",
        "Narrow transformation",
        f"Pilot teams exist, and the latest funded cycle gives {pct(PROJECT_FUNDING_SHARE)} or more of its funding to projects, or {pct(LEADERSHIP_SHARE)} or more of the decisions in the last {facts.window_days} days (at least {MIN_DECISIONS}) were leadership's; high when both hold.",
        todo="Change how money and decisions flow, not only the job titles: fund teams and outcomes, and let the teams make the calls in their own problem space.",
    )
    funding = facts.funding
    funded = funding is not None
    led = decided >= MIN_DECISIONS
    if not facts.pilots_ever or not (funded or led):
        f.status = NO_DATA
        f.shows = (
            "No pilot team is chosen yet, so there is no transformation to judge."
            if not facts.pilots_ever
            else f"No funding is recorded and only {decided} decisions were logged in the window."
        )
        return f
    parts = []
    project_heavy = funding is not None and funding[1] >= PROJECT_FUNDING_SHARE
    leader_heavy = led and lead / decided >= LEADERSHIP_SHARE
    if funding is not None:
        parts.append(f"{pct(funding[1])} of {funding[0]}'s funding goes to projects")
    if led:
        parts.append(f"{lead} of {decided} decisions were leadership's ({pct(lead / decided)})")
    f.shows = _sentence(parts) + "."
    if project_heavy or leader_heavy:
        f.status = FOUND
        f.severity = HIGH if project_heavy and leader_heavy else MEDIUM
        f.shows += " Product managers and pilots alone change little while funding and decision rights stay where they were."
        f.evidence = links("funding" if project_heavy else "leadership_decisions", None)
        f.evidence_label = "Funding by cycle" if project_heavy else "Leadership decisions"
    return f


def stakeholder_roadmap(facts: Facts, links: Links) -> list[Finding]:
    dictated = Finding(
        "dictated_solutions",
        "Stakeholder-driven roadmap",
        "Stakeholders dictate solutions",
        f"Share of stakeholder input received in the last {facts.window_days} days typed as a decided solution; found at {pct(DICTATED_SHARE)} or more.",
        shows="Stakeholders should bring context and constraints; when they bring the solution the team only delivers someone else's idea.",
        todo="Ask stakeholders for the problem and the constraint behind a request, and triage requested solutions into opportunities.",
        evidence_label="The stakeholder inbox",
    )
    origin = Finding(
        "requested_solutions",
        "Stakeholder-driven roadmap",
        "Solutions come from requests",
        f"Share of solutions added in the last {facts.window_days} days that originate from a stakeholder's request; found at {pct(STAKEHOLDER_SOLUTION_SHARE)} or more.",
        shows="A roadmap made of requests has no room for what the team learns from customers.",
        todo="Have the team generate solutions from the opportunities it discovered, and treat requests as input to those opportunities.",
        evidence_label="Discovery by team",
    )
    return [
        _share_rule(
            dictated,
            facts,
            facts.dictated_inputs,
            DICTATED_SHARE,
            "inbox",
            links,
            "stakeholder inputs dictate a solution",
        ),
        _share_rule(
            origin,
            facts,
            facts.stakeholder_solutions,
            STAKEHOLDER_SOLUTION_SHARE,
            "discovery_team",
            links,
            "new solutions came from requests",
        ),
    ]


def idea_first(facts: Facts, links: Links) -> Finding:
    f = Finding(
        "idea_first",
        "Idea-first teams",
        "Idea-first teams",
        f"Share of open solutions added in the last {facts.window_days} days that have no opportunity, or an opportunity with no insight behind it; found at {pct(IDEA_FIRST_SHARE)} or more.",
        shows="Solutions without a customer problem and evidence behind them are ideas looking for a reason.",
        todo="Start from an opportunity backed by insights from customer touchpoints, then generate solutions for it.",
        evidence_label="Discovery by team",
    )
    return _share_rule(
        f,
        facts,
        facts.idea_first,
        IDEA_FIRST_SHARE,
        "discovery_team",
        links,
        "open solutions have no opportunity or no evidence",
    )


def big_bang(facts: Facts, links: Links) -> Finding:
    f = Finding(
        "big_bang",
        "Big-bang rollout",
        "Big-bang rollout",
        f"A rollout wave holds {pct(BIG_BANG_SHARE)} or more of the active teams and at least {BIG_BANG_MIN_TEAMS} teams, or waves are planned while no pilot team was ever chosen.",
        todo="Prove the model with a few pilot teams first, fix the systemic blockers they surface, then scale in small waves with a coach each.",
        evidence=links("rollout", None),
        evidence_label="Rollout waves",
    )
    active = len(facts.teams)
    if not facts.waves:
        f.status = NO_DATA
        f.shows = "No rollout wave is planned yet."
        return f
    big = [
        w
        for w in facts.waves
        if w[2] >= BIG_BANG_MIN_TEAMS and active and w[2] / active >= BIG_BANG_SHARE
    ]
    f.teams = [
        Hit(name, f"{n} of {active} teams", links("wave", pk)) for pk, name, n in big
    ]  # the waves
    if big or not facts.pilots_ever:
        f.status = FOUND
        f.severity = HIGH if big and not facts.pilots_ever else MEDIUM
        said = []
        if big:
            said.append(f"{len(big)} wave(s) move most of the company's {active} teams at once")
        if not facts.pilots_ever:
            said.append("no pilot team was ever chosen")
        f.shows = (
            _sentence(said)
            + ". Everyone at once means nobody has proved the model here and every blocker hits every team."
        )
        if big:
            f.evidence = links("wave", big[0][0])
            f.evidence_label = big[0][1]
    else:
        f.shows = f"{len(facts.waves)} waves, none with most of the {active} teams, after pilots."
    return f


def discovery_theatre(facts: Facts, links: Links) -> list[Finding]:
    empty = Finding(
        "empty_touchpoints",
        "Discovery theatre",
        "Touchpoints without insights",
        f"Share of customer touchpoints in the last {facts.window_days} days that recorded no insight; found at {pct(EMPTY_TOUCHPOINT_SHARE)} or more.",
        shows="Talking to customers without writing down what was learned is discovery for show: nothing reaches the opportunity tree.",
        todo="Capture at least one insight per touchpoint and link it to the opportunity it supports.",
        evidence_label="Touchpoints",
    )
    undecided = Finding(
        "undecided_tests",
        "Discovery theatre",
        "Tests without decisions",
        f"Share of tests that ended or ran past their planned end in the last {facts.window_days} days with no decision (persevere, pivot or kill); found at {pct(UNDECIDED_TEST_SHARE)} or more.",
        shows="A test that ends in no decision changed nothing: the experiment was run for the record.",
        todo="Conclude each test at its planned end with its result and the decision it leads to.",
        evidence_label="Tests running past their end",
    )
    return [
        _share_rule(
            empty,
            facts,
            facts.empty_touchpoints,
            EMPTY_TOUCHPOINT_SHARE,
            "touchpoints",
            links,
            "touchpoints recorded no insight",
        ),
        _share_rule(
            undecided,
            facts,
            facts.undecided_tests,
            UNDECIDED_TEST_SHARE,
            "overdue_tests",
            links,
            "tests have no decision",
        ),
    ]


def evaluate(facts: Facts, links: Links) -> list[Finding]:
    """Every rule, in the order the README lists them."""
    return [
        no_measurement(facts, links),
        shipping_without_outcome(facts, links),
        nothing_killed(facts, links),
        large_batches(facts, links),
        reshuffles(facts, links),
        shiny_objects(facts, links),
        narrow_transformation(facts, links),
        *stakeholder_roadmap(facts, links),
        idea_first(facts, links),
        big_bang(facts, links),
        *discovery_theatre(facts, links),
    ]
