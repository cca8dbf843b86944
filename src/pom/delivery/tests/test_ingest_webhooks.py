"""Webhooks: signatures, DevLake-shaped bodies, GitHub and GitLab events, replay and bad input."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pom.delivery import services
from pom.delivery.ingest.signatures import hmac_sha256
from pom.delivery.models import Change, Deployment, Incident, Repository, WebhookDelivery
from pom.delivery.tests import helpers as h

pytestmark = pytest.mark.django_db
REPO = "https://github.com/acme/shop"


def iso(days: float = 0, hours: float = 0) -> str:
    return (timezone.now() - timedelta(days=days, hours=hours)).isoformat()


def source(world, kind="webhook", team=True):
    return services.create_source(
        world.membership("leader"),
        name=f"{kind} source",
        kind=kind,
        team=h.team(world) if team else None,
    )


def post(src, secret, path, body, *, headers=None, sign="bearer"):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = dict(headers or {})
    if sign == "bearer":
        sent["Authorization"] = f"Bearer {secret}"
    elif sign == "hmac":
        sent["X-Pom-Signature-256"] = hmac_sha256(secret, raw)
    elif sign == "github":
        sent["X-Hub-Signature-256"] = hmac_sha256(secret, raw)
    elif sign == "gitlab":
        sent["X-Gitlab-Token"] = secret
    return Client(headers=sent).post(
        f"/api/v1/delivery/hooks/{src.token}/{path}", data=raw, content_type="application/json"
    )


def deployment(id="d-1", finished=1.0, sha="abc123", result="SUCCESS", env="PRODUCTION"):
    return {
        "id": id,
        "startedDate": iso(finished, 0.2),
        "finishedDate": iso(finished),
        "result": result,
        "environment": env,
        "displayTitle": "Deploy shop",
        "deploymentCommits": [
            {"repoUrl": REPO, "commitSha": sha, "refName": "main", "commitMsg": "x"}
        ],
    }


def ids(qs):
    """Source ids as the pipeline sent them (a generic source's ids are kept per source)."""
    return [row.external_id.split(":", 1)[-1] for row in qs]


def _org(world, model):
    return model.objects.for_org(world.org_a)


def test_a_devlake_deployment_is_stored_for_the_sources_team_and_its_repository_recorded(world):
    src, secret = source(world)
    r = post(src, secret, "deployments", deployment())
    assert r.status_code == 200, r.content
    assert r.json()["created"] == 1
    d = _org(world, Deployment).get()
    assert (d.repository, d.environment, d.result, d.team_id) == (
        "github.com/acme/shop",
        "production",
        "success",
        h.team(world).pk,
    )
    repo = _org(world, Repository).get()
    assert repo.name == "github.com/acme/shop" and repo.team_id is None  # recorded, not yet mapped
    assert _org(world, WebhookDelivery).get().status == "stored"


def test_replaying_a_delivery_changes_nothing(world):
    src, secret = source(world)
    post(src, secret, "deployments", deployment())
    again = post(src, secret, "deployments", deployment())
    assert again.json()["updated"] == 1 and again.json()["created"] == 0
    assert _org(world, Deployment).count() == 1


def test_an_hmac_signature_is_accepted_and_a_wrong_or_missing_one_is_401_storing_nothing(world):
    src, secret = source(world)
    assert post(src, secret, "deployments", deployment(), sign="hmac").status_code == 200
    assert post(src, "wrong", "deployments", deployment("d-2"), sign="hmac").status_code == 401
    assert post(src, secret, "deployments", deployment("d-3"), sign=None).status_code == 401
    assert post(src, "wrong", "deployments", deployment("d-4")).status_code == 401
    assert _org(world, Deployment).count() == 1
    assert _org(world, WebhookDelivery).count() == 1  # unsigned requests are not logged


def test_an_unknown_token_is_401(world):
    src, secret = source(world)
    src.token = "nope"
    assert post(src, secret, "deployments", deployment()).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "body"),
        ({**deployment(), "finishedDate": iso(-2)}, "finishedDate"),
        ({**deployment(), "deploymentCommits": []}, "deploymentCommits"),
        ({**deployment(), "result": "MAYBE"}, "result"),
        ({**deployment(), "startedDate": iso(0.5), "finishedDate": iso(1)}, "finishedDate"),
        (
            [deployment("ok"), {**deployment("bad"), "finishedDate": "yesterday"}],
            "[1].finishedDate",
        ),
    ],
)
def test_bad_bodies_are_400_naming_the_field_logged_and_nothing_is_stored(world, body, field):
    src, secret = source(world)
    r = post(src, secret, "deployments", body)
    assert r.status_code == 400, r.content
    assert r.json()["errors"][0]["field"] == field
    assert not _org(world, Deployment).exists()
    logged = _org(world, WebhookDelivery).get()
    assert logged.status == "rejected" and field in logged.message


