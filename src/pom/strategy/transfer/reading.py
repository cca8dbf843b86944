"""Reading a strategy document: YAML parsed safely, its structure checked (unknown keys, missing
references, circular trees) and the clarity linter run over it before anything is written."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import yaml

from pom.core.imports import DocumentError, load_yaml
from pom.strategy import clarity, document
from pom.strategy.queries import today
from pom.strategy.transfer.base import PILLAR, VERSION


def parse_yaml(text: str) -> dict[str, Any]:
    try:
        doc = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DocumentError({"yaml": f"Not valid YAML{where}: {problem}."}) from None
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise DocumentError({"yaml": "The document must be a mapping with bets, outcomes, …"})
    return doc


def check_structure(doc: dict[str, Any]) -> dict[str, list[str]]:
    """Unknown keys, wrong shapes (``document.StrategyDocument``), duplicate or missing keys and
    references to nothing: everything found, by path."""
    problems: dict[str, list[str]] = {}

    def add(path: str, message: str) -> None:
        problems.setdefault(path, []).append(message)

    problems.update(document.shape_problems(doc))
    if doc.get("pillar") not in (None, PILLAR):
        add("pillar", f"This is not a strategy document (pillar: {doc.get('pillar')!r}).")
    if doc.get("version") not in (None, VERSION):
        add("version", f"Version {doc.get('version')!r} is not supported; use {VERSION}.")
    if problems:
        return problems
    # Keys must be unique, and references must point at something in the document.
    for section, key_name in (
        ("bets", "key"),
        ("projects", "key"),
        ("outcomes", "key"),
        ("cycles", "name"),
    ):
        counts = Counter(item.get(key_name) for item in doc.get(section) or [])
        for i, item in enumerate(doc.get(section) or []):
            value = item.get(key_name)
            if value in (None, ""):
                add(f"{section}[{i}].{key_name}", f"Give each of the {section} a {key_name}.")
            elif counts[value] > 1:
                add(f"{section}[{i}].{key_name}", f"{value!r} is used more than once.")
    bets = {b.get("key") for b in doc.get("bets") or []}
    projects = {p.get("key") for p in doc.get("projects") or []}
    outcomes = {o.get("key") for o in doc.get("outcomes") or []}
    cycles = {c.get("name") for c in doc.get("cycles") or []}
    parents: dict[Any, Any] = {}
    for i, o in enumerate(doc.get("outcomes") or []):
        if o.get("parent") not in (None, "") and o["parent"] not in outcomes:
            add(f"outcomes[{i}].parent", f"No outcome with key {o['parent']!r} in this document.")
        if o.get("bet") not in (None, "") and o["bet"] not in bets:
            add(f"outcomes[{i}].bet", f"No bet with key {o['bet']!r} in this document.")
        parents[o.get("key")] = o.get("parent")
    for i, o in enumerate(doc.get("outcomes") or []):
        seen = {o.get("key")}
        node = o.get("parent")
        while node not in (None, ""):
            if node in seen:
                add(
                    f"outcomes[{i}].parent",
                    f"Circular outcome tree: {o.get('key')!r} ends up under itself.",
                )
                break
            seen.add(node)
            node = parents.get(node)
    _check_metrics_parts(doc, add)
    for section in ("commitments", "funding"):
        for i, item in enumerate(doc.get(section) or []):
            if item.get("cycle") not in cycles:
                add(
                    f"{section}[{i}].cycle",
                    f"No cycle named {item.get('cycle')!r} in this document.",
                )
            if item.get("outcome") not in (None, "") and item["outcome"] not in outcomes:
                add(
                    f"{section}[{i}].outcome",
                    f"No outcome with key {item['outcome']!r} in this document.",
                )
            if (
                section == "funding"
                and item.get("project") not in (None, "")
                and item["project"] not in projects
            ):
                add(
                    f"{section}[{i}].project",
                    f"No project with key {item['project']!r} in this document.",
                )
        if section == "funding":
            for i, item in enumerate(doc.get("funding") or []):
                named = [k for k in ("team", "outcome", "project") if item.get(k) not in (None, "")]
                if len(named) != 1:
                    add(
                        f"funding[{i}]",
                        "Fund exactly one of team, outcome or project"
                        + (f" (this names {' and '.join(named)})." if named else " (none named)."),
                    )
        if section == "commitments":
            for i, item in enumerate(doc.get("commitments") or []):
                for k in ("team", "outcome"):
                    if item.get(k) in (None, ""):
                        add(f"commitments[{i}].{k}", f"Name the {k}.")
    return problems


def _check_metrics_parts(doc: dict[str, Any], add: Any) -> None:
    """Data sources, metrics and bindings: names given once, no passwords, bindings to outcomes
    of the document and to guardrails those outcomes have. (Whether a metric's source exists is
    known only against the organization: see ``metrics_part``.)"""
    for section in ("data_sources", "metrics"):
        names = Counter(
            str(item.get("name") or "").strip().lower() for item in doc.get(section) or []
        )
        for i, item in enumerate(doc.get(section) or []):
            name = str(item.get("name") or "").strip()
            if not name:
                add(f"{section}[{i}].name", f"Give each of the {section.replace('_', ' ')} a name.")
            elif names[name.lower()] > 1:
                add(f"{section}[{i}].name", f"{name!r} is used more than once.")
    for i, s in enumerate(doc.get("data_sources") or []):
        if s.get("password") not in (None, ""):
            add(
                f"data_sources[{i}].password",
                "Passwords are never part of a strategy document: name the environment variable "
                "that holds it (password_env), or enter it on the data source's page after import.",
            )
    guardrails = {
        o.get("key"): {
            str(g.get("metric") or "").strip().lower(): g for g in o.get("guardrails") or []
        }
        for o in doc.get("outcomes") or []
    }
    primary: Counter[Any] = Counter()
    for i, b in enumerate(doc.get("bindings") or []):
        key = b.get("outcome")
        if key not in guardrails:
            add(f"bindings[{i}].outcome", f"No outcome with key {key!r} in this document.")
            continue
        if b.get("metric") in (None, ""):
            add(f"bindings[{i}].metric", "Name the metric the outcome reads.")
        rail = str(b.get("guardrail") or "").strip()
        if not rail:
            primary[key] += 1
            if primary[key] == 2:
                add(f"bindings[{i}]", f"Outcome {key!r} reads its own metric from one metric only.")
        elif rail.lower() not in guardrails[key]:
            known = ", ".join(repr(g.get("metric")) for g in guardrails[key].values()) or "none"
            add(
                f"bindings[{i}].guardrail",
                f"Outcome {key!r} has no guardrail named {rail!r} (its guardrails: {known}).",
            )


def lint_document(
    doc: dict[str, Any], *, on: date | None = None, limits: clarity.Limits | None = None
) -> list[clarity.Finding]:
    """The clarity linter over every bet and outcome in the document, and the portfolio rules."""
    settings = doc.get("settings") or {}
    limits = limits or clarity.Limits(
        max_active_bets=int(settings.get("max_active_bets", 3)),
        max_outcomes_per_team=int(settings.get("max_outcomes_per_team", 3)),
        max_teams_per_outcome=int(settings.get("max_teams_per_outcome", 2)),
    )
    findings: list[clarity.Finding] = []
    bets: list[clarity.BetDraft] = []
    for i, b in enumerate(doc.get("bets") or []):
        try:
            bet = clarity.bet_from_mapping({**b, "key": b.get("key") or f"bets[{i}]"})
        except (TypeError, ValueError) as exc:
            findings.append(
                clarity.Finding(
                    "Y100",
                    clarity.ERROR,
                    f"bets[{i}].rank",
                    f"The rank cannot be read: {exc}.",
                    "Use a whole number from 1.",
                    str(b.get("key") or ""),
                )
            )
            continue
        bets.append(bet)
        if bet.status == "active":
            findings.extend(clarity.lint_bet(bet))
    outcomes: list[clarity.OutcomeDraft] = []
    for i, o in enumerate(doc.get("outcomes") or []):
        try:
            draft = clarity.outcome_from_mapping({**o, "key": o.get("key") or f"outcomes[{i}]"})
        except (TypeError, ValueError) as exc:
            findings.append(
                clarity.Finding(
                    "Y100",
                    clarity.ERROR,
                    f"outcomes[{i}]",
                    f"A value cannot be read: {exc}.",
                    "Use numbers for values and YYYY-MM-DD for dates.",
                    str(o.get("key") or ""),
                )
            )
            continue
        outcomes.append(draft)
        findings.extend(clarity.lint_outcome(draft, today=on or today()))
    commitments = [
        clarity.Commitment(str(c.get("team")), str(c.get("outcome")), str(c.get("cycle")))
        for c in doc.get("commitments") or []
    ]
    findings.extend(
        clarity.lint_portfolio(bets=bets, outcomes=outcomes, commitments=commitments, limits=limits)
    )
    return findings
