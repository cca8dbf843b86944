"""Models of the transformation: readiness assessments (and, as they are built, pilots and waves).

A transformation lead records what consultants keep in spreadsheets; the verdicts and figures
that judge those records live in pure modules (``readiness.py``) so pages, the API and the
home page all show the same thing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from pom.core.models import TenantModel
from pom.core.validation import Bounds

# 1 = does not hold at all, 5 = holds fully and visibly.
SCALE = Bounds.whole(1, 5)
# How many teams the organization's coaches can support at once.
COACHING_CAPACITY = Bounds.whole(0, 500)


class ReadinessAssessment(TenantModel):
    """One honest look at whether the company is ready to move to the product model, on a date.

    The seeds name what must be there before pilots start: a CEO who believes today's way of
    working will not win tomorrow, pain the company feels (with evidence, not a hunch), the
    triggers that make the case urgent, an executive sponsor and coaches to support the pilots.
    Assessments are retaken over time and compared; none is ever edited into another.
    """

    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ceo_belief = models.PositiveSmallIntegerField(
        validators=SCALE.validators(),
        help_text="1 = the CEO thinks today's way works, 5 = the CEO says it will not win tomorrow.",
    )
    ceo_belief_evidence = models.TextField(blank=True)
    pain_missed_targets = models.BooleanField(default=False)
    pain_margin_pressure = models.BooleanField(default=False)
    pain_lost_share = models.BooleanField(default=False)
    pain_evidence = models.TextField(
        blank=True,
        help_text="The figures behind the pain: which target, which margin, which share.",
    )
    trigger_competition = models.BooleanField(default=False)
    trigger_tech_spend = models.BooleanField(
        default=False, help_text="Heavy spending on technology with little impact to show for it."
    )
    trigger_competitors_succeed = models.BooleanField(
        default=False, help_text="Competitors are succeeding with the product model."
    )
    sponsor = models.CharField(
        max_length=150, blank=True, help_text="The executive who sponsors the change, by name."
    )
    coaching_capacity = models.PositiveSmallIntegerField(
        default=0,
        validators=COACHING_CAPACITY.validators(),
        help_text="How many teams the coaches available can support at the same time.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            SCALE.constraint("ceo_belief", "readiness_ceo_belief_1_5"),
            COACHING_CAPACITY.constraint("coaching_capacity", "readiness_coaching_capacity_range"),
        ]
        indexes = [
            models.Index(fields=["organization", "-assessed_on", "-id"], name="readiness_org_date"),
        ]

    def __str__(self) -> str:
        return f"Readiness assessment of {self.assessed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("transformation:assessment", args=[self.pk])

    @property
    def pains(self) -> list[str]:
        return [label for name, label in PAINS if getattr(self, name)]

    @property
    def triggers(self) -> list[str]:
        return [label for name, label in TRIGGERS if getattr(self, name)]


PAINS: tuple[tuple[str, str], ...] = (
    ("pain_missed_targets", "Missed targets"),
    ("pain_margin_pressure", "Margin pressure"),
    ("pain_lost_share", "Lost market share"),
)
TRIGGERS: tuple[tuple[str, str], ...] = (
    ("trigger_competition", "Competition"),
    ("trigger_tech_spend", "Heavy tech spend, little impact"),
    ("trigger_competitors_succeed", "Competitors succeeding with the model"),
)
