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
