"""Request and response shapes of the metrics API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from pom.core.api import Id, InputSchema
from pom.metrics.models import DataSourceKind, Definition, Direction, FileFormat, Grain, Schedule

# --- Data sources -------------------------------------------------------------------------------


class DataSourceIn(InputSchema):
    name: str = Field(max_length=120)
    kind: DataSourceKind = DataSourceKind.DUCKDB
    description: str = Field("", max_length=2000)
    host: str | None = Field(None, max_length=253)
    port: int | None = Field(None, ge=1, le=65535)
    database: str | None = Field(None, max_length=200)
    user: str | None = Field(None, max_length=200)
    sslmode: str | None = Field(None, max_length=20, description="PostgreSQL's TLS mode.")
    secure: bool | None = Field(None, description="ClickHouse: HTTPS (default) or plain HTTP.")
    password: str | None = Field(
        None, max_length=1000, description="Stored encrypted; never returned."
    )
    password_env: str | None = Field(
        None, max_length=100, description="Or: the environment variable (POM_SOURCE_…) holding it."
    )


class SourcePatch(InputSchema):
    name: str | None = Field(None, max_length=120)
    description: str | None = Field(None, max_length=2000)
    host: str | None = Field(None, max_length=253)
    port: int | None = Field(None, ge=1, le=65535)
    database: str | None = Field(None, max_length=200)
    user: str | None = Field(None, max_length=200)
    sslmode: str | None = Field(None, max_length=20)
    secure: bool | None = None
    password: str | None = Field(None, max_length=1000, description="Blank keeps the stored one.")
    password_env: str | None = Field(None, max_length=100)
    clear_password: bool = False


class TableIn(InputSchema):
    name: str = Field(max_length=63)
    path: str = Field(max_length=1000, description="A file (or glob) under POM_METRICS_FILE_ROOTS.")
    file_format: FileFormat | None = None


class TableOut(Schema):
    id: int
    name: str
    file_format: FileFormat
    uploaded: bool
    size_bytes: int
    columns: list[dict[str, str]]


class DataSourceOut(Schema):
    id: int
    name: str
    kind: DataSourceKind
    description: str
    host: str | None = None
    port: int | None = None
    database: str | None = None
    user: str | None = None
    sslmode: str | None = None
    secure: bool | None = None
    has_password: bool
    password_env: str
    last_checked_at: datetime | None
    last_check_ok: bool | None
    last_check_message: str
    tables: list[TableOut]

    @staticmethod
    def resolve_tables(obj: Any) -> list[Any]:
        return list(obj.tables.all())

    @staticmethod
    def resolve_has_password(obj: Any) -> bool:
        return bool(obj.secret_encrypted)

    @staticmethod
    def resolve_password_env(obj: Any) -> str:
        return str(obj.secret_env)

    @staticmethod
    def resolve_host(obj: Any) -> Any:
        return (obj.settings or {}).get("host")

    @staticmethod
    def resolve_port(obj: Any) -> Any:
        return (obj.settings or {}).get("port")

    @staticmethod
    def resolve_database(obj: Any) -> Any:
        return (obj.settings or {}).get("database")

    @staticmethod
    def resolve_user(obj: Any) -> Any:
        return (obj.settings or {}).get("user")

    @staticmethod
    def resolve_sslmode(obj: Any) -> Any:
        return (obj.settings or {}).get("sslmode")

    @staticmethod
    def resolve_secure(obj: Any) -> Any:
        return (obj.settings or {}).get("secure")


class SourceCheckOut(Schema):
    ok: bool
    message: str


# --- Metrics ------------------------------------------------------------------------------------


class SpecIn(InputSchema):
    """A structured definition; which fields matter depends on ``aggregation``."""

    table: str = Field("", max_length=200)
    from_sql: str = Field("", max_length=20000)
    timestamp_column: str = Field("", max_length=63)
    aggregation: str = Field("", max_length=20)
    column: str = Field("", max_length=63)
    filter: str = Field("", max_length=2000)
    numerator_aggregation: str = Field("", max_length=20)
    numerator_column: str = Field("", max_length=63)
    numerator_filter: str = Field("", max_length=2000)
    denominator_aggregation: str = Field("", max_length=20)
    denominator_column: str = Field("", max_length=63)
    denominator_filter: str = Field("", max_length=2000)
    entity_column: str = Field("", max_length=63)
    start_filter: str = Field("", max_length=2000)
    conversion_filter: str = Field("", max_length=2000)
    window_days: int = Field(7, ge=1, le=366)


class MetricIn(InputSchema):
    name: str = Field(max_length=160)
    source_id: Id
    description: str = Field("", max_length=2000)
    definition: Definition = Definition.SPEC
    spec: SpecIn | None = None
    sql: str = Field("", max_length=20000)
    grain: Grain = Grain.DAY
    direction: Direction = Direction.UP
    unit: str = Field("", max_length=30)
    schedule: Schedule = Schedule.DAILY


class MetricPatch(InputSchema):
    name: str | None = Field(None, max_length=160)
    source_id: Id | None = None
    description: str | None = Field(None, max_length=2000)
    definition: Definition | None = None
    spec: SpecIn | None = None
    sql: str | None = Field(None, max_length=20000)
    grain: Grain | None = None
    direction: Direction | None = None
    unit: str | None = Field(None, max_length=30)
    schedule: Schedule | None = None


class PreviewIn(InputSchema):
    source_id: Id
    definition: Definition = Definition.SPEC
    spec: SpecIn | None = None
    sql: str = Field("", max_length=20000)
    grain: Grain = Grain.DAY


class PointOut(Schema):
    period: date
    value: float


class PreviewOut(Schema):
    sql: str
    points: list[PointOut]


class MetricOut(Schema):
    id: int
    name: str
    description: str
    source_id: Id
    source_name: str
    definition: Definition
    spec: dict[str, Any]
    sql: str
    grain: Grain
    direction: Direction
    unit: str
    schedule: Schedule
    latest_period: date | None
    latest_value: float | None
    point_count: int
    last_refreshed_at: datetime | None
    last_status: str
    last_error: str

    @staticmethod
    def resolve_source_name(obj: Any) -> str:
        return str(obj.source.name)


class MetricDetailOut(MetricOut):
    generated_sql: str


class RefreshIn(InputSchema):
    full: bool = False


class RefreshOut(Schema):
    id: int
    metric_id: Id
    status: str
    full: bool
    since: date | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    rows: int
    message: str


# --- Outcomes -----------------------------------------------------------------------------------


class BindIn(InputSchema):
    metric_id: Id
    guardrail: str | None = Field(
        None,
        max_length=160,
        description="The name of one of the outcome's guardrails; empty: the outcome's own metric.",
    )


class BindingOut(Schema):
    id: int
    outcome_id: Id
    metric_id: Id
    role: str
    comparison: str
    limit: float | None
    breached_since: date | None


class GuardrailOut(Schema):
    metric_id: Id
    metric_name: str
    comparison: str
    limit: float | None
    latest: PointOut | None
    holds: bool | None
    breached_since: date | None


class ForecastPointOut(Schema):
    period: date
    expected: float
    lower: float
    upper: float


class ForecastOut(Schema):
    """Where the metric is heading by the outcome's deadline (80% band), and the status it means."""

    status: str = Field(
        description="on_track, at_risk, off_track, not_enough_data, met, missed or no_target"
    )
    label: str
    reason: str
    value: float | None
    lower: float | None
    upper: float | None
    probability: float | None = Field(
        description="The chance of reaching the target by the deadline."
    )
    method: str
    path: list[ForecastPointOut]


class MarkOut(Schema):
    """Something marked on the chart: a release serving the outcome, with whether it moved it."""

    on: date
    label: str
    url: str = Field(description="The marked object's page")
    verdict: str = Field(description="The before/after read in words; empty when none was read")
    tone: str = Field(description="good, bad, or empty (no detectable change, or not read)")


class OutcomeSeriesOut(Schema):
    outcome_id: Id
    metric_id: Id | None
    latest: PointOut | None
    points: list[PointOut]
    forecast: ForecastOut
    guardrails: list[GuardrailOut]
    marks: list[MarkOut] = Field(
        description="Releases serving the outcome inside the series' span, oldest first"
    )
