"""The numbers in a strategy document: data sources, metric definitions, and the outcomes'
bindings to metrics — by name, never by id, so a document moves between organizations.

What is never written: passwords (stored or not), the files of a file source (a table that was
uploaded says so, and its file is uploaded again after import), series, refresh history and
forecasts (results, which the next refresh recomputes). How a password is supplied is part of
the document: ``password_env`` names the server's environment variable, ``needs_password`` says
one was entered on the source's page and must be entered again.

Import goes through the metrics services, so the same rules hold as in the forms: a metric's SQL
is a single read-only SELECT returning ``period`` and ``value``, a structured definition names
tables the source has, and a metric reads only a data source of the importing organization.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from pom.accounts.models import Membership
from pom.core.imports import DocumentError
from pom.metrics import services as metrics
from pom.metrics.models import BindingRole, DataSource, DataSourceKind, Metric, OutcomeMetric
from pom.metrics.services.sources import SETTING_FIELDS
from pom.strategy.models import Outcome

# What the document says about credentials (a comment at its top, written only with sources).
CREDENTIALS_NOTE = """\
# Data sources never carry passwords. A source with password_env reads its password from that
# environment variable on the server (it must start with POM_SOURCE_); one with needs_password
# had it entered on its page and, once imported, waits for it to be entered there again. Tables
# marked uploaded: true were files uploaded to pom: upload them again under the same name.
"""


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def export_sources(org_id: int) -> list[dict[str, Any]]:
    sources = DataSource.objects.for_org(org_id).prefetch_related("tables").order_by("name", "id")
    out = []
    for s in sources:
        conf = {k: s.settings[k] for k in SETTING_FIELDS if k in (s.settings or {})}
        out.append(
            _clean(
                {
                    "name": s.name,
                    "kind": s.kind,
                    "description": s.description,
                    "settings": conf if s.kind != DataSourceKind.DUCKDB else None,
                    "password_env": s.secret_env,
                    "needs_password": (
                        True
                        if not s.secret_env and (s.secret_encrypted or s.needs_password)
                        else None
                    ),
                    "tables": [
                        _clean(
                            {
                                "name": t.name,
                                "format": t.file_format,
                                "path": None if t.uploaded else t.path,
                                "uploaded": True if t.uploaded else None,
                            }
                        )
                        for t in sorted(s.tables.all(), key=lambda t: (t.name, t.pk))
                    ],
                }
            )
        )
    return out


def export_metrics(org_id: int) -> list[dict[str, Any]]:
    return [
        _clean(
            {
                "name": m.name,
                "description": m.description,
                "source": m.source.name,
                "definition": m.definition,
                "spec": m.spec if m.definition == "spec" else None,
                "sql": m.sql if m.definition == "sql" else None,
                "grain": m.grain,
                "direction": m.direction,
                "unit": m.unit,
                "schedule": m.schedule,
            }
        )
        for m in Metric.objects.for_org(org_id).select_related("source").order_by("name", "id")
    ]


def _guardrail_name(binding: OutcomeMetric) -> str:
    """The guardrail a binding reads: recorded since bindings name it; for older ones, the
    outcome's guardrail with the metric's name, else the one with the binding's limit."""
    if binding.guardrail:
        return binding.guardrail
    rails = [g for g in binding.outcome.guardrails or [] if isinstance(g, dict)]
    for g in rails:
        if str(g.get("metric") or "").strip().lower() == binding.metric.name.lower():
            return str(g.get("metric"))
    for g in rails:
        if g.get("limit") == binding.limit and (g.get("comparison") or "at_most") == (
            binding.comparison or "at_most"
        ):
            return str(g.get("metric"))
    return ""


def export_bindings(org_id: int, outcome_key: dict[int, str]) -> list[dict[str, Any]]:
    order = {pk: i for i, pk in enumerate(outcome_key)}
    bindings = sorted(
        OutcomeMetric.objects.for_org(org_id).select_related("outcome", "metric"),
        key=lambda b: (
            order.get(b.outcome_id, len(order)),
            b.role != BindingRole.PRIMARY,
            _guardrail_name(b).lower(),
            b.metric.name,
        ),
    )
    out = []
    for b in bindings:
        if b.outcome_id not in outcome_key:
            continue
        rail = _guardrail_name(b) if b.role == BindingRole.GUARDRAIL else ""
        if b.role == BindingRole.GUARDRAIL and not rail:
            continue  # the guardrail it read was removed from the outcome: nothing to bind to
        out.append(
            _clean(
                {"outcome": outcome_key[b.outcome_id], "metric": b.metric.name, "guardrail": rail}
            )
        )
    return out


Raise = Callable[[str, ValidationError], None]


