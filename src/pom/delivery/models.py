"""Models of the delivery pillar: releases people log, and what the delivery pipeline reports.

A ``Release`` is what a team shipped, linked to the solutions it ships (and through them up the
chain to opportunities, outcomes and bets). ``Deployment``, ``Change`` and ``Incident`` are the
pipeline's own records, arriving by webhook or CSV; each carries the ``source`` it came from and
that source's id, so a replayed delivery updates the row it made instead of adding another.
Releases can exist without deployment data, and deployments without a release.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from pom.core.models import TenantModel
from pom.core.validation import Bounds

ROLLOUT = Bounds.whole(0, 100)
LINES = Bounds.whole(0, 10_000_000)


class ReleaseKind(models.TextChoices):
    FEATURE = "feature", "Feature"
    EXPERIMENT = "experiment", "Experiment"
    FIX = "fix", "Fix"
    CHORE = "chore", "Chore"


class Source(models.TextChoices):
    """Where a row came from: typed in, imported, or reported by a pipeline."""

    MANUAL = "manual", "Logged by hand"
    CSV = "csv", "CSV import"
    WEBHOOK = "webhook", "Generic webhook"
    GITHUB = "github", "GitHub"
    GITLAB = "gitlab", "GitLab"


class Release(TenantModel):
    """What a team shipped and when, and which solutions it ships (so: which outcomes it serves).

    A release linked to no solution serves no outcome: "unlinked work", a finding, not a normal
    state. ``flag_key`` and ``rollout_percent`` say how far behind a feature flag it reached.
    """

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="releases")
    title = models.CharField(max_length=200)
    shipped_at = models.DateTimeField()
    notes = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=ReleaseKind.choices, default=ReleaseKind.FEATURE)
    flag_key = models.CharField(max_length=120, blank=True)
    rollout_percent = models.PositiveSmallIntegerField(default=100, validators=ROLLOUT.validators())
    solutions = models.ManyToManyField("discovery.Solution", blank=True, related_name="releases")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    external_id = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-shipped_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-shipped_at"], name="release_org_shipped"),
            models.Index(
                fields=["organization", "team", "-shipped_at"], name="release_team_shipped"
            ),
        ]
        constraints = [
            ROLLOUT.constraint("rollout_percent", "release_rollout_0_100"),
            models.UniqueConstraint(
                fields=["organization", "source", "external_id"],
                condition=~Q(external_id=""),
                name="release_source_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delivery:release", args=[self.pk])


class ChangeKind(models.TextChoices):
    COMMIT = "commit", "Commit"
    PULL_REQUEST = "pull_request", "Merged pull request"


class Change(TenantModel):
    """A commit or a merged pull request: when its first commit was authored, opened and merged.

    Lead time for changes runs from ``first_commit_at`` to the first production deployment that
    carries the change; ``opened_at`` and ``merged_at`` split it into coding, review and deploy.
    """

    # Pipeline telemetry: the webhook delivery log records each request, not the audit log each row.
    audit_rows = False

    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    repository = models.CharField(max_length=300, blank=True)
    kind = models.CharField(
        max_length=20, choices=ChangeKind.choices, default=ChangeKind.PULL_REQUEST
    )
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
    commit_sha = models.CharField(max_length=64, blank=True)
    first_commit_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    merged_at = models.DateTimeField(null=True, blank=True)
    additions = models.PositiveIntegerField(default=0, validators=LINES.validators())
    deletions = models.PositiveIntegerField(default=0, validators=LINES.validators())
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    external_id = models.CharField(max_length=200)

    class Meta:
        ordering = ["-first_commit_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "team", "merged_at"], name="change_team_merged"),
            # The changes list, newest first (``-first_commit_at, -id``), without sorting them all.
            models.Index(fields=["organization", "first_commit_at", "id"], name="change_org_first"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "external_id"], name="change_source_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.external_id


class Environment(models.TextChoices):
    PRODUCTION = "production", "Production"
    STAGING = "staging", "Staging"
    TESTING = "testing", "Testing"
    DEVELOPMENT = "development", "Development"


class DeploymentResult(models.TextChoices):
    SUCCESS = "success", "Success"
    FAILURE = "failure", "Failure"
    ABORTED = "aborted", "Aborted"


class Deployment(TenantModel):
    """One run of the pipeline putting a commit into an environment, and how it ended.

    ``team`` is empty while the repository is not mapped to a team ("unmapped"); the figures of
    a team count its production deployments only, as DevLake does.
    """

    # Pipeline telemetry: the webhook delivery log records each request, not the audit log each row.
    audit_rows = False

    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="deployments"
    )
    release = models.ForeignKey(
        Release, null=True, blank=True, on_delete=models.SET_NULL, related_name="deployments"
    )
    repository = models.CharField(max_length=300, blank=True)
    name = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    environment = models.CharField(
        max_length=20, choices=Environment.choices, default=Environment.PRODUCTION
    )
    commit_sha = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField()
    result = models.CharField(
        max_length=20, choices=DeploymentResult.choices, default=DeploymentResult.SUCCESS
    )
    changes = models.ManyToManyField(Change, blank=True, related_name="deployments")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    external_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-finished_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "team", "finished_at"], name="deploy_team_time"),
            models.Index(fields=["organization", "finished_at"], name="deploy_org_time"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "external_id"],
                condition=~Q(external_id=""),
                name="deploy_source_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.repository}@{self.commit_sha[:8]}"


class Severity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Incident(TenantModel):
    """A failure in production that needed a fix: when it opened, when it was resolved, its cause.

    ``deployment`` is the deployment that caused it; change failure rate counts the deployments
    with at least one incident, time to restore runs from that deployment to ``resolved_at``.
    """

    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    deployment = models.ForeignKey(
        Deployment, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    repository = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    severity = models.CharField(max_length=20, choices=Severity.choices, default=Severity.MEDIUM)
    opened_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    external_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "team", "opened_at"], name="incident_team_opened"),
            models.Index(fields=["organization", "opened_at", "id"], name="incident_org_opened"),
            # The incidents a deployment caused (change failure rate, time to restore): with the
            # organization in front, so SQLite does not read every incident of it instead.
            models.Index(fields=["organization", "deployment"], name="incident_org_deployment"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "external_id"],
                condition=~Q(external_id=""),
                name="incident_source_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=models.F("opened_at")),
                name="incident_resolved_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# --- The daily rollup the organization's figures are read from ---------------------------------


class DeliveryDay(TenantModel):
    """What one team's pipeline did on one day (site date), summed so that any window is a sum of
    days: kept by ``pom.delivery.rollup`` in the transaction that writes the rows it sums.

    A team row (``whole`` false; ``team`` empty for unmapped repositories) counts the successful
    production deployments that finished that day (``failed``: those with an incident), the
    changes they carried and lines changed, the resolved incidents they caused and the seconds to
    restore, the changes first shipped that day (by the change's team) and the releases logged.
    The histograms (``pom.delivery.buckets``) hold lead time and its split, time to restore,
    changes and lines per deployment. The organization's row (``whole`` true) is the sum of that
    day's team rows, plus ``gaps``: the days from each release to the organization's one before.

    ``span`` 1 is a day's row; ``span`` 7 sums the day rows of the week from Monday ``day``, so
    that a long window reads a row a week. ``deploy_days`` says which days had a deployment (bit
    0 Monday; a day's row: 1 or 0).
    """

    audit_rows = False

    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    whole = models.BooleanField(default=False)
    span = models.PositiveSmallIntegerField(default=1)
    deploy_days = models.PositiveSmallIntegerField(default=0)
    deployments = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    carried = models.PositiveIntegerField(default=0)
    lines = models.BigIntegerField(default=0)
    shipped = models.PositiveIntegerField(default=0)
    restored = models.PositiveIntegerField(default=0)
    restore_seconds = models.BigIntegerField(default=0)
    releases = models.PositiveIntegerField(default=0)
    lead = models.JSONField(default=dict)
    coding = models.JSONField(default=dict)
    review = models.JSONField(default=dict)
    waiting = models.JSONField(default=dict)
    restore = models.JSONField(default=dict)
    batch = models.JSONField(default=dict)
    batch_lines = models.JSONField(default=dict)
    gaps = models.JSONField(default=dict)

    class Meta:
        ordering = ["day", "id"]
        indexes = [
            models.Index(fields=["organization", "whole", "span", "day"], name="delivery_day_org"),
            models.Index(fields=["organization", "team", "span", "day"], name="delivery_day_team"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "team", "span", "day"],
                condition=Q(team__isnull=False),
                name="delivery_day_team_unique",
            ),
            models.UniqueConstraint(
                fields=["organization", "whole", "span", "day"],
                condition=Q(team__isnull=True),
                name="delivery_day_unmapped_unique",
            ),
            models.CheckConstraint(condition=Q(span__in=[1, 7]), name="delivery_day_span"),
        ]

    def __str__(self) -> str:
        return f"{self.day} ({'organization' if self.whole else self.team_id or 'unmapped'})"


# --- Ingest: where pipeline data comes from ------------------------------------------------------


class IngestSourceKind(models.TextChoices):
    WEBHOOK = "webhook", "Generic webhook (DevLake-shaped)"
    GITHUB = "github", "GitHub"
    GITLAB = "gitlab", "GitLab"


class IngestSource(TenantModel):
    """A pipeline that reports to pom: the secret token in its URL, the secret it signs with, and
    the team it reports for when a repository is not mapped to one.

    ``secret`` is shown once, when the source is made or its secret is replaced; webhook
    signatures are checked against it (an HMAC needs the secret itself, so it is not hashed).
    """

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=IngestSourceKind.choices)
    token = models.CharField(max_length=64, unique=True, editable=False)
    secret = models.CharField(max_length=128, editable=False)
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_delivery_at = models.DateTimeField(null=True, blank=True, editable=False)

    audit_exclude = ("created_at", "updated_at", "secret", "token", "last_delivery_at")

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="ingest_source_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("delivery:source", args=[self.pk])

    @property
    def row_source(self) -> str:
        """The ``source`` the rows it reports carry."""
        return {IngestSourceKind.GITHUB: Source.GITHUB, IngestSourceKind.GITLAB: Source.GITLAB}.get(
            IngestSourceKind(self.kind), Source.WEBHOOK
        )


class Repository(TenantModel):
    """A code repository the pipeline reports about, and the team that owns it.

    ``name`` is the repository without scheme or ``.git`` (``github.com/acme/shop``); a
    repository first seen in a delivery is recorded with no team ("unmapped") until someone maps it.
    """

    name = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="repositories"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "repositories"
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="repository_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    STORED = "stored", "Stored"
    IGNORED = "ignored", "Ignored"
    REJECTED = "rejected", "Rejected"


class WebhookDelivery(TenantModel):
    """One request a source sent: which event, what pom stored, or why it refused it."""

    # The log of requests is itself the record; it is not audited row by row.
    audit_rows = False

    source = models.ForeignKey(IngestSource, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=80)
    delivery_id = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices)
    message = models.TextField(blank=True)
    stored = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["source", "-created_at"], name="delivery_source_time")]

    def __str__(self) -> str:
        return f"{self.event} ({self.status})"
