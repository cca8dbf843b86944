"""GitLab webhook events: the *Deployment Hook* and the *Merge Request Hook* (merged). Anything
else is acknowledged and ignored.

GitLab's deployment event names its commit by ``commit_url`` (the full SHA is its last part) and
its time by ``status_changed_at``; the merge-request event carries no line counts and no time of
the first commit, so those read zero and "when it was opened".
"""

from __future__ import annotations

from typing import Any

from pom.delivery.ingest.github import _environment, _get
from pom.delivery.models import ChangeKind, DeploymentResult
from pom.delivery.services.records import ChangeRecord, DeploymentRecord

FINAL_STATES = {
    "success": DeploymentResult.SUCCESS,
    "failed": DeploymentResult.FAILURE,
    "canceled": DeploymentResult.ABORTED,
}


def _project(body: Any) -> tuple[str, str]:
    path = str(_get(body, "project.path_with_namespace"))
    web = str(body["project"].get("web_url") or f"gitlab.com/{path}")
    return path, web


def deployment(body: Any) -> list[DeploymentRecord]:
    status = str(_get(body, "status"))
    if status not in FINAL_STATES:
        return []  # created, running: not finished yet
    path, web = _project(body)
    sha = str(body.get("commit_url") or "").rstrip("/").rsplit("/", 1)[-1] or str(
        body.get("short_sha") or ""
    )
    return [
        DeploymentRecord(
            external_id=f"{path}#{_get(body, 'deployment_id')}",
            repository=web,
            repo_url=web,
            finished_at=_get(body, "status_changed_at"),
            environment=_environment(
                str(body.get("environment_tier") or _get(body, "environment"))
            ),
            result=FINAL_STATES[status],
            commit_shas=[("", sha)],
            name=str(body.get("commit_title") or ""),
            url=str(body.get("deployable_url") or ""),
        )
    ]


def merge_request(body: Any) -> list[ChangeRecord]:
    mr = _get(body, "object_attributes")
    if mr.get("state") != "merged" and mr.get("action") != "merge":
        return []
    path, web = _project(body)
    return [
        ChangeRecord(
            external_id=f"{path}!{_get(body, 'object_attributes.iid')}",
            repository=web,
            repo_url=web,
            kind=ChangeKind.PULL_REQUEST,
            title=str(mr.get("title") or ""),
            url=str(mr.get("url") or ""),
            commit_sha=str(mr.get("merge_commit_sha") or ""),
            first_commit_at=_get(body, "object_attributes.created_at"),
            opened_at=mr.get("created_at"),
            merged_at=mr.get("merged_at") or _get(body, "object_attributes.updated_at"),
        )
    ]
