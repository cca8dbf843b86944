"""Metric definitions: create, change, delete, and preview before saving.

A definition is checked by the query layer before it is stored (a structured definition's fields
one by one; hand-written SQL as a single read-only SELECT returning ``period`` and ``value``), so
a saved metric always compiles. Whether the source answers is what the preview and the refresh
find out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import choice, resolve, text
from pom.metrics import sql
from pom.metrics.evaluate import (
    Definitionish,
    EvaluationError,
    known_tables,
    metric_sql,
    run_series,
)
from pom.metrics.models import (
    DataSource,
    Definition,
    Direction,
    Grain,
    Metric,
    Schedule,
)

PREVIEW_PERIODS = 12


def _checked_definition(
    source: DataSource, definition: str, spec: Any, query: Any
) -> tuple[dict[str, Any], str]:
    """The spec (as stored) and SQL for ``definition``; field errors name what is wrong."""
    dialect = source.dialect
    tables = known_tables(source)
    if definition == Definition.SQL:
        try:
            tree = sql.check_select(str(query or ""), dialect, allowed_tables=tables)
        except sql.QueryRefused as exc:
            raise ValidationError({"sql": str(exc)}) from None
        columns = sql.returned_columns(tree)
        if columns is not None and ("period" not in columns or "value" not in columns):
            raise ValidationError(
                {
                    "sql": "The query must return two columns named period and value; "
                    f"it returns {', '.join(columns)}."
                }
            )
        return {}, str(query).strip().rstrip(";").strip()
    if not isinstance(spec, dict):
        raise ValidationError({"spec": "Give the definition's fields."})
    try:
        parsed = sql.parse_spec(spec, dialect, allowed_tables=tables)
    except sql.SpecError as exc:
        raise ValidationError(exc.errors) from None
    return parsed.as_dict(), ""


def _apply(actor: Membership, metric: Metric, data: dict[str, Any]) -> Metric:
    if "name" in data:
        metric.name = text(data["name"], "name", required=True, max_length=160)
        clash = Metric.objects.for_member(actor).filter(name__iexact=metric.name)
        if metric.pk:
            clash = clash.exclude(pk=metric.pk)
        if clash.exists():
            raise ValidationError({"name": f"There is already a metric named {metric.name!r}."})
    if "description" in data:
        metric.description = text(data["description"], "description", max_length=2000)
    if data.get("source") not in (None, ""):
        found = resolve(DataSource, actor, data["source"], "source")
        assert found is not None
        metric.source = found
    elif not metric.source_id:
        raise ValidationError({"source": "Choose the data source the metric reads."})
    for field, choices, default in (
        ("definition", Definition, Definition.SPEC),
        ("grain", Grain, Grain.DAY),
        ("direction", Direction, Direction.UP),
        ("schedule", Schedule, Schedule.DAILY),
    ):
        if field in data or not metric.pk:
            setattr(metric, field, choice(data.get(field), field, choices, default=default))
    if "unit" in data:
        metric.unit = text(data["unit"], "unit", max_length=30)
    metric.spec, metric.sql = _checked_definition(
        metric.source,
        metric.definition,
        data.get("spec", metric.spec),
        data.get("sql", metric.sql),
    )
    metric.save()
    return metric


@transaction.atomic
def create_metric(actor: Membership, **data: Any) -> Metric:
    require(actor, "metrics.edit")
    metric = Metric(organization_id=actor.organization_id, created_by=actor.user)
    return _apply(actor, metric, {**data, "name": data.get("name")})


@transaction.atomic
def update_metric(actor: Membership, metric: Metric, **data: Any) -> Metric:
    """Change a metric; a changed definition or grain makes the next refresh a full one."""
    require(actor, "metrics.edit")
    before = (metric.source_id, metric.definition, metric.spec, metric.sql, metric.grain)
    _apply(actor, metric, data)
    if before != (metric.source_id, metric.definition, metric.spec, metric.sql, metric.grain):
        from pom.metrics.services.refresh import clear_series

        clear_series(metric)
    return metric


@transaction.atomic
def delete_metric(actor: Membership, metric: Metric) -> None:
    require(actor, "metrics.edit")
    bound = metric.bindings.count()
    if bound:
        raise ValidationError(
            f"{bound} outcome{'s read' if bound != 1 else ' reads'} this metric; unbind "
            f"{'them' if bound != 1 else 'it'} first."
        )
    metric.delete()


def preview(actor: Membership, **data: Any) -> tuple[str, list[tuple[date, float]]]:
    """The last periods an unsaved definition gives, computed in its source; nothing is stored.

    Field problems are a ``ValidationError`` naming the field; what the engine says is one too,
    under ``__all__``.
    """
    require(actor, "metrics.view")
    source = resolve(DataSource, actor, data.get("source"), "source")
    if source is None:
        raise ValidationError({"source": "Choose the data source the metric reads."})
    definition = choice(data.get("definition"), "definition", Definition, default=Definition.SPEC)
    grain = choice(data.get("grain"), "grain", Grain, default=Grain.DAY)
    spec, query = _checked_definition(source, definition, data.get("spec") or {}, data.get("sql"))
    d = Definitionish(source, definition, spec, query, grain)
    try:
        ran, series = run_series(d)
    except EvaluationError as exc:
        raise ValidationError(str(exc)) from None
    return ran, series[-PREVIEW_PERIODS:]


def definition_of(metric: Metric) -> Definitionish:
    return Definitionish(metric.source, metric.definition, metric.spec, metric.sql, metric.grain)


def generated_sql(metric: Metric) -> str:
    """The query a full refresh of ``metric`` runs (shown on the metric page, read-only)."""
    try:
        return metric_sql(definition_of(metric))
    except EvaluationError as exc:
        return f"-- {exc}"
