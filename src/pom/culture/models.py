"""Rituals of the culture pillar, compiled from the teams' own records.

A ``Demo`` is a team's discovery-delivery demo for one period. While it is being prepared its
content is compiled live from strategy, discovery and experiments; when the team holds it, the
compiled content is frozen into ``snapshot`` so later edits to the records never rewrite what
was shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from pom.core.models import TenantModel
from pom.core.validation import Bounds


class DemoStatus(models.TextChoices):
    DRAFT = "draft", "Being prepared"
    HELD = "held", "Held"


class Demo(TenantModel):
    """A team's discovery-delivery demo for a period: a short narrative on top of its own data."""

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="demos")
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    narrative = models.TextField(
        blank=True, help_text="The team's own words on top: what the period was about."
    )
    status = models.CharField(max_length=10, choices=DemoStatus.choices, default=DemoStatus.DRAFT)
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The compiled content as it was shown, written once when the demo is held.
    snapshot = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    audit_exclude = ("created_at", "updated_at", "snapshot")

    class Meta:
        ordering = ["-period_end", "-id"]
        indexes = [
            models.Index(fields=["organization", "team", "period_end"], name="demo_team_end"),
            models.Index(fields=["organization", "period_end"], name="demo_org_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="demo_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("culture:demo", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.status == DemoStatus.HELD


class PortfolioReview(TenantModel):
    """A leaders' review of the portfolio: outcomes by bet, what changed since the last review and
    the conversations to have first; frozen as shown once held."""

    title = models.CharField(max_length=200)
    notes = models.TextField(
        blank=True,
        help_text="What the leaders take away: the conversations to have, and with whom.",
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The held review this one compares with.",
    )
    status = models.CharField(max_length=10, choices=DemoStatus.choices, default=DemoStatus.DRAFT)
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    audit_exclude = ("created_at", "updated_at", "snapshot")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "status", "held_at"], name="review_org_held"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("culture:review", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.status == DemoStatus.HELD


class LearningSource(models.TextChoices):
    TEST = "test", "An assumption test"
    RELEASE = "release", "A release"
    OUTCOME = "outcome", "A missed or reached outcome"
    INCIDENT = "incident", "An incident"
    OTHER = "other", "Something else"


class Learning(TenantModel):
    """What a test, a release, a missed outcome or an incident taught a team, written blamelessly:
    what happened, what we learned, and what we do differently."""

    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="learnings"
    )
    title = models.CharField(max_length=200)
    what_happened = models.TextField(blank=True)
    lesson = models.TextField(help_text="What we learned, and what we will do differently.")
    source = models.CharField(
        max_length=20, choices=LearningSource.choices, default=LearningSource.OTHER
    )
    test = models.ForeignKey(
        "experiments.AssumptionTest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learning_entries",
    )
    release = models.ForeignKey(
        "delivery.Release",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learnings",
    )
    outcome = models.ForeignKey(
        "strategy.Outcome",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learnings",
    )
    tags = models.CharField(max_length=500, blank=True, default="")
    learned_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-learned_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "learned_on"], name="learning_org_day"),
            models.Index(fields=["organization", "team", "learned_on"], name="learning_team_day"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("culture:learning_edit", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]


# --- Ritual calendar ----------------------------------------------------------------------------

# How often a ritual may recur: weekly at the most, twice a year at the least.
EVERY_WEEKS = Bounds.whole(1, 26)


class RitualKind(models.TextChoices):
    DEMO = "demo", "Discovery-delivery demo"
    CHECK_IN = "check_in", "Outcome check-in"
    RETRO = "retro", "Retrospective"
    REVIEW = "review", "Portfolio review"


TEAM_RITUALS = (RitualKind.DEMO, RitualKind.CHECK_IN, RitualKind.RETRO)


class RitualCadence(TenantModel):
    """How often a team holds one of its rituals (or, for the portfolio review, how often the
    organization's leaders hold theirs): every N weeks, first due on a given day."""

    team = models.ForeignKey(
        "teams.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ritual_cadences",
        help_text="Empty for the organization's portfolio review.",
    )
    kind = models.CharField(max_length=20, choices=RitualKind.choices)
    every_weeks = models.PositiveSmallIntegerField(validators=EVERY_WEEKS.validators())
    starts_on = models.DateField(help_text="When the ritual is first due if it was never held.")

    class Meta:
        ordering = ["team__name", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "team", "kind"], name="cadence_one_per_team_kind"
            ),
            models.UniqueConstraint(
                fields=["organization", "kind"],
                condition=Q(team__isnull=True),
                name="cadence_one_org_review",
            ),
            models.CheckConstraint(
                condition=(Q(kind="review") & Q(team__isnull=True))
                | (~Q(kind="review") & Q(team__isnull=False)),
                name="cadence_review_is_org_level",
            ),
            EVERY_WEEKS.constraint("every_weeks", "cadence_every_weeks_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} every {self.every_weeks} week(s)"


class RitualLog(TenantModel):
    """A ritual a team says it held, where pom keeps no record of its own (a retrospective)."""

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="ritual_logs")
    kind = models.CharField(max_length=20, choices=RitualKind.choices, default=RitualKind.RETRO)
    held_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "team", "kind", "held_on"], name="ritual_log_team")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} held {self.held_on:%Y-%m-%d}"