def test_a_production_deployment_carries_the_changes_merged_before_it(world):
    src, secret = source(world)
    change = {
        "id": "pr-1",
        "repoUrl": REPO,
        "title": "Reorder",
        "firstCommitDate": iso(3),
        "createdDate": iso(2.5),
        "mergedDate": iso(2),
        "additions": 120,
        "deletions": 30,
    }
    later = {
        **change,
        "id": "pr-2",
        "firstCommitDate": iso(0.9),
        "createdDate": iso(0.8),
        "mergedDate": iso(0.5),
    }
    assert post(src, secret, "changes", [change, later]).status_code == 200
    post(src, secret, "deployments", deployment("staging", 1.5, env="STAGING"))
    post(src, secret, "deployments", deployment("d-1", 1.0))
    post(src, secret, "deployments", deployment("d-2", 0.1, sha="def456"))
    first, second = _org(world, Deployment).filter(environment="production").order_by("finished_at")
    assert ids(first.changes.all()) == ["pr-1"]
    assert ids(second.changes.all()) == ["pr-2"]
    assert not _org(world, Deployment).get(environment="staging").changes.exists()


def test_a_change_reported_after_its_deployment_joins_it(world):
    src, secret = source(world)
    post(src, secret, "deployments", deployment("d-1", 1.0))
    post(
        src,
        secret,
        "changes",
        {"id": "pr-9", "repoUrl": REPO, "firstCommitDate": iso(3), "mergedDate": iso(2)},
    )
    assert ids(_org(world, Deployment).get().changes.all()) == ["pr-9"]


def test_an_incident_is_caused_by_the_last_production_deployment_before_it_and_closed_later(world):
    src, secret = source(world)
    post(src, secret, "deployments", deployment("d-1", 2.0))
    post(src, secret, "deployments", deployment("d-2", 1.0, sha="def"))
    issue = {
        "issueKey": "INC-1",
        "title": "Checkout down",
        "type": "INCIDENT",
        "status": "TODO",
        "originalStatus": "open",
        "createdDate": iso(0.9),
        "severity": "SEV1",
        "repoUrl": REPO,
    }
    story = {
        "issueKey": "ST-1",
        "title": "A story",
        "type": "REQUIREMENT",
        "status": "TODO",
        "createdDate": iso(1),
    }
    r = post(src, secret, "issues", [issue, story])
    assert r.status_code == 200 and r.json()["ignored"] == 1
    incident = _org(world, Incident).get()
    assert incident.deployment.external_id.endswith("d-2") and incident.severity == "critical"
    assert incident.resolved_at is None
    closed = post(src, secret, "issues/INC-1/close", {})
    assert closed.status_code == 200
    incident.refresh_from_db()
    assert incident.resolved_at is not None


def test_an_incident_resolved_before_it_opened_is_refused(world):
    src, secret = source(world)
    issue = {
        "issueKey": "INC-2",
        "title": "Bad",
        "type": "INCIDENT",
        "status": "DONE",
        "createdDate": iso(1),
        "resolutionDate": iso(2),
    }
    r = post(src, secret, "issues", issue)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "resolutionDate"
    assert not _org(world, Incident).exists()


