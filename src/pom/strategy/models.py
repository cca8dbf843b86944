"""Vision, ranked bets, cycles, outcomes and how teams are funded to reach them.

The chain: a product vision → a few strategic bets, strictly ranked, each with what it sacrifices
→ measurable outcomes (a tree: business → product → team) → teams commit to outcomes per cycle and
check in weekly → funding per cycle goes to teams, outcomes or (on purpose) projects.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from pom.core.models import TenantModel
from pom.core.validation import Bounds
from pom.strategy import clarity

DEFAULT_STALE_DAYS = 14

# Every number a person can type here, declared once and applied by the form, the API schema,
# the service and the database: an unbounded number is a page that answers 500 later.
STALE_DAYS = Bounds.whole(1, 365)
RULE_LIMIT = Bounds.whole(1, 20)
RANK = Bounds.whole(1, 1000)
CONFIDENCE = Bounds.whole(0, 10)
# A metric's value: wide enough for any real figure, narrow enough that differences, progress
# and charts stay finite.
METRIC_VALUE = Bounds.real(-1e15, 1e15)
MONEY = Bounds.decimal(0, Decimal("999999999999.99"), max_digits=14, decimal_places=2)
HEADCOUNT = Bounds.decimal(0, Decimal("999999.9"), max_digits=7, decimal_places=1)


class StrategySettings(TenantModel):
    """How strict an organization wants the strategy checks to be."""

    stale_after_days = models.PositiveSmallIntegerField(
        default=DEFAULT_STALE_DAYS,
        validators=STALE_DAYS.validators(),
        help_text="An outcome with no check-in for this many days is marked stale.",
    )
    max_active_bets = models.PositiveSmallIntegerField(
        default=3, validators=RULE_LIMIT.validators()
    )
    max_outcomes_per_team = models.PositiveSmallIntegerField(
        default=3,
        validators=RULE_LIMIT.validators(),
        help_text="More outcomes than this for one team in one cycle is flagged.",
    )
    max_teams_per_outcome = models.PositiveSmallIntegerField(
        default=2,
        validators=RULE_LIMIT.validators(),
        help_text="More teams than this on one outcome, without child outcomes, is flagged.",
    )

    class Meta:
        verbose_name_plural = "strategy settings"
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="strategy_settings_one_per_org"),
            STALE_DAYS.constraint("stale_after_days", "strategy_settings_stale_days_range"),
            RULE_LIMIT.constraint("max_active_bets", "strategy_settings_max_bets_range"),
            RULE_LIMIT.constraint("max_outcomes_per_team", "strategy_settings_max_outcomes_range"),
            RULE_LIMIT.constraint("max_teams_per_outcome", "strategy_settings_max_teams_range"),
        ]

    def __str__(self) -> str:
        return "Strategy settings"

    @property
    def limits(self) -> clarity.Limits:
        return clarity.Limits(
            max_active_bets=self.max_active_bets,
            max_outcomes_per_team=self.max_outcomes_per_team,
            max_teams_per_outcome=self.max_teams_per_outcome,
        )


class ProductVision(TenantModel):
    """Where the product is going, and by when: the one statement bets and outcomes serve."""

    statement = models.TextField()
    horizon = models.CharField(
        max_length=60, blank=True, help_text="How far ahead the vision looks, e.g. “2030”."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="vision_one_per_org"),
        ]

    def __str__(self) -> str:
        return self.statement[:80]


# A principle's place in the organization's list (1 = first).
PRINCIPLE_POSITION = Bounds.whole(1, 1000)


class Principle(TenantModel):
    """One of the organization's product principles: what it believes, and why, in its order.

    Principles sit next to the vision (Cagan's "product vision and principles"): the beliefs
    that settle trade-offs. Decisions cite them (``discovery.Decision.principles``), so the list
    shows how often each is invoked.
    """

    text = models.CharField(max_length=300)
    rationale = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(validators=PRINCIPLE_POSITION.validators())

    class Meta:
        ordering = ["position", "id"]
        constraints = [PRINCIPLE_POSITION.constraint("position", "principle_position_range")]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("strategy:principles") + f"#principle-{self.pk}"


class CheckInStatus(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"


def status_from_confidence(confidence: int) -> str:
    """The status a check-in carries when only a confidence was given (older API clients)."""
    if confidence >= 7:
        return CheckInStatus.ON_TRACK
    return CheckInStatus.AT_RISK if confidence >= 4 else CheckInStatus.OFF_TRACK


class BetStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    CONCLUDED = "concluded", "Concluded"
    DROPPED = "dropped", "Dropped"


class StrategicBet(TenantModel):
    """A company-level choice about where to win, ranked against the others, with what it sacrifices."""

    title = models.CharField(max_length=200)
    insight = models.TextField(blank=True, help_text="The market insight the bet rests on.")
    tradeoffs = models.TextField(
        blank=True, help_text="What we explicitly sacrifice or refuse to do for this bet."
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True, validators=RANK.validators())
    time_frame = models.CharField(max_length=60, blank=True, help_text="e.g. “2026–2027”.")
    owner = models.ForeignKey(
        "teams.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_bets"
    )
    status = models.CharField(max_length=20, choices=BetStatus.choices, default=BetStatus.ACTIVE)

    class Meta:
        ordering = [models.F("rank").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "rank"],
                condition=Q(status="active"),
                name="bet_rank_unique_among_active",
            ),
            RANK.constraint("rank", "bet_rank_range"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:bet", args=[self.pk])

    def draft(self) -> clarity.BetDraft:
        return clarity.BetDraft(
            title=self.title,
            insight=self.insight,
            tradeoffs=self.tradeoffs,
            rank=self.rank,
            status=self.status,
            key=str(self.pk or self.title),
        )


class Cycle(TenantModel):
    """A planning period (usually a quarter) for which teams commit to outcomes and get funded."""

    name = models.CharField(max_length=60)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["-start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="cycle_name_unique"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="cycle_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("strategy:cycle", args=[self.pk])

    @property
    def window(self) -> clarity.Window:
        return clarity.Window(self.start, self.end, self.name)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


class Level(models.TextChoices):
    BUSINESS = "business", "Business"
    PRODUCT = "product", "Product"
    TEAM = "team", "Team"


class Direction(models.TextChoices):
    INCREASE = "increase", "Increase"
    DECREASE = "decrease", "Decrease"
    KEEP_WITHIN = "keep_within", "Keep within"


class OutcomeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMMITTED = "committed", "Committed"
    ACHIEVED = "achieved", "Achieved"
    MISSED = "missed", "Missed"
    DROPPED = "dropped", "Dropped"


class Outcome(TenantModel):
    """A measurable change in customer or business behaviour: metric, segment, baseline, target, deadline."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.TEAM)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    bet = models.ForeignKey(
        StrategicBet, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes"
    )
    owner_team = models.ForeignKey(
        "teams.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_outcomes",
    )
    metric_name = models.CharField(max_length=160, blank=True)
    metric_unit = models.CharField(max_length=30, blank=True, help_text="e.g. %, EUR, ms, count.")
    # Until the metrics pillar links a real metric, people keep the current value by hand
    # (every check-in updates it).
    current_value = models.FloatField(null=True, blank=True, validators=METRIC_VALUE.validators())
    segment = models.CharField(max_length=200, blank=True)
    direction = models.CharField(
        max_length=20, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline_value = models.FloatField(null=True, blank=True, validators=METRIC_VALUE.validators())
    baseline_date = models.DateField(null=True, blank=True)
    target_value = models.FloatField(null=True, blank=True, validators=METRIC_VALUE.validators())
    deadline = models.DateField(null=True, blank=True)
    guardrails = models.JSONField(
        default=list,
        blank=True,
        help_text="Other metrics that must hold: [{metric, comparison: at_most|at_least, limit}].",
    )
    tradeoffs = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=OutcomeStatus.choices, default=OutcomeStatus.DRAFT
    )
    # Denormalized from the latest check-in so lists and the map show staleness and confidence
    # without a query per outcome.
    last_check_in_on = models.DateField(null=True, blank=True, editable=False)
    last_confidence = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    last_status = models.CharField(
        max_length=12, choices=CheckInStatus.choices, blank=True, editable=False
    )
    # Guardrails the latest check-in read as breached (0 without readings): the home counts them.
    breached_guardrails = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["organization", "status"], name="outcome_org_status"),
            models.Index(fields=["organization", "parent"], name="outcome_org_parent"),
            models.Index(fields=["organization", "owner_team"], name="outcome_org_team"),
        ]
        constraints = [
            METRIC_VALUE.constraint("current_value", "outcome_current_value_range"),
            METRIC_VALUE.constraint("baseline_value", "outcome_baseline_value_range"),
            METRIC_VALUE.constraint("target_value", "outcome_target_value_range"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:outcome", args=[self.pk])

    def draft(self, owner_team: str | None = None) -> clarity.OutcomeDraft:
        return clarity.OutcomeDraft(
            title=self.title,
            description=self.description,
            level=self.level,
            metric=self.metric_name,
            unit=self.metric_unit,
            segment=self.segment,
            direction=self.direction,
            baseline_value=self.baseline_value,
            baseline_date=self.baseline_date,
            target_value=self.target_value,
            deadline=self.deadline,
            guardrails=tuple(guardrail_drafts(self.guardrails)),
            tradeoffs=self.tradeoffs,
            owner_team=owner_team if owner_team is not None else str(self.owner_team_id or ""),
            status=self.status,
            key=str(self.pk or ""),
            parent=str(self.parent_id or ""),
            bet=str(self.bet_id or ""),
        )

    @property
    def progress(self) -> float | None:
        """How far the current value has moved from baseline toward target, 0–1 (may pass 1)."""
        if self.current_value is None or self.baseline_value is None or self.target_value is None:
            return None
        if self.direction == Direction.KEEP_WITHIN:
            return None
        span = self.target_value - self.baseline_value
        if span == 0:
            return None
        return (self.current_value - self.baseline_value) / span

    @property
    def progress_percent(self) -> int | None:
        p = self.progress
        return None if p is None else round(max(0.0, p) * 100)

    @property
    def is_closed(self) -> bool:
        """Achieved, missed or dropped: its confidence is history, not news."""
        return self.status in (OutcomeStatus.ACHIEVED, OutcomeStatus.MISSED, OutcomeStatus.DROPPED)

    def is_stale(self, today: date, days: int = DEFAULT_STALE_DAYS) -> bool:
        if self.status not in (OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED):
            return False
        since = self.last_check_in_on or (self.created_at.date() if self.created_at else today)
        return since < today - timedelta(days=days)


def guardrail_drafts(raw: Any) -> list[clarity.Guardrail]:
    result = []
    for g in raw or []:
        if not isinstance(g, dict):
            continue
        limit = g.get("limit")
        result.append(
            clarity.Guardrail(
                metric=str(g.get("metric") or ""),
                comparison=str(g.get("comparison") or "at_most"),
                limit=float(limit) if isinstance(limit, int | float) else None,
            )
        )
    return result


class OutcomeCommitment(TenantModel):
    """A team's promise to move an outcome within one cycle."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="commitments")
    team = models.ForeignKey(
        "teams.Team", on_delete=models.CASCADE, related_name="outcome_commitments"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="commitments")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["cycle_id", "team_id", "outcome_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "team", "cycle"], name="commitment_once_per_cycle"
            ),
        ]
        indexes = [models.Index(fields=["organization", "cycle"], name="commitment_org_cycle")]

    def __str__(self) -> str:
        return f"{self.team_id} → {self.outcome_id} in {self.cycle_id}"


class CheckIn(TenantModel):
    """A periodic update on an outcome: where the metric and each guardrail stand, whether the
    outcome is on track, at risk or off track, how confident the team is, what blocks it.

    ``guardrail_readings`` keeps each guardrail's reading with the limit it was read against:
    ``[{metric, value, comparison, limit, holds}]``, so a later change of the guardrail does not
    rewrite history.
    """

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField()
    value = models.FloatField(validators=METRIC_VALUE.validators())
    confidence = models.PositiveSmallIntegerField(
        validators=CONFIDENCE.validators(),
        help_text="0 = no chance of reaching the target, 10 = certain.",
    )
    status = models.CharField(max_length=12, choices=CheckInStatus.choices, blank=True)
    guardrail_readings = models.JSONField(default=list, blank=True)
    commentary = models.TextField(blank=True)
    blockers = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=10), name="checkin_confidence_0_10"
            ),
            METRIC_VALUE.constraint("value", "checkin_value_range"),
        ]
        indexes = [models.Index(fields=["outcome", "date"], name="checkin_outcome_date")]

    def __str__(self) -> str:
        return f"{self.outcome_id} on {self.date}: {self.value:g}"

    @property
    def commentary_findings(self) -> list[clarity.Finding]:
        """A warning when the commentary says what we did but not what changed."""
        from pom.strategy.commentary import lint_commentary

        return lint_commentary(self.commentary, subject=str(self.date))

    @property
    def breached(self) -> list[dict[str, Any]]:
        return [r for r in self.guardrail_readings or [] if not r.get("holds", True)]


class ProjectReason(models.TextChoices):
    REGULATORY = "regulatory", "Regulatory"
    COMPLIANCE = "compliance", "Compliance"
    MIGRATION = "migration", "Migration"
    OTHER = "other", "Other"


class Project(TenantModel):
    """Work deliberately run the project way (a scope, dates, a budget): regulation, compliance, one-off migrations."""

    name = models.CharField(max_length=200)
    scope = models.TextField(blank=True)
    start = models.DateField()
    end = models.DateField()
    budget = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=MONEY.validators()
    )
    reason = models.CharField(max_length=20, choices=ProjectReason.choices)
    sponsor = models.ForeignKey(
        "teams.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_projects",
    )

    class Meta:
        ordering = ["start", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="project_end_after_start"
            ),
            MONEY.constraint("budget", "project_budget_range"),
        ]

    def __str__(self) -> str:
        return self.name


class FundingAllocation(TenantModel):
    """Money or people for one cycle, given to exactly one of: a team, an outcome or a project."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="allocations")
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="funding"
    )
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.CASCADE, related_name="funding"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="funding"
    )
    headcount = models.DecimalField(
        max_digits=7, decimal_places=1, null=True, blank=True, validators=HEADCOUNT.validators()
    )
    amount = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=MONEY.validators()
    )
    rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["cycle_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(team__isnull=False, outcome__isnull=True, project__isnull=True)
                    | Q(team__isnull=True, outcome__isnull=False, project__isnull=True)
                    | Q(team__isnull=True, outcome__isnull=True, project__isnull=False)
                ),
                name="funding_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(headcount__isnull=False) | Q(amount__isnull=False),
                name="funding_headcount_or_amount",
            ),
            MONEY.constraint("amount", "funding_amount_range"),
            HEADCOUNT.constraint("headcount", "funding_headcount_range"),
        ]
        indexes = [models.Index(fields=["organization", "cycle"], name="funding_org_cycle")]

    def __str__(self) -> str:
        return f"Funding {self.pk} in {self.cycle_id}"

    @property
    def kind(self) -> str:
        if self.team_id:
            return "team"
        if self.outcome_id:
            return "outcome"
        return "project"

    @property
    def target(self) -> Any:
        return self.team or self.outcome or self.project


class Comment(TenantModel):
    """Input on an outcome or a bet from anyone who may speak (stakeholders included); it decides nothing."""

    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    bet = models.ForeignKey(
        StrategicBet, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(outcome__isnull=False, bet__isnull=True)
                    | Q(outcome__isnull=True, bet__isnull=False)
                ),
                name="comment_on_outcome_or_bet",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]
