"""A request of many records, and its replay, is stored in a fixed number of queries with the same
links as one record at a time: changes reported after the deployment that shipped them, rows seen
before updated in bulk (and not at all when nothing differs)."""

from __future__ import annotations

import pytest
from tests.query_counts import queries_of

from pom.delivery.models import Change, Deployment
from pom.delivery.tests.test_ingest_webhooks import REPO, _org, deployment, ids, iso, post, source

pytestmark = pytest.mark.django_db
OTHER = "https://github.com/acme/billing"


def change(id, first, merged, *, sha="", repo=REPO):
    body = {"id": id, "repoUrl": repo, "firstCommitDate": iso(first), "mergedDate": iso(merged)}
    return {**body, "commitSha": sha} if sha else body


def carried(world):
    """Deployment id → the ids of the changes it carries."""
    return {
        ids([d])[0]: ids(d.changes.order_by("external_id"))
        for d in _org(world, Deployment).order_by("finished_at")
    }


def test_changes_reported_after_their_deployments_each_join_the_one_that_shipped_them(world):
    src, secret = source(world)
    other = deployment("b-1", 2.0, sha="b0")
    other["deploymentCommits"][0]["repoUrl"] = OTHER
    body = [
        deployment("d-1", 4.0, sha="aaa"),
        deployment("d-2", 2.0, sha="bbb"),
        deployment("d-3", 1.0, sha="ccc"),
        deployment("staging", 3.0, sha="sss", env="STAGING"),
        deployment("broken", 2.5, sha="fff", result="FAILURE"),
        other,
    ]
    assert post(src, secret, "deployments", body).status_code == 200
    changes = [
        change("pr-1", 5, 4.5),  # merged before d-1: d-1 shipped it
        change("pr-2", 3.5, 3.0),  # merged after d-1: d-2 (not staging, not the failed run)
        change("pr-3", 6, 0.5, sha="bbb"),  # merged "later", but d-2 names its commit
        change("pr-4", 1, 0.5),  # merged after the last deployment: not shipped yet
        change("pr-5", 3, 2.8, repo=OTHER),  # another repository: its own deployment
        {"id": "pr-6", "repoUrl": REPO, "firstCommitDate": iso(5)},  # not merged: never shipped
        change("pr-2", 3.5, 3.0),  # the same change twice in one body: still one link
    ]
    r = post(src, secret, "changes", changes)
    assert r.json() == {**r.json(), "created": 6, "updated": 1}
    expected = {
        "d-1": ["pr-1"],
        "broken": [],
        "b-1": ["pr-5"],
        "d-2": ["pr-2", "pr-3"],
        "staging": [],
        "d-3": [],
    }
    assert {k: carried(world)[k] for k in expected} == expected
    # Replayed, nothing moves: each change stays with the deployment that carries it.
    assert post(src, secret, "changes", changes).json()["updated"] == 7
    assert {k: carried(world)[k] for k in expected} == expected
    # A deployment after pr-4 merged carries it; a replay of the changes then keeps it there.
    post(src, secret, "deployments", deployment("d-4", 0.2, sha="ddd"))
    post(src, secret, "changes", changes)
    assert carried(world)["d-4"] == ["pr-4"] and carried(world)["d-3"] == []


def test_a_request_of_many_changes_and_its_replay_run_a_fixed_number_of_queries(world):
    src, secret = source(world)
    post(src, secret, "deployments", [deployment(f"d-{n}", 3 - n / 10) for n in range(20)])
    post(src, secret, "changes", change("warm-up", 9, 8))

    def sent(n, start):
        body = [change(f"pr-{start + i}", 9, 8 - i / 1000) for i in range(n)]
        return queries_of(lambda: post(src, secret, "changes", body)), body

    few, _ = sent(5, 100)
    many, body = sent(200, 1000)
    replay = queries_of(lambda: post(src, secret, "changes", body))
    # The new rows go in one insert (SQLite splits it by its limit of bound parameters), the links
    # in another; nothing is read or written per change.
    assert few <= many <= few + 200 // 25
    assert replay <= few
    assert _org(world, Change).count() == 206
    # Every one of them was merged before the earliest deployment, which carries them all.
    first = _org(world, Deployment).order_by("finished_at").first()
    assert first.changes.count() == 206


def test_a_replayed_delivery_writes_nothing_and_a_changed_one_updates_only_its_rows(world):
    src, secret = source(world)
    body = [deployment(f"d-{n}", 3 - n / 100, sha=f"{n:x}") for n in range(50)]
    post(src, secret, "deployments", body)
    stamps = dict(_org(world, Deployment).values_list("external_id", "updated_at"))
    first = queries_of(lambda: post(src, secret, "deployments", body))
    assert dict(_org(world, Deployment).values_list("external_id", "updated_at")) == stamps
    # The same delivery with one deployment renamed and another now failed: those two change.
    body[3] = {**body[3], "displayTitle": "Deploy shop, again"}
    body[7] = {**body[7], "result": "FAILURE"}
    changed = queries_of(lambda: post(src, secret, "deployments", body))
    assert changed <= first + 1  # one update statement for both rows
    rows = {ids([d])[0]: d for d in _org(world, Deployment)}
    assert rows["d-3"].name == "Deploy shop, again" and rows["d-7"].result == "failure"
    moved = {k for k, d in rows.items() if d.updated_at != stamps[d.external_id]}
    assert moved == {"d-3", "d-7"}
    assert _org(world, Deployment).count() == 50
