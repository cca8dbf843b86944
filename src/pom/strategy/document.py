"""The shape of a strategy document (``pom export strategy``), as pydantic models.

Only the shape is checked here — which keys each part may have, and which parts are lists or
mappings — with every problem reported at its path (``outcomes[2].check_ins[0].valu``). Values
stay as written (``Any``): the services check them with their own messages, and the references
between parts (a parent outcome, a cycle name) are checked by ``transfer.check_structure``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticError


class _Part(BaseModel):
    """A mapping that refuses keys it does not know; values are checked by the services."""

    model_config = ConfigDict(extra="forbid")


class Vision(_Part):
    statement: Any = None
    horizon: Any = None


class Settings(_Part):
    stale_after_days: Any = None
    max_active_bets: Any = None
    max_outcomes_per_team: Any = None
    max_teams_per_outcome: Any = None


class Bet(_Part):
    key: Any = None
    title: Any = None
    rank: Any = None
    status: Any = None
    insight: Any = None
    tradeoffs: Any = None
    time_frame: Any = None
    owner: Any = None


class Cycle(_Part):
    name: Any = None
    start: Any = None
    end: Any = None


class Project(_Part):
    key: Any = None
    name: Any = None
    reason: Any = None
    start: Any = None
    end: Any = None
    budget: Any = None
    scope: Any = None
    sponsor: Any = None


class GuardrailReading(_Part):
    metric: Any = None
    value: Any = None
    comparison: Any = None
    limit: Any = None
    holds: Any = None


class CheckIn(_Part):
    date: Any = None
    value: Any = None
    confidence: Any = None
    status: Any = None
    guardrail_readings: list[GuardrailReading] | None = None
    commentary: Any = None
    blockers: Any = None
    author: Any = None


class Guardrail(_Part):
    metric: Any = None
    comparison: Any = None
    limit: Any = None


class Outcome(_Part):
    key: Any = None
    title: Any = None
    level: Any = None
    status: Any = None
    parent: Any = None
    bet: Any = None
    owner_team: Any = None
    description: Any = None
    metric: Any = None
    unit: Any = None
    segment: Any = None
    direction: Any = None
    baseline_value: Any = None
    baseline_date: Any = None
    target_value: Any = None
    deadline: Any = None
    current_value: Any = None
    guardrails: list[Guardrail] | None = None
    tradeoffs: Any = None
    check_ins: list[CheckIn] | None = None


class Commitment(_Part):
    cycle: Any = None
    team: Any = None
    outcome: Any = None
    note: Any = None


class Funding(_Part):
    cycle: Any = None
    team: Any = None
    outcome: Any = None
    project: Any = None
    headcount: Any = None
    amount: Any = None
    rationale: Any = None


class Principle(_Part):
    text: Any = None
    rationale: Any = None


class SourceTable(_Part):
    name: Any = None
    format: Any = None
    path: Any = None
    uploaded: Any = None


class DataSource(_Part):
    name: Any = None
    kind: Any = None
    description: Any = None
    settings: dict[str, Any] | None = None
    password_env: Any = None
    needs_password: Any = None
    # Never accepted (``transfer.check_structure`` says why); declared so the message is that one.
    password: Any = None
    tables: list[SourceTable] | None = None


class Metric(_Part):
    name: Any = None
    description: Any = None
    source: Any = None
    definition: Any = None
    spec: dict[str, Any] | None = None
    sql: Any = None
    grain: Any = None
    direction: Any = None
    unit: Any = None
    schedule: Any = None


class Binding(_Part):
    outcome: Any = None
    metric: Any = None
    guardrail: Any = None


class StrategyDocument(_Part):
    pillar: Any = None
    version: Any = None
    vision: Vision | None = None
    principles: list[Principle] | None = None
    settings: Settings | None = None
    bets: list[Bet] | None = None
    cycles: list[Cycle] | None = None
    projects: list[Project] | None = None
    outcomes: list[Outcome] | None = None
    commitments: list[Commitment] | None = None
    funding: list[Funding] | None = None
    data_sources: list[DataSource] | None = None
    metrics: list[Metric] | None = None
    bindings: list[Binding] | None = None


def _path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel]:
    """The model whose mapping holds the key at ``loc`` (for "expected one of …")."""
    model: type[BaseModel] = StrategyDocument
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[str(part)].annotation
        for candidate in getattr(annotation, "__args__", ()) or (annotation,):
            inner = getattr(candidate, "__args__", (candidate,))[0]
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                model = inner
                break
    return model


def shape_problems(doc: dict[str, Any]) -> dict[str, list[str]]:
    """Unknown keys and wrong shapes, everything found, by path; empty when the shape is right."""
    try:
        StrategyDocument.model_validate(doc)
    except PydanticError as exc:
        problems: dict[str, list[str]] = {}
        for error in exc.errors():
            loc = tuple(error["loc"])
            kind = error["type"]
            if kind == "extra_forbidden":
                known = ", ".join(sorted(_model_at(loc).model_fields))
                message = f"Unknown key {loc[-1]!r}; expected one of {known}."
            elif kind in ("model_type", "model_attributes_type", "dict_type"):
                message = "Must be a mapping."
            elif kind == "list_type":
                message = "Must be a list."
            else:
                message = str(error["msg"])
            problems.setdefault(_path(loc), []).append(message)
        return problems
    return {}
