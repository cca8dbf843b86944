"""What the bench measures: every page and list endpoint, as the seeded organization's owner.

A target is a name, a path (or a function of the seeded state that returns one) and a kind:
``page`` requests go with the signed-in browser session, ``api`` requests with a Bearer token.
Each pillar adds its targets in its own marked section below; ``bench/run.py`` needs no change.

A path function gets a ``BenchState`` and may look things up through the API, e.g.::

    Target("team page", lambda s: f"/teams/{s.first_id('/api/v1/teams')}/", "page")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class BenchState:
    """The seeded organization, as the targets see it."""

    teams: int
    org_slug: str
    owner_email: str
    # GET an API path as the owner (Bearer token) and return the decoded JSON.
    get_json: Callable[[str], Any]
    cache: dict[str, Any] = field(default_factory=dict)

    def first_id(self, list_path: str, **query: str) -> int:
        """The id of the first row a paginated list endpoint returns (looked up once per run)."""
        params = "&".join(f"{k}={v}" for k, v in {"page_size": "1", **query}.items())
        url = f"{list_path}{'&' if '?' in list_path else '?'}{params}"
        if url not in self.cache:
            items = self.get_json(url)["items"]
            if not items:
                raise LookupError(f"{list_path} returned no rows to pick an id from")
            self.cache[url] = items[0]["id"]
        return int(self.cache[url])


@dataclass(frozen=True)
class Target:
    name: str
    path: str | Callable[[BenchState], str]
    kind: str = "page"  # "page" or "api"

    def resolve(self, state: BenchState) -> str:
        return self.path(state) if callable(self.path) else self.path


def _team_slug(state: BenchState) -> str:
    """The slug of the first team the teams list returns."""
    key = "teams:slug"
    if key not in state.cache:
        items = state.get_json("/api/v1/teams?page_size=1")["items"]
        if not items:
            raise LookupError("no teams were seeded")
        state.cache[key] = items[0]["slug"]
    return str(state.cache[key])


def _tree_outcome(state: BenchState) -> int:
    """An outcome that has an opportunity tree (discovery)."""
    key = "discovery:tree-outcome"
    if key not in state.cache:
        items = state.get_json("/api/v1/discovery/opportunities?page_size=1")["items"]
        if not items:
            raise LookupError("no opportunities were seeded")
        state.cache[key] = items[0]["outcome_id"]
    return int(state.cache[key])


TARGETS: list[Target] = [
    # --- Foundation: home, people, audit log, tokens ----------------------------------------------
    Target("home", "/", "page"),
    Target("members", "/accounts/members/", "page"),
    Target("members: search", "/accounts/members/?q=maria", "page"),
    Target("members: page 10", "/accounts/members/?page=10", "page"),
    Target("audit log", "/audit/", "page"),
    Target("tokens", "/accounts/tokens/", "page"),
    Target("api me", "/api/v1/me", "api"),
    Target("api organizations", "/api/v1/organizations", "api"),
    Target("api memberships", "/api/v1/memberships", "api"),
    Target("api memberships: 500", "/api/v1/memberships?page_size=500", "api"),
    Target("api invitations", "/api/v1/invitations", "api"),
    Target("api audit", "/api/v1/audit", "api"),
    Target("api tokens", "/api/v1/tokens", "api"),
    # --- Transformation (pillar: transformation) ----------------------------------------------------
    Target("transformation home", "/transformation/", "page"),
    Target("transformation readiness", "/transformation/readiness/", "page"),
    Target("transformation pilots", "/transformation/pilots/", "page"),
    Target("transformation pilots: page 10", "/transformation/pilots/?page=10", "page"),
    Target("transformation pilots: search", "/transformation/pilots/?q=team", "page"),
    Target(
        "transformation pilot team", lambda s: f"/transformation/pilots/{_team_slug(s)}/", "page"
    ),
    Target("api transformation readiness", "/api/v1/transformation/readiness", "api"),
    Target("api transformation pilots", "/api/v1/transformation/pilots/candidates", "api"),
    Target(
        "api transformation pilots: 500",
        "/api/v1/transformation/pilots/candidates?page_size=500",
        "api",
    ),
    Target(
        "api transformation pilot recommendation",
        "/api/v1/transformation/pilots/recommendation",
        "api",
    ),
    Target("api transformation pilot choices", "/api/v1/transformation/pilots/choices", "api"),
    Target("transformation rollout", "/transformation/rollout/", "page"),
    Target("transformation resistance", "/transformation/resistance/", "page"),
    Target("transformation signs", "/transformation/signs/", "page"),
    Target("api transformation waves", "/api/v1/transformation/waves", "api"),
    Target("api transformation blockers", "/api/v1/transformation/blockers", "api"),
    Target("api transformation objections", "/api/v1/transformation/objections", "api"),
    Target("api transformation signs", "/api/v1/transformation/signs", "api"),
    Target(
        "transformation assessment",
        lambda s: f"/transformation/readiness/{s.first_id('/api/v1/transformation/readiness')}/",
        "page",
    ),
    Target(
        "transformation wave",
        lambda s: f"/transformation/rollout/waves/{s.first_id('/api/v1/transformation/waves')}/",
        "page",
    ),
    Target(
        "transformation blocker",
        lambda s: (
            f"/transformation/rollout/blockers/{s.first_id('/api/v1/transformation/blockers')}/"
        ),
        "page",
    ),
    Target(
        "transformation objection",
        lambda s: f"/transformation/resistance/{s.first_id('/api/v1/transformation/objections')}/",
        "page",
    ),
    Target(
        "api transformation assessment",
        lambda s: (
            f"/api/v1/transformation/readiness/{s.first_id('/api/v1/transformation/readiness')}"
        ),
        "api",
    ),
    Target(
        "api transformation pilot candidate",
        lambda s: f"/api/v1/transformation/pilots/candidates/{s.first_id('/api/v1/teams')}",
        "api",
    ),
    Target(
        "api transformation wave",
        lambda s: f"/api/v1/transformation/waves/{s.first_id('/api/v1/transformation/waves')}",
        "api",
    ),
    # --- Teams (pillar: teams) — add the teams pages and list endpoints here ----------------------
    Target("teams index", "/teams/", "page"),
    Target("teams index: incomplete trios", "/teams/?gap=trio", "page"),
    Target("teams index: project model", "/teams/?mode=project", "page"),
    Target("organization map", "/teams/map/", "page"),
    Target("team page", lambda s: f"/teams/{_team_slug(s)}/", "page"),
    Target("people", "/teams/people/", "page"),
    Target("person page", lambda s: f"/teams/people/{s.first_id('/api/v1/teams/people')}/", "page"),
    Target("product areas", "/teams/areas/", "page"),
    Target("api teams", "/api/v1/teams", "api"),
    Target("api team", lambda s: f"/api/v1/teams/{s.first_id('/api/v1/teams')}", "api"),
    Target("api people", "/api/v1/teams/people", "api"),
    Target("api team members", "/api/v1/teams/members", "api"),
    Target("api areas", "/api/v1/teams/areas", "api"),
    # --- Strategy (pillar: strategy) — add the strategy pages and list endpoints here -------------
    Target("strategy home", "/strategy/", "page"),
    Target("strategy map", "/strategy/map/", "page"),
    Target("principles", "/strategy/principles/", "page"),
    Target("outcomes", "/strategy/outcomes/", "page"),
    Target(
        "outcome page",
        lambda s: f"/strategy/outcomes/{s.first_id('/api/v1/strategy/outcomes')}/",
        "page",
    ),
    Target(
        "outcome workspace (with a tree)",
        lambda s: f"/strategy/outcomes/{_tree_outcome(s)}/",
        "page",
    ),
    Target("outcomes: off track", "/strategy/outcomes/?attention=off_track", "page"),
    Target("outcomes: guardrail breached", "/strategy/outcomes/?attention=breached", "page"),
    Target("cycles", "/strategy/cycles/", "page"),
    Target(
        "cycle planning",
        lambda s: f"/strategy/cycles/{s.first_id('/api/v1/strategy/cycles')}/",
        "page",
    ),
    Target("projects", "/strategy/projects/", "page"),
    Target("api bets", "/api/v1/strategy/bets", "api"),
    Target("api cycles", "/api/v1/strategy/cycles", "api"),
    Target("api outcomes", "/api/v1/strategy/outcomes", "api"),
    Target("api outcomes: 500", "/api/v1/strategy/outcomes?page_size=500", "api"),
    Target("api commitments", "/api/v1/strategy/commitments", "api"),
    Target("api projects", "/api/v1/strategy/projects", "api"),
    Target("api funding", "/api/v1/strategy/funding", "api"),
    Target("api strategy map", "/api/v1/strategy/map", "api"),
    # --- Discovery (pillar: discovery) — add the discovery pages and list endpoints here ----------
    Target("discovery overview", "/discovery/", "page"),
    Target("discovery team", lambda s: f"/discovery/teams/{s.first_id('/api/v1/teams')}/", "page"),
    Target("touchpoints", "/discovery/touchpoints/", "page"),
    Target("touchpoints: page 5", "/discovery/touchpoints/?page=5", "page"),
    Target("insights", "/discovery/insights/", "page"),
    Target("insights: search", "/discovery/insights/?q=spreadsheet", "page"),
    Target("insights: two words", "/discovery/insights/?q=delivery+dates", "page"),
    Target("opportunity tree", lambda s: f"/discovery/outcomes/{_tree_outcome(s)}/tree/", "page"),
    Target(
        "opportunity panel",
        lambda s: f"/discovery/opportunities/{s.first_id('/api/v1/discovery/opportunities')}/",
        "page",
    ),
    Target("stakeholder inbox", "/discovery/inbox/", "page"),
    Target("stakeholder inbox: all", "/discovery/inbox/?triage=", "page"),
    Target("decision log", "/discovery/decisions/", "page"),
    Target("decision log: due for revisit", "/discovery/decisions/?due=1", "page"),
    Target("import", "/discovery/import/", "page"),
    Target("api touchpoints", "/api/v1/discovery/touchpoints", "api"),
    Target("api insights", "/api/v1/discovery/insights", "api"),
    Target("api insights: search", "/api/v1/discovery/insights?q=spreadsheet", "api"),
    Target("api opportunities", "/api/v1/discovery/opportunities", "api"),
    Target("api opportunities: 500", "/api/v1/discovery/opportunities?page_size=500", "api"),
    Target("api solutions", "/api/v1/discovery/solutions", "api"),
    Target("api inputs", "/api/v1/discovery/inputs", "api"),
    Target("api decisions", "/api/v1/discovery/decisions", "api"),
    Target("api decisions: due", "/api/v1/discovery/decisions?due=true", "api"),
    Target("api tree", lambda s: f"/api/v1/discovery/outcomes/{_tree_outcome(s)}/tree", "api"),
    Target(
        "api team cadence",
        lambda s: f"/api/v1/discovery/teams/{s.first_id('/api/v1/teams')}/cadence",
        "api",
    ),
    # --- Experiments (pillar: experiments) — add the experiments pages and endpoints here ---------
    Target("tests board", "/experiments/", "page"),
    Target("assumption map", "/experiments/map/", "page"),
    Target("tests board: past planned end", "/experiments/?overdue=true", "page"),
    Target("assumption map: risky, untested", "/experiments/map/?risky=true", "page"),
    Target(
        "test page",
        lambda s: f"/experiments/tests/{s.first_id('/api/v1/experiments/tests')}/",
        "page",
    ),
    Target("sample-size calculator", "/experiments/sample-size/", "page"),
    Target("api assumptions", "/api/v1/experiments/assumptions", "api"),
    Target("api tests", "/api/v1/experiments/tests", "api"),
    # --- Metrics (pillar: metrics) — 10 generated metrics per team, two years of daily points ---
    Target("metrics", "/metrics/", "page"),
    Target("metrics: search", "/metrics/?q=generated+metric+001", "page"),
    Target("metrics: page 20", "/metrics/?page=20", "page"),
    Target(
        "metric page (730 points)",
        lambda s: (
            f"/metrics/{s.first_id('/api/v1/metrics/definitions', q='Generated metric 00001')}/"
        ),
        "page",
    ),
    Target(
        "metric page (demo, refreshed)",
        lambda s: f"/metrics/{s.first_id('/api/v1/metrics/definitions', q='Share of key tasks')}/",
        "page",
    ),
    Target(
        "outcome numbers (forecast)",
        lambda s: f"/metrics/outcomes/{s.first_id('/api/v1/strategy/outcomes', q='on mobile')}/",
        "page",
    ),
    Target("data sources", "/metrics/sources/", "page"),
    Target(
        "data source page",
        lambda s: f"/metrics/sources/{s.first_id('/api/v1/metrics/sources')}/",
        "page",
    ),
    Target(
        "metric refresh panel",
        lambda s: (
            f"/metrics/{s.first_id('/api/v1/metrics/definitions', q='Generated metric 00001')}/status/"
        ),
        "page",
    ),
    Target("outcome picker search", "/pick/outcomes/?q=mobile", "page"),
    Target("new metric form", "/metrics/new/", "page"),
    Target("api metrics sources", "/api/v1/metrics/sources", "api"),
    Target(
        "api metric refreshes",
        lambda s: (
            f"/api/v1/metrics/definitions/{s.first_id('/api/v1/metrics/definitions', q='Generated metric 00001')}/refreshes"
        ),
        "api",
    ),
    Target("api metrics", "/api/v1/metrics/definitions", "api"),
    Target("api metrics: 500", "/api/v1/metrics/definitions?page_size=500", "api"),
    Target(
        "api metric points (730)",
        lambda s: (
            f"/api/v1/metrics/definitions/{s.first_id('/api/v1/metrics/definitions', q='Generated metric 00001')}/points"
        ),
        "api",
    ),
    Target(
        "api outcome numbers",
        lambda s: (
            f"/api/v1/metrics/outcomes/{s.first_id('/api/v1/strategy/outcomes', q='on mobile')}"
        ),
        "api",
    ),
    # --- Delivery (pillar: delivery) — add the delivery pages and list endpoints here -------------
    Target("releases", "/delivery/releases/", "page"),
    Target("releases: unlinked", "/delivery/releases/?linked=no", "page"),
    Target("releases: search", "/delivery/releases/?q=reorder", "page"),
    Target("releases: page 5", "/delivery/releases/?page=5", "page"),
    Target("solution picker search", "/pick/solutions/?q=export", "page"),
    Target("api releases", "/api/v1/delivery/releases", "api"),
    Target("api releases: 500", "/api/v1/delivery/releases?page_size=500", "api"),
    Target("delivery overview", "/delivery/", "page"),
    Target("delivery overview: page 10", "/delivery/?page=10", "page"),
    Target("delivery overview: a year", lambda s: "/delivery/?days=365", "page"),
    Target(
        "team delivery page", lambda s: f"/delivery/teams/{s.first_id('/api/v1/teams')}/", "page"
    ),
    Target(
        "release page",
        lambda s: f"/delivery/releases/{s.first_id('/api/v1/delivery/releases')}/",
        "page",
    ),
    Target("delivery setup", "/delivery/setup/", "page"),
    Target("api deployments", "/api/v1/delivery/deployments", "api"),
    Target("api deployments: 500", "/api/v1/delivery/deployments?page_size=500", "api"),
    Target(
        "api deployments: a team",
        lambda s: f"/api/v1/delivery/deployments?team_id={s.first_id('/api/v1/teams')}",
        "api",
    ),
    Target("api changes", "/api/v1/delivery/changes", "api"),
    Target("api changes: page 100", "/api/v1/delivery/changes?page=100", "api"),
    Target(
        "api changes: a team",
        lambda s: f"/api/v1/delivery/changes?team_id={s.first_id('/api/v1/teams')}",
        "api",
    ),
    Target("api incidents", "/api/v1/delivery/incidents", "api"),
    Target("api repositories", "/api/v1/delivery/repositories", "api"),
    Target("api figures", "/api/v1/delivery/figures", "api"),
    Target(
        "api team figures",
        lambda s: f"/api/v1/delivery/teams/{s.first_id('/api/v1/teams')}/figures",
        "api",
    ),
    # --- Culture (pillar: culture) — rituals compiled from the teams' data ------------------------
    Target("demos", "/culture/", "page"),
    Target("demos: team search", "/culture/?q=team", "page"),
    Target(
        "demo being prepared (compiled live)",
        lambda s: f"/culture/demos/{s.first_id('/api/v1/culture/demos', status='draft')}/",
        "page",
    ),
    Target(
        "demo held (snapshot)",
        lambda s: f"/culture/demos/{s.first_id('/api/v1/culture/demos', status='held')}/",
        "page",
    ),
    Target(
        "demo markdown",
        lambda s: f"/culture/demos/{s.first_id('/api/v1/culture/demos', status='draft')}/markdown/",
        "page",
    ),
    Target("portfolio reviews", "/culture/reviews/", "page"),
    Target(
        "portfolio review being prepared (compiled live)",
        lambda s: f"/culture/reviews/{s.first_id('/api/v1/culture/reviews', status='draft')}/",
        "page",
    ),
    Target(
        "portfolio review held (snapshot)",
        lambda s: f"/culture/reviews/{s.first_id('/api/v1/culture/reviews', status='held')}/",
        "page",
    ),
    Target(
        "portfolio review: one bet",
        lambda s: (
            f"/culture/reviews/{s.first_id('/api/v1/culture/reviews', status='draft')}/"
            f"?bet={s.first_id('/api/v1/strategy/bets', status='active')}"
        ),
        "page",
    ),
    Target("api reviews", "/api/v1/culture/reviews", "api"),
    Target(
        "api portfolio review being prepared (compiled live)",
        lambda s: (
            f"/api/v1/culture/reviews/{s.first_id('/api/v1/culture/reviews', status='draft')}"
        ),
        "api",
    ),
    Target(
        "portfolio review markdown (compiled live)",
        lambda s: (
            f"/culture/reviews/{s.first_id('/api/v1/culture/reviews', status='draft')}/markdown/"
        ),
        "page",
    ),
    Target("demo prepare form", lambda s: f"/culture/teams/{_team_slug(s)}/demos/new/", "page"),
    Target("ritual calendar", "/culture/rituals/", "page"),
    Target("ritual calendar: overdue", "/culture/rituals/?overdue=1", "page"),
    Target("ritual calendar: page 10", "/culture/rituals/?page=10", "page"),
    Target("api ritual calendar", "/api/v1/culture/calendar", "api"),
    Target("api ritual cadences", "/api/v1/culture/cadences", "api"),
    Target("learning log", "/culture/learnings/", "page"),
    Target("learning log: search", "/culture/learnings/?q=customers", "page"),
    Target("learning log: this quarter", "/culture/learnings/?quarter=2026-Q4", "page"),
    Target("api learnings", "/api/v1/culture/learnings", "api"),
    Target("api demos", "/api/v1/culture/demos", "api"),
    Target(
        "api demo",
        lambda s: f"/api/v1/culture/demos/{s.first_id('/api/v1/culture/demos', status='draft')}",
        "api",
    ),
]
