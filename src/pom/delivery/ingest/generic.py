"""The generic webhook, shaped like Apache DevLake's incoming webhook so existing scripts fit.

``deployments`` takes DevLake's deployment body (``id``, ``startedDate``, ``finishedDate``,
``result``, ``environment``, ``deploymentCommits: [{repoUrl, commitSha, …}]``); ``issues`` takes
DevLake's issue body (``issueKey``, ``title``, ``type``, ``status``, ``createdDate``,
``resolutionDate``, ``severity``, …) and keeps the ``INCIDENT`` ones (pom also reads ``repoUrl``
and ``deploymentId`` there, to attribute an incident to a repository or a deployment); ``changes`` (pom's own, as
DevLake has no push endpoint for pull requests) takes ``{id, repoUrl, title, url, commitSha,
firstCommitDate, createdDate, mergedDate, additions, deletions}``. Each endpoint takes one object
or a list of them. Fields DevLake has and pom does not use are accepted and left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from pom.delivery.models import ChangeKind, DeploymentResult, Environment, Severity
from pom.delivery.services.records import ChangeRecord, DeploymentRecord, IncidentRecord

RESULTS = {
    "SUCCESS": DeploymentResult.SUCCESS,
    "FAILURE": DeploymentResult.FAILURE,
    "ABORT": DeploymentResult.ABORTED,
    "ABORTED": DeploymentResult.ABORTED,
    "MANUAL": DeploymentResult.ABORTED,  # waiting for a person: not (yet) a deployment
}
ENVIRONMENTS = {
    "PRODUCTION": Environment.PRODUCTION,
    "STAGING": Environment.STAGING,
    "TESTING": Environment.TESTING,
    "DEVELOPMENT": Environment.DEVELOPMENT,
}
SEVERITIES = {
    "CRITICAL": Severity.CRITICAL,
    "SEV1": Severity.CRITICAL,
    "P1": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "SEV2": Severity.HIGH,
    "P2": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "SEV3": Severity.MEDIUM,
    "P3": Severity.MEDIUM,
    "": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "SEV4": Severity.LOW,
    "P4": Severity.LOW,
}


def items(body: Any) -> list[tuple[str, dict[str, Any]]]:
    """The objects of a body that is one object or a list, each with its error-path prefix."""
    if isinstance(body, dict):
        return [("", body)]
    if isinstance(body, list) and body and all(isinstance(b, dict) for b in body):
        return [(f"[{i}].", b) for i, b in enumerate(body)]
    raise ValidationError({"body": "Send a JSON object, or a non-empty list of objects."})


def _pick(value: Any, table: Mapping[str, str], where: str, default: str) -> str:
    if value in (None, ""):
        return default
    key = str(value).strip().upper()
    if key not in table:
        raise ValidationError(
            {where: f"Unknown value {value!r}; use one of {', '.join(k for k in table if k)}."}
        )
    return table[key]


def deployments(body: Any) -> list[DeploymentRecord]:
    records = []
    for prefix, d in items(body):
        commits = d.get("deploymentCommits")
        if (
            not isinstance(commits, list)
            or not commits
            or not all(isinstance(c, dict) for c in commits)
        ):
            raise ValidationError(
                {f"{prefix}deploymentCommits": "List the commits deployed: [{repoUrl, commitSha}]."}
            )
        for i, c in enumerate(commits):
            for key in ("repoUrl", "commitSha"):
                if not str(c.get(key) or "").strip():
                    raise ValidationError(
                        {f"{prefix}deploymentCommits.{i}.{key}": "This field is required."}
                    )
        records.append(
            DeploymentRecord(
                external_id=str(d.get("id") or "").strip(),
                repository=str(commits[0]["repoUrl"]),
                repo_url=str(commits[0]["repoUrl"]),
                started_at=d.get("startedDate"),
                finished_at=d.get("finishedDate"),
                environment=_pick(
                    d.get("environment"),
                    ENVIRONMENTS,
                    f"{prefix}environment",
                    Environment.PRODUCTION,
                ),
                result=_pick(d.get("result"), RESULTS, f"{prefix}result", DeploymentResult.SUCCESS),
                commit_shas=[(str(c["repoUrl"]), str(c["commitSha"])) for c in commits],
                name=str(d.get("name") or d.get("displayTitle") or ""),
                url=str(d.get("url") or ""),
            )
        )
    return records


def changes(body: Any) -> list[ChangeRecord]:
    return [
        ChangeRecord(
            external_id=str(c.get("id") or "").strip(),
            repository=str(c.get("repoUrl") or ""),
            repo_url=str(c.get("repoUrl") or ""),
            kind=ChangeKind.PULL_REQUEST
            if c.get("mergedDate") or c.get("createdDate")
            else ChangeKind.COMMIT,
            title=str(c.get("title") or ""),
            url=str(c.get("url") or ""),
            commit_sha=str(c.get("commitSha") or ""),
            first_commit_at=c.get("firstCommitDate") or c.get("createdDate"),
            opened_at=c.get("createdDate"),
            merged_at=c.get("mergedDate"),
            additions=c.get("additions", 0),
            deletions=c.get("deletions", 0),
        )
        for _, c in items(body)
    ]


def incidents(body: Any) -> tuple[list[IncidentRecord], int]:
    """The incidents among the issues sent, and how many other issues were left out."""
    records, skipped = [], 0
    for prefix, i in items(body):
        if str(i.get("type") or "").strip().upper() != "INCIDENT":
            skipped += 1
            continue
        status = str(i.get("status") or "").strip().upper()
        if status and status not in ("TODO", "IN_PROGRESS", "DONE"):
            raise ValidationError({f"{prefix}status": "Use TODO, IN_PROGRESS or DONE."})
        resolved = i.get("resolutionDate")
        if status == "DONE" and not resolved:
            resolved = i.get("updatedDate")
        records.append(
            IncidentRecord(
                external_id=str(i.get("issueKey") or "").strip(),
                title=str(i.get("title") or ""),
                opened_at=i.get("createdDate"),
                resolved_at=resolved if status in ("DONE", "") else None,
                repository=str(i.get("repoUrl") or ""),
                repo_url=str(i.get("repoUrl") or ""),
                severity=_pick(
                    i.get("severity") or i.get("priority"),
                    SEVERITIES,
                    f"{prefix}severity",
                    Severity.MEDIUM,
                ),
                url=str(i.get("url") or ""),
                deployment_id=str(i.get("deploymentId") or ""),
            )
        )
    return records, skipped
