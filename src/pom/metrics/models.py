"""Models of the metrics pillar: where the numbers live, how a metric is defined, and its series.

A metric is evaluated *in its data source* (the aggregation is pushed down to the engine); pom
stores only the resulting ``(period, value)`` points.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from pom.core.models import TenantModel


class DataSourceKind(models.TextChoices):
    DUCKDB = "duckdb", "Files (CSV / Parquet, embedded DuckDB)"
    POSTGRES = "postgres", "PostgreSQL"
    CLICKHOUSE = "clickhouse", "ClickHouse"


class DataSource(TenantModel):
    """A read-only place where an organization's numbers live: files, a database or a warehouse.

    Connection settings (host, port, database, user) are in ``settings``; the password is either
    stored encrypted (``secret_encrypted``) or read from the environment variable named in
    ``secret_env``. Neither is ever shown back, exported or written to the audit log.
    """

    name = models.CharField(max_length=120)
    kind = models.CharField(
        max_length=20, choices=DataSourceKind.choices, default=DataSourceKind.DUCKDB
    )
    description = models.TextField(blank=True)
    settings = models.JSONField(default=dict, blank=True)
    secret_encrypted = models.TextField(blank=True, editable=False)
    secret_env = models.CharField(max_length=100, blank=True)
    # Imported from a strategy document without its password (documents never carry one): the
    # source waits for it to be entered, or for ``secret_env`` to be named, before it can run.
    needs_password = models.BooleanField(default=False, editable=False)
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_check_ok = models.BooleanField(null=True, editable=False)
    last_check_message = models.CharField(max_length=500, blank=True, editable=False)

    audit_exclude = ("created_at", "updated_at", "secret_encrypted")

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="datasource_org_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("metrics:source", args=[self.pk])

    @property
    def has_secret(self) -> bool:
        return bool(self.secret_encrypted or self.secret_env)

    @property
    def dialect(self) -> str:
        """The SQL dialect (sqlglot's name) queries for this source are written in."""
        return str(self.kind)


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    PARQUET = "parquet", "Parquet"


class SourceTable(TenantModel):
    """A table of a file source: one CSV or Parquet file (or a glob of them) under a table name."""

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(max_length=63)
    path = models.CharField(max_length=1000)
    file_format = models.CharField(max_length=10, choices=FileFormat.choices)
    uploaded = models.BooleanField(
        default=False, help_text="pom holds the file (else: pointed to)."
    )
    size_bytes = models.BigIntegerField(default=0)
    columns = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="sourcetable_source_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Grain(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"


class Aggregation(models.TextChoices):
    COUNT = "count", "Count of rows"
    COUNT_DISTINCT = "count_distinct", "Count of distinct values"
    SUM = "sum", "Sum"
    AVG = "avg", "Average"
    RATIO = "ratio", "Ratio of two aggregations"
    CONVERSION = "conversion", "Conversion within a window"


class Definition(models.TextChoices):
    SPEC = "spec", "Structured definition"
    SQL = "sql", "Hand-written SQL"


class Direction(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"


class Schedule(models.TextChoices):
    MANUAL = "manual", "Only on demand"
    HOURLY = "hourly", "Hourly"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class Metric(TenantModel):
    """A number the organization tracks, defined once and computed in its data source per period.

    Either a structured definition (``spec``: table, timestamp column, aggregation, filters) or a
    hand-written SQL ``SELECT`` returning ``(period, value)``; both become one read-only query
    that the source's engine runs, with a statement timeout and a row cap.
    """

    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="metrics")
    definition = models.CharField(
        max_length=10, choices=Definition.choices, default=Definition.SPEC
    )
    spec = models.JSONField(default=dict, blank=True)
    sql = models.TextField(blank=True)
    grain = models.CharField(max_length=10, choices=Grain.choices, default=Grain.DAY)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.UP)
    unit = models.CharField(max_length=30, blank=True)
    schedule = models.CharField(max_length=10, choices=Schedule.choices, default=Schedule.DAILY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Denormalized from the series and the last refresh so the list shows them without a query
    # per metric.
    latest_period = models.DateField(null=True, blank=True, editable=False)
    latest_value = models.FloatField(null=True, blank=True, editable=False)
    point_count = models.PositiveIntegerField(default=0, editable=False)
    last_refreshed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_status = models.CharField(max_length=20, blank=True, editable=False)
    last_error = models.CharField(max_length=1000, blank=True, editable=False)
    sparkline = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="metric_org_name"),
        ]
        indexes = [models.Index(fields=["organization", "source"], name="metric_org_source")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("metrics:metric", args=[self.pk])


class MetricPoint(models.Model):
    """One period's value of a metric, as its data source computed it.

    Belongs to its metric (and so to the metric's organization); read only through a metric that
    is already in scope. Written in bulk by a refresh: points are results, not changes anyone
    made, so they stay out of the audit log.
    """

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="points")
    period = models.DateField()
    value = models.FloatField()

    class Meta:
        ordering = ["metric", "period"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "period"], name="metricpoint_metric_period"),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class RefreshStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class MetricRefresh(TenantModel):
    """One run of a metric's query: when, how it went, how many periods came back, or why it failed."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="refreshes")
    status = models.CharField(
        max_length=10, choices=RefreshStatus.choices, default=RefreshStatus.QUEUED
    )
    full = models.BooleanField(
        default=True, help_text="Recomputed every period (else: since the last complete one)."
    )
    since = models.DateField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=1000, blank=True)
    sql = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "metric", "-created_at"], name="refresh_org_metric"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric_id} {self.status}"

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class BindingRole(models.TextChoices):
    PRIMARY = "primary", "The outcome's metric"
    GUARDRAIL = "guardrail", "A guardrail"


class Comparison(models.TextChoices):
    AT_MOST = "at_most", "at most"
    AT_LEAST = "at_least", "at least"


class OutcomeMetric(TenantModel):
    """A strategy outcome (or one of its guardrails) reading its numbers from a metric."""

    outcome = models.ForeignKey(
        "strategy.Outcome", on_delete=models.CASCADE, related_name="metric_bindings"
    )
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="bindings")
    role = models.CharField(max_length=10, choices=BindingRole.choices, default=BindingRole.PRIMARY)
    comparison = models.CharField(max_length=10, choices=Comparison.choices, blank=True)
    limit = models.FloatField(null=True, blank=True)
    # Which of the outcome's guardrails (by its metric's name) this binding reads; "" for primary.
    guardrail = models.CharField(max_length=160, blank=True)
    breached_since = models.DateField(null=True, blank=True, editable=False)
    # The outcome's forecast as of the metric's last refresh (see pom.metrics.forecast).
    forecast_status = models.CharField(max_length=20, blank=True, editable=False)
    forecast = models.JSONField(default=dict, blank=True, editable=False)
    forecast_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome"],
                condition=models.Q(role="primary"),
                name="outcomemetric_one_primary",
            ),
            models.UniqueConstraint(
                fields=["outcome", "metric", "role"], name="outcomemetric_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome_id} ← {self.metric_id} ({self.role})"

    def get_forecast_label(self) -> str:
        from pom.metrics.forecast import Status

        return Status.LABELS.get(self.forecast_status, "")

    def guardrail_holds(self, value: float | None) -> bool | None:
        if self.role != BindingRole.GUARDRAIL or value is None or self.limit is None:
            return None
        if self.comparison == Comparison.AT_MOST:
            return value <= self.limit
        return value >= self.limit
