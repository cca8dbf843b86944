"""Generated delivery history for ``pom seed`` and ``pom demo``: every team gets a repository, a
deployment history in one DORA band (elite, high, medium or low, in turn), the changes each
deployment carried, incidents some deployments caused, and releases linked to its solutions —
most to a solution under an outcome, some unlinked, so that "unlinked work" shows up as a finding.

Written with ``bulk_create`` like every seeder (generated data is not a change anybody made); the
links between deployments, changes and incidents follow the same rules as ingest does. The daily
rollup (``pom.delivery.rollup``) is built from the rows at the end.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pom.core.planner import refresh_statistics
from pom.core.seeding import SeedContext
from pom.delivery import rollup
from pom.delivery.models import (
    Change,
    Deployment,
    DeploymentResult,
    Environment,
    Incident,
    IngestSource,
    IngestSourceKind,
    Release,
    ReleaseKind,
    Repository,
    Severity,
    Source,
)
from pom.discovery.models import Solution
from pom.teams.models import Team

HOUR, DAY = 3600.0, 86400.0
CHUNK = 25
RELEASE_TITLES = [
    "{s}",
    "{s}: first slice",
    "{s} for everyone",
    "{s} behind a flag",
    "Faster {s}",
]
CHORES = ["Dependency updates", "Logging clean-up", "Build pipeline upgrade", "Flaky test fixes"]


@dataclass(frozen=True)
class Profile:
    """How a team in one band delivers: deployments per workday, lead time, failures, recovery."""

    per_workday: float
    lead_hours: tuple[float, float]
    failure_rate: float
    restore_hours: tuple[float, float]
    changes: tuple[int, int]
    release_every_days: int


# Sized so that 1,000 teams over two years make about 500,000 deployments and 2,000,000 changes
# (the scale issue 10's budgets are set at): an elite team ships three times a workday, 2-5 changes
# each; a high one on three workdays in five (so a median week has 3 deployment days, still
# "high"), 2-8 changes each.
PROFILES = [
    Profile(3.0, (2, 20), 0.03, (0.2, 0.8), (2, 5), 3),  # elite
    Profile(0.6, (26, 120), 0.08, (2, 14), (2, 8), 7),  # high
    Profile(0.07, (8 * 24, 25 * 24), 0.13, (30, 120), (6, 15), 14),  # medium
    Profile(0.02, (35 * 24, 70 * 24), 0.3, (8 * 24, 20 * 24), (15, 40), 35),  # low
]


def seed_delivery(ctx: SeedContext) -> None:
    org = ctx.organization
    teams = list(ctx.made.get("teams") or Team.objects.for_org(org).order_by("id"))
    if not teams:
        return
    history = 180 if len(teams) <= 50 else 730
    start = ctx.now - timedelta(days=history)
    IngestSource.objects.bulk_create(
        [
            IngestSource(
                organization=org,
                name="GitHub",
                kind=IngestSourceKind.GITHUB,
                token=secrets.token_urlsafe(24),
                secret=secrets.token_urlsafe(32),
            )
        ]
    )
    repos = Repository.objects.bulk_create(
        [
            Repository(
                organization=org,
                name=f"github.com/{org.slug}/{t.slug}"[:300],
                url=f"https://github.com/{org.slug}/{t.slug}",
                team=t,
            )
            for t in teams
        ]
    )
    # A chunk of teams at a time, so two years of 1,000 teams never sit in memory at once.
    for first in range(0, len(teams), CHUNK):
        _history(ctx, teams[first : first + CHUNK], repos[first : first + CHUNK], start, first)
    _releases(ctx, teams, start)
    refresh_statistics()  # the rollup reads the history just written (see core.seeding)
    rollup.rebuild(org.pk)  # the daily rollup the overview reads


def _history(
    ctx: SeedContext, teams: list[Team], repos: list[Repository], start: Any, offset: int
) -> None:
    rng, org = ctx.rng, ctx.organization
    deployments: list[Deployment] = []
    changes: list[Change] = []
    carried: list[tuple[int, int]] = []  # (deployment index, change index)
    failing: list[tuple[int, Profile]] = []
    for i, (team, repo) in enumerate(zip(teams, repos, strict=True), start=offset):
        profile = PROFILES[i % len(PROFILES)]
        day = start
        while day < ctx.now - timedelta(hours=2):
            if day.weekday() < 5 and rng.random() < profile.per_workday:
                # per_workday deployments on average: its whole part, plus one more by chance.
                whole = int(profile.per_workday)
                count = max(1, whole + (rng.random() < profile.per_workday - whole))
                for _ in range(count):
                    finished = day.replace(hour=rng.randint(9, 17), minute=rng.randint(0, 59))
                    if finished >= ctx.now:
                        continue
                    n = len(deployments)
                    sha = secrets.token_hex(20)
                    deployments.append(
                        Deployment(
                            organization=org,
                            team=team,
                            repository=repo.name,
                            name=f"Deploy {sha[:7]}",
                            environment=Environment.PRODUCTION,
                            commit_sha=sha,
                            started_at=finished - timedelta(minutes=rng.randint(4, 25)),
                            finished_at=finished,
                            result=DeploymentResult.SUCCESS,
                            source=Source.GITHUB,
                            external_id=f"{repo.name}#{n}",
                        )
                    )
                    for _ in range(rng.randint(*profile.changes)):
                        lead = rng.uniform(*profile.lead_hours) * HOUR
                        first = finished - timedelta(seconds=lead)
                        opened = first + timedelta(seconds=lead * rng.uniform(0.2, 0.5))
                        merged = opened + timedelta(seconds=lead * rng.uniform(0.2, 0.4))
                        carried.append((n, len(changes)))
                        changes.append(
                            Change(
                                organization=org,
                                team=team,
                                repository=repo.name,
                                title=f"Change {len(changes)}",
                                commit_sha=secrets.token_hex(20),
                                first_commit_at=first,
                                opened_at=opened,
                                merged_at=merged,
                                additions=int(rng.lognormvariate(3.5, 1.0)),
                                deletions=int(rng.lognormvariate(2.5, 1.0)),
                                source=Source.GITHUB,
                                external_id=f"{repo.name}#pr{len(changes)}",
                            )
                        )
                    if rng.random() < profile.failure_rate:
                        failing.append((n, profile))
                    if rng.random() < 0.05:  # a failed run now and then, which no figure counts
                        deployments.append(
                            Deployment(
                                organization=org,
                                team=team,
                                repository=repo.name,
                                environment=Environment.PRODUCTION,
                                finished_at=finished - timedelta(minutes=30),
                                result=DeploymentResult.FAILURE,
                                source=Source.GITHUB,
                                external_id=f"{repo.name}#f{n}",
                            )
                        )
            day += timedelta(days=1)
    Deployment.objects.bulk_create(deployments, batch_size=2000)
    Change.objects.bulk_create(changes, batch_size=2000)
    through = Deployment.changes.through
    through.objects.bulk_create(
        [through(deployment_id=deployments[d].pk, change_id=changes[c].pk) for d, c in carried],
        batch_size=5000,
    )
    incidents = []
    for n, profile in failing:
        d = deployments[n]
        restore = rng.uniform(*profile.restore_hours) * HOUR
        opened = d.finished_at + timedelta(seconds=restore * rng.uniform(0.1, 0.5))
        resolved = d.finished_at + timedelta(seconds=restore)
        incidents.append(
            Incident(
                organization=org,
                team=d.team,
                deployment=d,
                repository=d.repository,
                title=rng.choice(
                    ["Checkout errors", "Slow search", "Login failures", "Broken export"]
                ),
                severity=rng.choice(
                    [Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.MEDIUM]
                ),
                opened_at=opened,
                resolved_at=resolved if resolved < ctx.now else None,
                source=Source.GITHUB,
                external_id=f"{d.repository}#i{n}",
            )
        )
    Incident.objects.bulk_create(incidents, batch_size=2000)


def _releases(ctx: SeedContext, teams: list[Team], start: Any) -> None:
    rng, org = ctx.rng, ctx.organization
    by_team: dict[int, list[Solution]] = {}
    for s in Solution.objects.for_org(org).filter(team__in=teams).select_related("opportunity"):
        by_team.setdefault(s.team_id, []).append(s)
    releases: list[Release] = []
    links: list[tuple[int, int]] = []
    for i, team in enumerate(teams):
        profile = PROFILES[i % len(PROFILES)]
        serving = [s for s in by_team.get(team.pk, []) if s.opportunity_id]
        when = start + timedelta(days=rng.uniform(0, profile.release_every_days))
        while when < ctx.now:
            linked = serving and rng.random() < 0.75
            solution = rng.choice(serving) if linked else None
            kind = rng.choice(
                [ReleaseKind.FEATURE, ReleaseKind.FEATURE, ReleaseKind.EXPERIMENT, ReleaseKind.FIX]
            )
            title = (
                rng.choice(RELEASE_TITLES).format(s=solution.title)
                if solution
                else rng.choice(CHORES)
            )
            flagged = kind == ReleaseKind.EXPERIMENT
            if solution:
                links.append((len(releases), solution.pk))
            releases.append(
                Release(
                    organization=org,
                    team=team,
                    title=title[:200],
                    shipped_at=when,
                    kind=kind if solution else ReleaseKind.CHORE,
                    flag_key=f"{team.slug}-{len(releases)}"[:120] if flagged else "",
                    rollout_percent=rng.choice([10, 25, 50]) if flagged else 100,
                )
            )
            when += timedelta(days=rng.uniform(0.5, 1.5) * profile.release_every_days)
    Release.objects.bulk_create(releases, batch_size=2000)
    through = Release.solutions.through
    through.objects.bulk_create(
        [through(release_id=releases[r].pk, solution_id=s) for r, s in links], batch_size=5000
    )
