"""The clarity pulse's report: alignment by team and by role, the confusions, the response rate —
with the anonymity rule applied before anything is shown.

**Alignment** of one answer is the share of the priorities it names that match a declared
priority (``clarity.py``); a group's alignment is the mean over its answers. *Fully aligned*
answers match on every priority they name.

**Anonymity**: nothing but the counts is shown until the pulse has ``MIN_GROUP`` answers; a team
or role with fewer than ``MIN_GROUP`` answers is folded into "Others", and when "Others" would
itself hold fewer (but some), the smallest shown group joins it, so no group of fewer than
``MIN_GROUP`` answers is ever shown, nor can one be worked out from the others. No answer is
ever shown with a person, a team or a role: the priorities nobody's strategy holds are listed
by how many people named them, and a sample of what people said of their work is quoted alone,
in an order unrelated to when they answered.

The report reads the declared strategy as it stands (active bets; draft and committed business
and product outcomes), the answers and the invitations in four queries, whatever their number.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from pom.accounts.models import Membership
from pom.strategy.models import BetStatus, Level, Outcome, OutcomeStatus, StrategicBet
from pom.teams.models import TeamRole
from pom.transformation.clarity import Matcher, Target, key
from pom.transformation.models import MIN_GROUP, ClarityPulse, PulseAnswer, PulseInvite

TOP_UNMATCHED = 10  # the most frequent unmatched priorities listed
CONTRIBUTIONS_SHOWN = 20  # how many answers to "how your work contributes" are quoted
OTHERS = "Others"
NO_TEAM = "No team"


@dataclass
class Group:
    label: str
    invited: int = 0
    answers: int = 0
    aligned: float = 0.0  # the sum of the answers' alignment
    full: int = 0  # answers aligned on every priority they name
    url: str = ""

    @property
    def alignment(self) -> float | None:
        return self.aligned / self.answers if self.answers else None

    @property
    def response_rate(self) -> float | None:
        return self.answers / self.invited if self.invited else None

    @property
    def full_rate(self) -> float | None:
        return self.full / self.answers if self.answers else None

    def add(self, other: Group) -> None:
        self.invited += other.invited
        self.answers += other.answers
        self.aligned += other.aligned
        self.full += other.full


@dataclass(frozen=True)
class Declared:
    """A declared priority (a bet, or an outcome with no bet) and how many people named it."""

    kind: str
    title: str
    url: str
    named: int


@dataclass(frozen=True)
class Unmatched:
    text: str  # the most common wording
    count: int


@dataclass
class Report:
    pulse: ClarityPulse
    status: str
    invited: int
    answers: int
    shown: bool  # at least MIN_GROUP answers: the figures below are filled
    min_group: int = MIN_GROUP
    overall: Group | None = None
    by_team: list[Group] = field(default_factory=list)
    by_level: list[Group] = field(default_factory=list)
    declared: list[Declared] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    priorities_named: int = 0
    priorities_matched: int = 0
    contributions: list[str] = field(default_factory=list)  # a sample, in no order of time
    contributions_total: int = 0

    @property
    def response_rate(self) -> float | None:
        return self.answers / self.invited if self.invited else None

    @property
    def unnamed(self) -> list[Declared]:
        return [d for d in self.declared if not d.named]


def targets(actor: Membership) -> list[Target]:
    """The declared priorities answers are matched against (two queries)."""
    found = [
        Target(f"bet:{b.pk}", f"bet:{b.pk}", b.title, b.insight)
        for b in StrategicBet.objects.for_member(actor)
        .filter(status=BetStatus.ACTIVE)
        .only("pk", "title", "insight")
    ]
    active = {t.key for t in found}
    outcomes = (
        Outcome.objects.for_member(actor)
        .filter(
            level__in=[Level.BUSINESS, Level.PRODUCT],
            status__in=[OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED],
        )
        .only("pk", "title", "description", "metric_name", "bet_id")
    )
    for o in outcomes:
        bet = f"bet:{o.bet_id}"
        group = bet if bet in active else f"outcome:{o.pk}"
        found.append(Target(f"outcome:{o.pk}", group, o.title, f"{o.description} {o.metric_name}"))
    return found


def fold(groups: Iterable[Group], k: int = MIN_GROUP) -> list[Group]:
    """The groups to show: those of ``k`` answers or more, largest first, and "Others" holding
    the rest — never fewer than ``k`` answers in it unless it holds none."""
    big = sorted((g for g in groups if g.answers >= k), key=lambda g: (-g.answers, g.label))
    small = [g for g in groups if g.answers < k]
    while big and small and 0 < sum(g.answers for g in small) < k:
        small.append(big.pop())
    if small:
        others = Group(OTHERS)
        for g in small:
            others.add(g)
        big.append(others)
    return big


def _role_label(role: str) -> str:
    return str(TeamRole(role).label) if role in TeamRole.values else NO_TEAM


def build(actor: Membership, pulse: ClarityPulse, day: Any) -> Report:
    invites = (
        PulseInvite.objects.for_member(actor)
        .filter(pulse=pulse)
        .values("team_id", "team__name", "team__slug", "role")
        .annotate(n=Count("id"), done=Count("id", filter=Q(answered=True)))
        .order_by()
    )
    teams: dict[Any, Group] = {}
    levels: dict[str, Group] = {}
    invited = 0
    for row in invites:
        invited += row["n"]
        team = teams.setdefault(row["team_id"], Group(row["team__name"] or NO_TEAM))
        team.invited += row["n"]
        level = levels.setdefault(row["role"], Group(_role_label(row["role"])))
        level.invited += row["n"]
    answers = list(
        PulseAnswer.objects.for_member(actor)
        .filter(pulse=pulse)
        .values_list("team_id", "team__name", "role", "priorities", "contribution")
        .order_by("id")
    )
    report = Report(
        pulse=pulse,
        status=pulse.status_on(day),
        invited=invited,
        answers=len(answers),
        shown=len(answers) >= MIN_GROUP,
    )
    if not report.shown:
        return report
    declared = targets(actor)
    matcher = Matcher(declared)
    seen: dict[str, Any] = {}
    named: Counter[str] = Counter()
    unmatched: Counter[str] = Counter()
    wordings: dict[str, Counter[str]] = {}
    overall = Group("Everyone", invited=invited)
    said = []
    for team_id, team_name, role, priorities, contribution in answers:
        if contribution.strip():
            said.append(contribution.strip())
        texts = [p for p in (priorities or []) if isinstance(p, str) and p.strip()]
        matched = 0
        for text in texts:
            folded = text.strip().lower()
            if folded not in seen:
                seen[folded] = matcher.match(text)
            match = seen[folded]
            report.priorities_named += 1
            if match.target is not None:
                matched += 1
                named[match.target.group] += 1
            elif k := key(text) or folded:
                unmatched[k] += 1
                wordings.setdefault(k, Counter())[text.strip()] += 1
        report.priorities_matched += matched
        share = matched / len(texts) if texts else 0.0
        full = int(bool(texts) and matched == len(texts))
        one = Group("", answers=1, aligned=share, full=full)
        overall.add(one)
        teams.setdefault(team_id, Group(team_name or NO_TEAM)).add(one)
        levels.setdefault(role, Group(_role_label(role))).add(one)
    overall.invited = invited
    report.overall = overall
    report.by_team = fold(teams.values())
    report.by_level = fold(levels.values())
    report.unmatched = [
        Unmatched(wordings[k].most_common(1)[0][0], n)
        for k, n in sorted(unmatched.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_UNMATCHED]
    ]
    # Quoted in an order that says nothing of who answered when: by a hash of the text.
    said.sort(key=lambda t: hashlib.sha256(t.encode()).hexdigest())
    report.contributions, report.contributions_total = said[:CONTRIBUTIONS_SHOWN], len(said)
    groups = {t.group: t for t in declared if t.key == t.group}
    report.declared = sorted(
        (
            Declared(
                kind="bet" if g.startswith("bet:") else "outcome",
                title=t.title,
                url=_url(g),
                named=named[g],
            )
            for g, t in groups.items()
        ),
        key=lambda d: (-d.named, d.title),
    )
    return report


def _url(group: str) -> str:
    from django.urls import reverse

    kind, pk = group.split(":")
    return reverse("strategy:bet" if kind == "bet" else "strategy:outcome", args=[int(pk)])