def test_closing_an_unknown_incident_is_a_400(world):
    src, secret = source(world)
    assert post(src, secret, "issues/NOPE/close", {}).status_code == 400


def test_mapping_a_repository_moves_its_rows_to_the_team(world):
    src, secret = source(world, team=False)
    post(src, secret, "deployments", deployment())
    assert _org(world, Deployment).get().team_id is None
    repo = _org(world, Repository).get()
    other = h.team(world, "Search", with_bob=False)
    services.map_repository(world.membership("leader"), repo, team=other)
    assert _org(world, Deployment).get().team_id == other.pk
    post(src, secret, "deployments", deployment("d-2", 0.5))
    assert set(_org(world, Deployment).values_list("team_id", flat=True)) == {other.pk}


# --- GitHub ------------------------------------------------------------------------------------

GH_REPO = {"full_name": "acme/shop", "html_url": REPO}


def gh(src, secret, event, body):
    return post(
        src,
        secret,
        "github",
        body,
        headers={"X-GitHub-Event": event, "X-GitHub-Delivery": "d-uuid"},
        sign="github",
    )


def test_github_deployment_status_pull_request_and_incident_issue(world):
    src, secret = source(world, "github")
    pr = {
        "action": "closed",
        "repository": GH_REPO,
        "pull_request": {
            "number": 7,
            "merged": True,
            "title": "Reorder",
            "html_url": f"{REPO}/pull/7",
            "created_at": iso(3),
            "merged_at": iso(2),
            "merge_commit_sha": "m7",
            "additions": 10,
            "deletions": 2,
        },
    }
    assert gh(src, secret, "pull_request", pr).json()["created"] == 1
    status = {
        "repository": GH_REPO,
        "deployment": {"id": 99, "sha": "m7", "environment": "production", "created_at": iso(1.1)},
        "deployment_status": {"state": "success", "created_at": iso(1)},
    }
    assert gh(src, secret, "deployment_status", status).json()["created"] == 1
    pending = {**status, "deployment_status": {"state": "in_progress", "created_at": iso(1)}}
    assert gh(src, secret, "deployment_status", pending).json()["status"] == "ignored"
    issue = {
        "action": "labeled",
        "repository": GH_REPO,
        "issue": {
            "number": 12,
            "title": "Down",
            "created_at": iso(0.5),
            "state": "open",
            "labels": [{"name": "incident"}, {"name": "sev2"}],
        },
    }
    assert gh(src, secret, "issues", issue).json()["created"] == 1
    d = _org(world, Deployment).get()
    assert d.external_id == "acme/shop#99" and [c.external_id for c in d.changes.all()] == [
        "acme/shop#7"
    ]
    assert _org(world, Incident).get().deployment_id == d.pk
    assert gh(src, secret, "ping", {"zen": "hi"}).json()["message"] == "pong"
    assert _org(world, WebhookDelivery).filter(delivery_id="d-uuid").count() == 5


def test_github_requires_its_own_signature_scheme(world):
    src, secret = source(world, "github")
    r = post(src, secret, "github", {"zen": "x"}, headers={"X-GitHub-Event": "ping"}, sign="bearer")
    assert r.status_code == 401


def test_an_unmerged_pull_request_is_ignored(world):
    src, secret = source(world, "github")
    pr = {
        "action": "closed",
        "repository": GH_REPO,
        "pull_request": {"number": 8, "merged": False, "created_at": iso(1)},
    }
    assert gh(src, secret, "pull_request", pr).json()["status"] == "ignored"
    assert not _org(world, Change).exists()


# --- GitLab ------------------------------------------------------------------------------------

GL_PROJECT = {"path_with_namespace": "acme/api", "web_url": "https://gitlab.com/acme/api"}


