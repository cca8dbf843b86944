"""GitHub webhook events: ``deployment_status``, ``pull_request`` (closed and merged) and
``issues`` labelled *incident*. Anything else is acknowledged and ignored.

GitHub's pull-request event does not carry the time of the first commit, so a pull request's
first commit is taken as the time it was opened (coding time then reads zero); send changes
through the generic webhook or CSV where that split matters.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from pom.delivery.models import ChangeKind, DeploymentResult, Environment, Severity
from pom.delivery.services.records import ChangeRecord, DeploymentRecord, IncidentRecord

FINAL_STATES = {
    "success": DeploymentResult.SUCCESS,
    "failure": DeploymentResult.FAILURE,
    "error": DeploymentResult.FAILURE,
}
INCIDENT_LABEL = "incident"
SEVERITY_LABELS = {
    "sev1": Severity.CRITICAL,
    "severity: critical": Severity.CRITICAL,
    "critical": Severity.CRITICAL,
    "sev2": Severity.HIGH,
    "severity: high": Severity.HIGH,
    "sev3": Severity.MEDIUM,
    "severity: medium": Severity.MEDIUM,
    "sev4": Severity.LOW,
    "severity: low": Severity.LOW,
}


def _get(data: Any, path: str) -> Any:
    value = data
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            raise ValidationError({path: "This field is required."})
        value = value[key]
    return value


def _environment(name: str) -> str:
    name = (name or "").lower()
    if name in ("production", "prod", "live") or name.startswith("prod"):
        return Environment.PRODUCTION
    if name.startswith("stag"):
        return Environment.STAGING
    if name.startswith("dev"):
        return Environment.DEVELOPMENT
    return Environment.TESTING


def deployment_status(body: Any) -> list[DeploymentRecord]:
    state = str(_get(body, "deployment_status.state"))
    if state not in FINAL_STATES:
        return []  # queued, pending, in_progress, inactive: not finished yet
    repo = str(_get(body, "repository.full_name"))
    return [
        DeploymentRecord(
            external_id=f"{repo}#{_get(body, 'deployment.id')}",
            repository=str(body["repository"].get("html_url") or f"github.com/{repo}"),
            repo_url=str(body["repository"].get("html_url") or ""),
            started_at=_get(body, "deployment.created_at"),
            finished_at=_get(body, "deployment_status.created_at"),
            environment=_environment(str(_get(body, "deployment.environment"))),
            result=FINAL_STATES[state],
            commit_shas=[("", str(_get(body, "deployment.sha")))],
            name=str(body["deployment"].get("description") or ""),
            url=str(
                body["deployment_status"].get("target_url")
                or body["deployment_status"].get("log_url")
                or ""
            ),
        )
    ]


def pull_request(body: Any) -> list[ChangeRecord]:
    pr = _get(body, "pull_request")
    if body.get("action") != "closed" or not pr.get("merged"):
        return []
    repo = str(_get(body, "repository.full_name"))
    return [
        ChangeRecord(
            external_id=f"{repo}#{_get(body, 'pull_request.number')}",
            repository=str(body["repository"].get("html_url") or f"github.com/{repo}"),
            repo_url=str(body["repository"].get("html_url") or ""),
            kind=ChangeKind.PULL_REQUEST,
            title=str(pr.get("title") or ""),
            url=str(pr.get("html_url") or ""),
            commit_sha=str(pr.get("merge_commit_sha") or ""),
            first_commit_at=_get(body, "pull_request.created_at"),
            opened_at=pr.get("created_at"),
            merged_at=_get(body, "pull_request.merged_at"),
            additions=pr.get("additions") or 0,
            deletions=pr.get("deletions") or 0,
        )
    ]


def issues(body: Any) -> list[IncidentRecord]:
    issue = _get(body, "issue")
    labels = [
        str(label.get("name", "")).strip().lower()
        for label in issue.get("labels") or []
        if isinstance(label, dict)
    ]
    if INCIDENT_LABEL not in labels:
        return []
    repo = str(_get(body, "repository.full_name"))
    severity = next(
        (SEVERITY_LABELS[label] for label in labels if label in SEVERITY_LABELS), Severity.MEDIUM
    )
    return [
        IncidentRecord(
            external_id=f"{repo}#{_get(body, 'issue.number')}",
            title=str(issue.get("title") or ""),
            opened_at=_get(body, "issue.created_at"),
            resolved_at=issue.get("closed_at") if issue.get("state") == "closed" else None,
            repository=str(body["repository"].get("html_url") or f"github.com/{repo}"),
            repo_url=str(body["repository"].get("html_url") or ""),
            severity=severity,
            url=str(issue.get("html_url") or ""),
        )
    ]