def _source_fields(s: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {"description": s.get("description") or ""}
    fields.update({k: v for k, v in (s.get("settings") or {}).items() if k in SETTING_FIELDS})
    if s.get("password_env") not in (None, ""):
        fields["password_env"] = s["password_env"]
    return fields


def _unknown_settings(i: int, s: dict[str, Any]) -> None:
    unknown = sorted(set(s.get("settings") or {}) - set(SETTING_FIELDS))
    if unknown:
        raise DocumentError(
            {
                f"data_sources[{i}].settings.{unknown[0]}": f"Unknown setting; expected one of "
                f"{', '.join(SETTING_FIELDS)} (passwords are never part of the document)."
            }
        )


def import_sources(
    actor: Membership, doc: dict[str, Any], raise_at: Raise, count: Any
) -> dict[str, DataSource]:
    """Create (or update, by name) each data source and its tables; a source that needs a
    password the document cannot carry is marked so, and says so on its page."""
    existing = {s.name.lower(): s for s in DataSource.objects.for_member(actor)}
    for i, s in enumerate(doc.get("data_sources") or []):
        _unknown_settings(i, s)
        name = str(s.get("name") or "").strip()
        source = existing.get(name.lower())
        try:
            if source is None:
                source = metrics.create_source(
                    actor, name=name, kind=s.get("kind") or "duckdb", **_source_fields(s)
                )
                count["data_sources"] += 1
            else:
                metrics.update_source(actor, source, kind=s.get("kind"), **_source_fields(s))
                count["data_sources updated"] += 1
        except ValidationError as exc:
            raise_at(f"data_sources[{i}]", exc)
        assert source is not None
        if (
            s.get("needs_password")
            and not source.has_secret
            and source.kind != DataSourceKind.DUCKDB
        ):
            source.needs_password = True
            source.save(update_fields=["needs_password", "updated_at"])
        have = {t.name.lower() for t in source.tables.all()}
        for j, t in enumerate(s.get("tables") or []):
            if str(t.get("name") or "").lower() in have:
                continue  # the source already has it (an update keeps its file)
            try:
                if t.get("path") not in (None, ""):
                    metrics.add_table(
                        actor,
                        source,
                        name=t.get("name"),
                        path=t["path"],
                        file_format=t.get("format"),
                    )
                else:
                    metrics.expect_table(
                        actor, source, name=t.get("name"), file_format=t.get("format")
                    )
            except ValidationError as exc:
                raise_at(f"data_sources[{i}].tables[{j}]", exc)
        existing[source.name.lower()] = source
    return existing


def import_metrics(
    actor: Membership,
    doc: dict[str, Any],
    sources: dict[str, DataSource],
    raise_at: Raise,
    count: Any,
) -> dict[str, Metric]:
    existing = {m.name.lower(): m for m in Metric.objects.for_member(actor)}
    for i, m in enumerate(doc.get("metrics") or []):
        source = sources.get(str(m.get("source") or "").strip().lower())
        if source is None:
            raise DocumentError(
                {
                    f"metrics[{i}].source": f"No data source named {m.get('source')!r} in this "
                    "document or this organization."
                }
            )
        fields = {
            k: m.get(k)
            for k in ("definition", "grain", "direction", "schedule")
            if m.get(k) not in (None, "")
        }
        fields.update(
            description=m.get("description") or "",
            unit=m.get("unit") or "",
            spec=m.get("spec") or {},
            sql=m.get("sql") or "",
            source=source.pk,
        )
        name = str(m.get("name") or "").strip()
        metric = existing.get(name.lower())
        try:
            if metric is None:
                metric = metrics.create_metric(actor, name=name, **fields)
                count["metrics"] += 1
            else:
                metric = metrics.update_metric(actor, metric, **fields)
                count["metrics updated"] += 1
        except ValidationError as exc:
            raise_at(f"metrics[{i}]", exc)
        assert metric is not None
        existing[metric.name.lower()] = metric
    return existing


def import_bindings(
    actor: Membership,
    doc: dict[str, Any],
    outcomes: dict[str, Outcome],
    found: dict[str, Metric],
    raise_at: Raise,
    count: Any,
) -> None:
    for i, b in enumerate(doc.get("bindings") or []):
        metric = found.get(str(b.get("metric") or "").strip().lower())
        if metric is None:
            raise DocumentError(
                {
                    f"bindings[{i}].metric": f"No metric named {b.get('metric')!r} in this "
                    "document or this organization."
                }
            )
        try:
            metrics.bind_metric(
                actor, outcomes[b["outcome"]], metric=metric, guardrail=b.get("guardrail")
            )
        except ValidationError as exc:
            raise_at(f"bindings[{i}]", exc)
        count["bindings"] += 1
