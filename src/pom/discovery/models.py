"""Continuous discovery: customer touchpoints, the evidence taken from them, the opportunity
solution tree, stakeholder input and the decisions a team or its leaders take.

Rules about one row live here; changes that touch several rows (moving a subtree, triaging an
input, importing notes) live in ``services.py``.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from pom.core.models import TenantModel
from pom.core.validation import Bounds
from pom.discovery import revisit

SIZING = [MinValueValidator(1), MaxValueValidator(5)]


class TouchpointKind(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    USABILITY_TEST = "usability_test", "Usability test"
    SUPPORT_CALL = "support_call", "Support call"
    SALES_CALL = "sales_call", "Sales call"
    SURVEY = "survey", "Survey"
    OTHER = "other", "Other"


class Touchpoint(TenantModel):
    """A conversation or session with a customer, and which members of the team were there."""

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="touchpoints")
    happened_on = models.DateField()
    kind = models.CharField(
        max_length=20, choices=TouchpointKind.choices, default=TouchpointKind.INTERVIEW
    )
    customer_name = models.CharField(max_length=200, blank=True)
    company = models.CharField(max_length=200, blank=True)
    segment = models.CharField(max_length=120, blank=True)
    attendees = models.ManyToManyField(
        "teams.Person", blank=True, related_name="touchpoints_attended"
    )
    summary = models.CharField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    recording_url = models.URLField(max_length=500, blank=True)
    external_id = models.CharField(
        max_length=200, blank=True, help_text="The id in the tool that pushed this touchpoint in."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "team", "happened_on"], name="touchpoint_team_day"
            ),
            models.Index(fields=["organization", "happened_on"], name="touchpoint_org_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"],
                condition=~Q(external_id=""),
                name="touchpoint_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        who = self.customer_name or self.company or "a customer"
        return f"{self.get_kind_display()} with {who} on {self.happened_on:%Y-%m-%d}"


class InsightKind(models.TextChoices):
    QUOTE = "quote", "Quote"
    OBSERVATION = "observation", "Observation"


class Insight(TenantModel):
    """A quote or observation from a customer contact: the evidence opportunities stand on.

    Taken from a touchpoint, or typed in directly with its ``source`` (a support ticket, a
    Productboard note…). Tags are stored as ``,tag,tag,`` so filtering works the same on every
    database; full-text search uses a PostgreSQL ``tsvector`` or an SQLite FTS5 table (see the
    ``insight_search`` migration).
    """

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="insights")
    touchpoint = models.ForeignKey(
        Touchpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="insights"
    )
    kind = models.CharField(max_length=20, choices=InsightKind.choices, default=InsightKind.QUOTE)
    text = models.TextField()
    source = models.CharField(max_length=200, blank=True)
    customer = models.CharField(max_length=200, blank=True)
    company = models.CharField(max_length=200, blank=True)
    tags = models.CharField(max_length=500, blank=True, default="")
    observed_on = models.DateField()
    external_id = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-observed_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "observed_on"], name="insight_org_day"),
            models.Index(fields=["organization", "team", "observed_on"], name="insight_team_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"],
                condition=~Q(external_id=""),
                name="insight_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]

    @staticmethod
    def join_tags(tags: list[str]) -> str:
        return f",{','.join(tags)}," if tags else ""

    @property
    def origin_label(self) -> str:
        if self.touchpoint_id and Insight.touchpoint.is_cached(self) and self.touchpoint:
            return str(self.touchpoint)
        return self.source or "typed in directly"


class Stage(models.TextChoices):
    IDENTIFIED = "identified", "Identified"
    NOW = "now", "Now"
    NEXT = "next", "Next"
    LATER = "later", "Later"
    NOT_NOW = "not_now", "Not now"
    SOLVED = "solved", "Solved"


class Opportunity(TenantModel):
    """A customer need, pain or desire, phrased from the customer's side, under the outcome it serves.

    Opportunities form a tree of any depth under one outcome; ``targeted`` marks the one the team
    is working on now (at most one per outcome).
    """

    outcome = models.ForeignKey(
        "strategy.Outcome", on_delete=models.CASCADE, related_name="opportunities"
    )
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="opportunities")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.IDENTIFIED)
    reach = models.PositiveSmallIntegerField(null=True, blank=True, validators=SIZING)
    frequency = models.PositiveSmallIntegerField(null=True, blank=True, validators=SIZING)
    severity = models.PositiveSmallIntegerField(null=True, blank=True, validators=SIZING)
    targeted = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    insights = models.ManyToManyField(Insight, blank=True, related_name="opportunities")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "opportunities"
        indexes = [
            models.Index(fields=["organization", "outcome"], name="opportunity_outcome"),
            models.Index(fields=["organization", "team"], name="opportunity_team"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome"], condition=Q(targeted=True), name="opportunity_one_target"
            ),
            models.CheckConstraint(
                condition=Q(reach__isnull=True) | Q(reach__gte=1, reach__lte=5),
                name="opportunity_reach_1_5",
            ),
            models.CheckConstraint(
                condition=Q(frequency__isnull=True) | Q(frequency__gte=1, frequency__lte=5),
                name="opportunity_frequency_1_5",
            ),
            models.CheckConstraint(
                condition=Q(severity__isnull=True) | Q(severity__gte=1, severity__lte=5),
                name="opportunity_severity_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def size(self) -> int | None:
        """Reach × frequency × severity (1–125), when all three are sized."""
        if self.reach and self.frequency and self.severity:
            return self.reach * self.frequency * self.severity
        return None


class SolutionStatus(models.TextChoices):
    IDEA = "idea", "Idea"
    IN_DISCOVERY = "in_discovery", "In discovery"
    READY = "ready", "Ready"
    IN_DELIVERY = "in_delivery", "In delivery"
    SHIPPED = "shipped", "Shipped"
    DISCARDED = "discarded", "Discarded"


class Origin(models.TextChoices):
    TEAM = "team", "Team discovery"
    STAKEHOLDER = "stakeholder", "Stakeholder input"


class Solution(TenantModel):
    """An idea that addresses an opportunity; the team decides which ones to test and build."""

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="solutions")
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="solutions"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=SolutionStatus.choices, default=SolutionStatus.IDEA
    )
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.TEAM)
    stakeholder_input = models.ForeignKey(
        "StakeholderInput",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="solutions",
    )
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["organization", "team", "status"], name="solution_team_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status not in (SolutionStatus.SHIPPED, SolutionStatus.DISCARDED)


class InputKind(models.TextChoices):
    SUGGESTION = "suggestion", "Suggestion"
    CONSTRAINT = "constraint", "Constraint"
    CONTEXT = "context", "Context"
    DECISION = "decision", "Decision"


class Triage(models.TextChoices):
    NEW = "new", "New"
    LINKED = "linked", "Linked to an opportunity"
    ROUTED = "routed", "Routed"
    DECLINED = "declined", "Declined"
    DUPLICATE = "duplicate", "Duplicate"


class StakeholderInput(TenantModel):
    """A stakeholder's suggestion, constraint or context (or a leader's decision), for a team.

    Stakeholders bring context and constraints; the team owns the how. Input that names a
    solution is a suggestion, whatever it was filed as; only a leader files a decision. Each
    input is triaged: linked to an opportunity (it stays stakeholder input, never customer
    evidence), routed where it belongs (a constraint or context to its outcome, a suggestion to
    the team's solution ideas, a leadership decision to the decision log), declined with a
    reason, or marked as a duplicate.
    """

    team = models.ForeignKey(
        "teams.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholder_inputs",
    )
    from_person = models.ForeignKey(
        "teams.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="inputs"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=InputKind.choices)
    text = models.TextField()
    requested_solution = models.CharField(
        max_length=300, blank=True, help_text="The solution asked for, if the input names one."
    )
    outcome = models.ForeignKey(
        "strategy.Outcome",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholder_inputs",
    )
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="inputs"
    )
    triage = models.CharField(max_length=20, choices=Triage.choices, default=Triage.NEW)
    decline_reason = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "triage", "created_at"], name="input_triage"),
        ]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return f"{self.get_kind_display()}: {text[:70]}"

    @property
    def names_solution(self) -> bool:
        return bool(self.requested_solution.strip())


class DecisionKind(models.TextChoices):
    TEAM = "team", "Team decision"
    LEADERSHIP = "leadership", "Leadership decision"


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    SUPERSEDED = "superseded", "Superseded"
    REVERSED = "reversed", "Reversed"


class Comparison(models.TextChoices):
    BELOW = "below", "falls below"
    ABOVE = "above", "rises above"


# Where an opportunity sits among its siblings (0 first): far more than any tree has, and far
# inside the database's integer column.
POSITION = Bounds.whole(0, 1_000_000)
# A revisit condition's threshold, in the metric's own unit: any real figure, never infinite.
THRESHOLD = Bounds.real(-1e15, 1e15)


class Decision(TenantModel):
    """Who decided what, when and why — and whether it was the team's call or leadership's.

    A decision links to the object it is about: an outcome, an opportunity or a solution through
    typed keys, or anything else (an assumption test…) through ``subject``.
    ``recorded_by`` is the account that wrote it down, always the real actor.
    """

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=DecisionKind.choices, default=DecisionKind.TEAM)
    decided_by = models.CharField(
        max_length=200, help_text="Who took the decision: a person, a role or a group."
    )
    decided_by_person = models.ForeignKey(
        "teams.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    rationale = models.TextField(blank=True)
    decided_on = models.DateField()
    reversible = models.BooleanField(default=True)
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    outcome = models.ForeignKey(
        "strategy.Outcome",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    solution = models.ForeignKey(
        Solution, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    stakeholder_input = models.ForeignKey(
        StakeholderInput,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.ACCEPTED
    )
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    # "Revisit when": a date, a condition on a metric, or both (whichever comes first).
    revisit_on = models.DateField(null=True, blank=True)
    revisit_metric = models.ForeignKey(
        "metrics.Metric",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions_to_revisit",
    )
    revisit_comparison = models.CharField(max_length=10, choices=Comparison.choices, blank=True)
    revisit_threshold = models.FloatField(null=True, blank=True, validators=THRESHOLD.validators())
    # The metric's latest period when a review kept the decision: the condition counts again
    # only on a newer point (else a kept decision would stay due until the number moved).
    reviewed_through = models.DateField(null=True, blank=True)
    principles = models.ManyToManyField("strategy.Principle", blank=True, related_name="decisions")

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "decided_on"], name="decision_org_day"),
            models.Index(fields=["subject_type", "subject_id"], name="decision_subject"),
            models.Index(fields=["organization", "status"], name="decision_org_status"),
        ]
        constraints = [THRESHOLD.constraint("revisit_threshold", "decision_threshold_range")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discovery:decision", args=[self.pk])

    @property
    def on_team_matter(self) -> bool:
        """About how a team solves a problem (its opportunities, solutions or tests), not what."""
        return bool(self.opportunity_id or self.solution_id or self.subject_type_id)

    @property
    def is_open(self) -> bool:
        """Still in force (or still proposed): a superseded or reversed decision is history."""
        return self.status in OPEN_STATUSES

    @property
    def revisit_condition(self) -> str:
        """ "if Activation falls below 30%" (needs ``revisit_metric`` loaded)."""
        metric = self.revisit_metric if self.revisit_metric_id else None
        if metric is None:
            return ""
        return revisit.describe(
            metric.name, self.revisit_comparison, self.revisit_threshold, metric.unit
        )

    def revisit(self, today: date) -> revisit.Revisit:
        """The decision's "revisit when", read against the metric's latest stored point.

        Needs ``revisit_metric`` loaded (``select_related``) to avoid a query per decision.
        """
        metric = self.revisit_metric if self.revisit_metric_id else None
        return revisit.Revisit(
            status=self.status,
            on=self.revisit_on,
            comparison=self.revisit_comparison,
            threshold=self.revisit_threshold,
            latest_value=metric.latest_value if metric else None,
            latest_period=metric.latest_period if metric else None,
            reviewed_through=self.reviewed_through,
            today=today,
        )


OPEN_STATUSES = (DecisionStatus.PROPOSED, DecisionStatus.ACCEPTED)


class ReviewOutcome(models.TextChoices):
    KEEP = "keep", "Keep it"
    POSTPONE = "postpone", "Revisit later"
    SUPERSEDE = "supersede", "Superseded by another decision"
    REVERSE = "reverse", "Reverse it"


class DecisionReview(TenantModel):
    """A decision looked at again: kept, pushed to a later date, superseded or reversed, and why.

    The history of a decision's reviews, newest first; the change it made to the decision is in
    the audit log too.
    """

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reviews")
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    note = models.TextField(blank=True)
    reviewed_on = models.DateField()
    next_revisit_on = models.DateField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.reviewed_on})"


class Comment(TenantModel):
    """A remark on an opportunity or a solution; stakeholders comment, the team decides."""

    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    solution = models.ForeignKey(
        Solution, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opportunity__isnull=False) | Q(solution__isnull=False),
                name="comment_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
