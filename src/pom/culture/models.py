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


# --- Digests and notifications ------------------------------------------------------------------


class NotificationPreference(TenantModel):
    """What one person chooses to receive from pom in this organization: the weekly digest (and
    which parts of it), and word when their stakeholder input is triaged."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    digest = models.BooleanField(default=True, help_text="The weekly digest email.")
    digest_todo = models.BooleanField(
        default=True, help_text="In the digest: what needs you (your home's to-do list)."
    )
    digest_rituals = models.BooleanField(
        default=True, help_text="In the digest: your teams' overdue rituals."
    )
    triage_replies = models.BooleanField(
        default=True, help_text="An email when a team triages input you gave."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="notify_pref_one_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Notification preferences of {self.user_id}"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    WEBHOOK = "webhook", "Chat webhook"


class DeliveryKind(models.TextChoices):
    DIGEST = "digest", "Weekly digest"
    TRIAGED = "triaged", "Input triaged"
    TEST = "test", "Test message"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Nothing to send"
    FAILED = "failed", "Failed, will retry"
    GAVE_UP = "gave_up", "Failed, gave up"


class Delivery(TenantModel):
    """One message pom sends — a person's weekly digest, word that their input was triaged, the
    organization's chat post — with how the sending went: attempts, the last error, when it is
    tried again. Nothing is sent without one, so a failure is never lost."""

    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=10, choices=DeliveryKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The person it is for (empty for the organization's chat webhook).",
    )
    recipient = models.CharField(max_length=254, blank=True, help_text="An address, or the chat.")
    period = models.DateField(null=True, blank=True, help_text="A digest's week (its Monday).")
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=1000, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    audit_exclude = ("created_at", "updated_at", "body")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "status", "next_attempt_at"], name="delivery_retry"
            ),
            models.Index(fields=["organization", "user", "-created_at"], name="delivery_user"),
        ]
        constraints = [
            # One digest a week per person, and one chat post a week per organization: running the
            # scheduler twice, or on two machines, sends nothing twice.
            models.UniqueConstraint(
                fields=["organization", "kind", "channel", "user", "period"],
                condition=Q(period__isnull=False, user__isnull=False),
                name="delivery_one_digest_a_week",
            ),
            models.UniqueConstraint(
                fields=["organization", "kind", "channel", "period"],
                condition=Q(period__isnull=False, user__isnull=True),
                name="delivery_one_post_a_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient or 'the chat'}"


class WebhookKind(models.TextChoices):
    SLACK = "slack", "Slack"
    TEAMS = "teams", "Microsoft Teams"


class NotificationSettings(TenantModel):
    """The organization's chat notification: a Slack or Microsoft Teams incoming webhook that
    gets the weekly digest of overdue rituals and what needs the organization. The address is a
    secret (anyone holding it can post to the channel): stored encrypted, never shown back."""

    webhook_kind = models.CharField(
        max_length=10, choices=WebhookKind.choices, default=WebhookKind.SLACK
    )
    webhook_encrypted = models.TextField(blank=True)
    webhook_host = models.CharField(max_length=255, blank=True, help_text="Shown to say which.")
    enabled = models.BooleanField(default=True)

    audit_exclude = ("created_at", "updated_at", "webhook_encrypted")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="notify_settings_one_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.get_webhook_kind_display()} webhook"

    @property
    def configured(self) -> bool:
        return bool(self.webhook_encrypted)
