"""The pillars in the main navigation, and what each will hold until its app is built."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Pillar:
    key: str
    label: str
    summary: str
    coming: tuple[str, ...]
    url_name: str = "core:pillar"

    @property
    def url(self) -> str:
        if self.url_name == "core:pillar":
            return reverse("core:pillar", args=[self.key])
        return reverse(self.url_name)


PILLARS: tuple[Pillar, ...] = (
    Pillar(
        "strategy",
        "Strategy",
        "Your product vision, ranked strategic bets and the measurable outcomes they turn into.",
        (
            "A product vision and strategic bets ranked one to N, each with its trade-offs",
            "Outcomes with metric, segment, baseline, target and deadline, checked by a clarity linter",
            "Cycle planning: which teams commit to which outcomes, and how funding is mixed",
        ),
        url_name="strategy:index",
    ),
    Pillar(
        "teams",
        "Teams",
        "Durable, cross-functional product teams and the problem spaces they own.",
        (
            "Teams with their mission, topology, lifecycle stage and operating mode",
            "Trio completeness (product manager, designer, tech lead) and over-allocation at a glance",
            "An organization map of product areas and their teams",
        ),
        url_name="teams:index",
    ),
    Pillar(
        "discovery",
        "Discovery",
        "Weekly customer touchpoints, evidence, and the opportunity solution tree.",
        (
            "A touchpoint log and an insight repository with search",
            "Opportunity solution trees under each outcome",
            "Assumptions, assumption tests and experiment statistics",
        ),
        url_name="discovery:index",
    ),
    Pillar(
        "delivery",
        "Delivery",
        "Small, frequent releases of validated solutions, traced up to the outcome they serve.",
        (
            "Releases linked to the solutions they ship",
            "Cadence, batch size and lead time per team",
        ),
        url_name="delivery:overview",
    ),
    Pillar(
        "metrics",
        "Metrics",
        "The numbers behind your outcomes, computed where your data lives.",
        (
            "Read-only data sources (embedded files or your warehouse)",
            "Metric definitions evaluated in the data source, with their time series",
        ),
        url_name="metrics:index",
    ),
    Pillar(
        "culture",
        "Culture",
        "The rituals that keep the model alive, and what the organization learns.",
        (
            "Discovery-delivery demos compiled from each team's own data",
            "Outcome check-ins and portfolio reviews",
            "A blameless log of learnings",
        ),
        url_name="culture:index",
    ),
    Pillar(
        "transformation",
        "Transformation",
        "Moving from the project model to the product model, measured from your own data.",
        (
            "Readiness, pilot-team selection and rollout waves",
            "Health signals: funding by outcome, outcomes over outputs, empowered teams",
            "The clarity pulse: can people name what matters most and how their work contributes?",
        ),
        url_name="transformation:index",
    ),
)

PILLARS_BY_KEY = {p.key: p for p in PILLARS}


# --- A pillar's own sections (the second navigation row) ---------------------------------------


@dataclass(frozen=True)
class Section:
    """One link of a pillar's section navigation; ``key`` is what a page names as its ``section``.

    With a ``permission``, only members that rule allows see the link (the page itself checks
    the same rule), so nobody is offered a section that would answer 403.
    """

    key: str
    label: str
    url_name: str
    permission: str | None = None


@dataclass(frozen=True)
class SectionNav:
    label: str  # for screen readers: "Strategy sections"
    sections: tuple[Section, ...]


# One entry per pillar app; a page shows its row with {% subnav "teams" "people" %}.
SECTIONS: dict[str, SectionNav] = {
    "strategy": SectionNav(
        "Strategy sections",
        (
            Section("home", "Vision & bets", "strategy:index"),
            Section("principles", "Principles", "strategy:principles"),
            Section("map", "Strategy map", "strategy:map"),
            Section("outcomes", "Outcomes", "strategy:outcomes"),
            Section("cycles", "Cycles & funding", "strategy:cycles"),
            Section("projects", "Projects", "strategy:projects"),
            Section("import", "Import", "strategy:import", "strategy.manage"),
            Section("", "Export YAML", "strategy:export"),
        ),
    ),
    "teams": SectionNav(
        "Teams",
        (
            Section("index", "Teams", "teams:index"),
            Section("map", "Organization map", "teams:map"),
            Section("people", "People", "teams:people"),
            Section("areas", "Product areas", "teams:areas"),
            Section("import", "Import", "teams:import", "teams.import"),
            Section("", "Export YAML", "teams:export"),
            Section("settings", "Settings", "teams:settings"),
        ),
    ),
    "discovery": SectionNav(
        "Discovery",
        (
            Section("index", "Overview", "discovery:index"),
            Section("touchpoints", "Touchpoints", "discovery:touchpoints"),
            Section("insights", "Insights", "discovery:insights"),
            Section("inbox", "Stakeholder input", "discovery:inbox"),
            Section("decisions", "Decisions", "discovery:decisions"),
            Section("experiments", "Experiments", "experiments:index"),
            Section("import", "Import", "discovery:import", "discovery.edit"),
        ),
    ),
    "experiments": SectionNav(
        "Experiments",
        (
            Section("", "← Discovery", "discovery:index"),
            Section("board", "Tests board", "experiments:index"),
            Section("map", "Assumption map", "experiments:map"),
            Section("sample_size", "Sample size", "experiments:sample_size"),
        ),
    ),
    "delivery": SectionNav(
        "Delivery",
        (
            Section("overview", "Overview", "delivery:overview"),
            Section("releases", "Releases", "delivery:releases"),
            Section("import", "Import", "delivery:import", "delivery.edit"),
            Section("setup", "Setup", "delivery:setup", "delivery.ingest"),
        ),
    ),
    "metrics": SectionNav(
        "Metrics",
        (
            Section("metrics", "Metrics", "metrics:index"),
            Section("sources", "Data sources", "metrics:sources"),
        ),
    ),
    "culture": SectionNav(
        "Culture",
        (
            Section("demos", "Demos", "culture:index"),
            Section("learnings", "Learning log", "culture:learnings"),
            Section("reviews", "Portfolio reviews", "culture:reviews"),
            Section("calendar", "Ritual calendar", "culture:calendar"),
            Section("notifications", "Notifications", "culture:preferences"),
        ),
    ),
    "transformation": SectionNav(
        "Transformation sections",
        (
            Section("home", "Overview", "transformation:index"),
            Section("readiness", "Readiness", "transformation:readiness"),
            Section("pilots", "Pilot teams", "transformation:pilots"),
            Section("rollout", "Rollout", "transformation:rollout"),
            Section("resistance", "Resistance", "transformation:resistance"),
            Section("signs", "Is it working?", "transformation:signs"),
            Section("patterns", "Anti-patterns", "transformation:patterns"),
            Section("clarity", "Clarity", "transformation:clarity"),
        ),
    ),
}
