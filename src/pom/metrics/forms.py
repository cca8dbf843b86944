"""Forms of the metrics pages. They parse and check shape; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from pom.accounts.models import Membership
from pom.core.pickers import PickerField, bind
from pom.metrics.models import DataSourceKind, Definition, Direction, FileFormat, Grain, Schedule
from pom.metrics.sql import AGGREGATIONS, MAX_WINDOW_DAYS, MEASURES, Spec

AGGREGATION_LABELS = {
    "count": "Count of rows",
    "count_distinct": "Count of distinct values",
    "sum": "Sum",
    "avg": "Average",
    "ratio": "Ratio of two aggregations",
    "conversion": "Conversion within a window",
}
SSL_CHOICES = [
    (m, m) for m in ("prefer", "require", "verify-ca", "verify-full", "disable", "allow")
]


def _area(rows: int = 2, placeholder: str = "") -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "placeholder": placeholder, "spellcheck": "false"})


class SourceForm(forms.Form):
    name = forms.CharField(max_length=120)
    kind = forms.ChoiceField(
        choices=DataSourceKind.choices, initial=DataSourceKind.DUCKDB, label="Kind"
    )
    description = forms.CharField(max_length=2000, required=False, widget=_area())
    host = forms.CharField(
        max_length=253, required=False, help_text="Databases and warehouses only."
    )
    port = forms.IntegerField(min_value=1, max_value=65535, required=False)
    database = forms.CharField(max_length=200, required=False)
    user = forms.CharField(max_length=200, required=False, help_text="Use a read-only role.")
    sslmode = forms.ChoiceField(
        choices=SSL_CHOICES, required=False, label="PostgreSQL: TLS (sslmode)"
    )
    secure = forms.BooleanField(
        required=False,
        initial=True,
        label="ClickHouse: connect over TLS (HTTPS)",
        help_text="Port 8443 with TLS, 8123 without, unless you give one.",
    )
    password = forms.CharField(
        max_length=1000,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Stored encrypted and never shown again. Leave blank to keep the stored one.",
    )
    password_env = forms.CharField(
        max_length=100,
        required=False,
        label="Or: password from the environment variable",
        help_text="A variable set on the pom server whose name starts with POM_SOURCE_.",
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
            self.fields["clear_password"] = forms.BooleanField(
                required=False, label="Remove the stored password"
            )

    def service_data(self) -> dict[str, Any]:
        return {
            k: v for k, v in self.cleaned_data.items() if v not in (None, "") or k == "description"
        }


class TableForm(forms.Form):
    name = forms.CharField(
        max_length=63, label="Table name", help_text="How metrics refer to it, e.g. events."
    )
    file = forms.FileField(required=False, label="Upload a CSV or Parquet file")
    path = forms.CharField(
        max_length=1000,
        required=False,
        label="Or: the path of a file on the server",
        help_text="Under a folder this server allows (POM_METRICS_FILE_ROOTS); * in the file name reads several.",
    )
    file_format = forms.ChoiceField(
        choices=[("", "From the file name"), *FileFormat.choices], required=False, label="Format"
    )


class MetricForm(forms.Form):
    name = forms.CharField(max_length=160)
    description = forms.CharField(max_length=2000, required=False, widget=_area())
    source = forms.TypedChoiceField(coerce=int, label="Data source")
    definition = forms.ChoiceField(
        choices=Definition.choices, initial=Definition.SPEC, widget=forms.RadioSelect
    )
    table = forms.CharField(max_length=200, required=False, help_text="A table of the source.")
    timestamp_column = forms.CharField(
        max_length=63,
        required=False,
        label="Timestamp column",
        help_text="Places each row in a period.",
    )
    aggregation = forms.ChoiceField(
        choices=[(a, AGGREGATION_LABELS[a]) for a in AGGREGATIONS], initial="count"
    )
    column = forms.CharField(
        max_length=63, required=False, help_text="For distinct counts, sums and averages."
    )
    filter = forms.CharField(
        max_length=2000,
        required=False,
        widget=_area(2, "event = 'signup' AND country = 'DE'"),
        help_text="A SQL condition on the table's columns (the segment); empty for every row.",
    )
    numerator_aggregation = forms.ChoiceField(
        choices=[("", "—"), *((m, AGGREGATION_LABELS[m]) for m in MEASURES)], required=False
    )
    numerator_column = forms.CharField(max_length=63, required=False)
    numerator_filter = forms.CharField(max_length=2000, required=False, widget=_area())
    denominator_aggregation = forms.ChoiceField(
        choices=[("", "—"), *((m, AGGREGATION_LABELS[m]) for m in MEASURES)], required=False
    )
    denominator_column = forms.CharField(max_length=63, required=False)
    denominator_filter = forms.CharField(max_length=2000, required=False, widget=_area())
    entity_column = forms.CharField(
        max_length=63, required=False, help_text="Who converts, e.g. user_id."
    )
    start_filter = forms.CharField(
        max_length=2000,
        required=False,
        widget=_area(1, "event = 'signup'"),
        help_text="Rows that start the journey (each entity's first one counts).",
    )
    conversion_filter = forms.CharField(
        max_length=2000,
        required=False,
        widget=_area(1, "event = 'purchase'"),
        help_text="Rows that count as converting.",
    )
    window_days = forms.IntegerField(
        min_value=1, max_value=MAX_WINDOW_DAYS, initial=7, required=False
    )
    sql = forms.CharField(
        max_length=20000,
        required=False,
        label="SQL",
        widget=_area(
            8, "SELECT date_trunc('week', ts) AS period, count(*) AS value FROM events GROUP BY 1"
        ),
        help_text="One SELECT returning the columns period and value.",
    )
    grain = forms.ChoiceField(choices=Grain.choices, initial=Grain.DAY)
    direction = forms.ChoiceField(choices=Direction.choices, initial=Direction.UP)
    unit = forms.CharField(max_length=30, required=False)
    schedule = forms.ChoiceField(choices=Schedule.choices, initial=Schedule.DAILY, label="Refresh")

    SPEC_FIELDS = [f for f in Spec.FIELDS if f != "from_sql"]

    def __init__(self, *args: Any, sources: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["source"]
        field.choices = [(s.pk, s.name) for s in sources]

    @classmethod
    def initial_for(cls, metric: Any) -> dict[str, Any]:
        initial = {
            f: getattr(metric, f)
            for f in (
                "name",
                "description",
                "definition",
                "sql",
                "grain",
                "direction",
                "unit",
                "schedule",
            )
        }
        initial["source"] = metric.source_id
        initial.update({k: v for k, v in (metric.spec or {}).items() if k in cls.SPEC_FIELDS})
        return initial

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        spec = {k: data.pop(k) for k in self.SPEC_FIELDS}
        if spec.get("window_days") is None:
            spec["window_days"] = 7
        return {**data, "spec": spec}


class BindForm(forms.Form):
    outcome = PickerField("outcomes")
    guardrail = forms.CharField(max_length=160, required=False)

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind(self, actor)