def test_gitlab_merge_request_and_deployment_hooks(world):
    src, secret = source(world, "gitlab")
    merged_at = (timezone.now() - timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S UTC")
    mr = {
        "object_kind": "merge_request",
        "project": GL_PROJECT,
        "object_attributes": {
            "iid": 3,
            "title": "Faster search",
            "state": "merged",
            "action": "merge",
            "created_at": iso(3),
            "updated_at": merged_at,
            "merge_commit_sha": "g3",
        },
    }
    r = post(
        src, secret, "gitlab", mr, headers={"X-Gitlab-Event": "Merge Request Hook"}, sign="gitlab"
    )
    assert r.status_code == 200 and r.json()["created"] == 1, r.content
    changed = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S +0000")
    dep = {
        "object_kind": "deployment",
        "status": "success",
        "deployment_id": 15,
        "environment": "production",
        "status_changed_at": changed,
        "project": GL_PROJECT,
        "commit_url": "https://gitlab.com/acme/api/-/commit/g3",
        "short_sha": "g3",
    }
    r = post(
        src, secret, "gitlab", dep, headers={"X-Gitlab-Event": "Deployment Hook"}, sign="gitlab"
    )
    assert r.status_code == 200, r.content
    d = _org(world, Deployment).get()
    assert d.repository == "gitlab.com/acme/api" and d.commit_sha == "g3"
    assert [c.external_id for c in d.changes.all()] == ["acme/api!3"]
    assert post(src, "wrong", "gitlab", dep, sign="gitlab").status_code == 401


def test_one_request_of_many_deployments_links_each_change_once_in_the_order_sent(world):
    src, secret = source(world)
    changes = [
        {
            "id": f"pr-{n}",
            "repoUrl": REPO,
            "title": f"Change {n}",
            "firstCommitDate": iso(days),
            "mergedDate": iso(days - 0.1),
        }
        for n, days in ((1, 5), (2, 3), (3, 0.6))
    ]
    assert post(src, secret, "changes", changes).status_code == 200
    body = [deployment("d-1", 4.0), deployment("d-2", 1.0, sha="def456"), deployment("d-3", 0.1)]
    assert post(src, secret, "deployments", body).json()["created"] == 3
    by_id = {ids([d])[0]: ids(d.changes.order_by("external_id")) for d in _org(world, Deployment)}
    assert by_id == {"d-1": ["pr-1"], "d-2": ["pr-2"], "d-3": ["pr-3"]}
    # Replayed, the same request keeps each change where it was.
    assert post(src, secret, "deployments", body).json()["updated"] == 3
    again = {ids([d])[0]: ids(d.changes.order_by("external_id")) for d in _org(world, Deployment)}
    assert again == by_id


def test_a_request_of_many_deployments_runs_a_fixed_number_of_queries(world):
    from tests.query_counts import queries_of

    src, secret = source(world)
    post(src, secret, "deployments", deployment("warm-up"))

    def sent(n, start):
        body = [deployment(f"d-{start + i}", 2 - i / 1000, sha=f"{start + i:x}") for i in range(n)]
        return queries_of(lambda: post(src, secret, "deployments", body))

    few, many = sent(5, 100), sent(200, 1000)
    # Not one query per deployment: the rows go in one insert, which SQLite splits by its limit
    # of bound parameters (a statement per ~60 rows); PostgreSQL takes them in one.
    assert few <= many <= few + 200 // 50
    assert _org(world, Deployment).count() == 206


def test_pipeline_telemetry_is_logged_per_request_not_audited_row_by_row(world):
    from pom.core.models import AuditEvent

    src, secret = source(world)
    before = AuditEvent.objects.filter(organization=world.org_a).count()
    post(src, secret, "deployments", [deployment("d-1"), deployment("d-2", 0.5)])
    assert AuditEvent.objects.filter(organization=world.org_a).count() == before
    assert _org(world, WebhookDelivery).get().message == "2 new, 0 updated."
    # A release someone logs is still in the audit log.
    h.release(world, "Reorder button")
    assert AuditEvent.objects.filter(organization=world.org_a, object_type="Release").exists()
