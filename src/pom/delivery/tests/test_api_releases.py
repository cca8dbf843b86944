"""The releases API: logging, the chain in every answer, filters, and clear 4xx errors."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from pom.delivery.models import Release
from pom.delivery.tests import helpers as h

pytestmark = pytest.mark.django_db
BASE = "/api/v1/delivery/releases"


def send(client, method, url, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_logging_a_release_answers_with_its_chain(world):
    sol = h.solution(world)
    body = {
        "team_id": h.team(world).pk,
        "title": "Reorder button",
        "shipped_at": "2026-02-03T10:00:00Z",
        "kind": "experiment",
        "flag_key": "reorder-button",
        "rollout_percent": 10,
        "solution_ids": [sol.pk],
    }
    r = send(world.api("member"), "post", BASE, body)
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["serves_outcome"] is True
    assert data["solutions"][0]["outcome_title"] == "More repeat buyers"
    assert data["solutions"][0]["bet_title"] == "Win repeat buyers"
    assert (data["kind"], data["rollout_percent"], data["source"]) == ("experiment", 10, "manual")


def test_a_future_release_is_a_400_naming_the_field_and_nothing_is_stored(world):
    body = {
        "team_id": h.team(world).pk,
        "title": "Tomorrow",
        "shipped_at": (timezone.now() + timedelta(days=1)).isoformat(),
    }
    r = send(world.api("member"), "post", BASE, body)
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "shipped_at"
    assert not Release.objects.for_org(world.org_a).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rollout_percent": 101}, "rollout_percent"),
        ({"shipped_at": "soon"}, "shipped_at"),
        ({"colour": "red"}, "colour"),
        ({"kind": "bigbang"}, "kind"),
    ],
)
def test_malformed_fields_are_422_naming_the_field(world, body, field):
    base = {"team_id": h.team(world).pk, "title": "X", "shipped_at": "2026-01-01T00:00:00Z"}
    r = send(world.api("member"), "post", BASE, base | body)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == field


def test_another_organizations_team_is_a_field_error(world):
    from pom.discovery.tests import helpers as dh

    theirs = dh.team(world, "Theirs", org="b")
    body = {"team_id": theirs.pk, "title": "X", "shipped_at": "2026-01-01T00:00:00Z"}
    r = send(world.api("member"), "post", BASE, body)
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "team"


def test_the_list_filters_unlinked_work_and_searches(world):
    h.release(world, "Linked one", solutions=[h.solution(world)])
    h.release(world, "Loose chore", kind="chore")
    client = world.api("viewer")
    unlinked = client.get(BASE, {"linked": "false"}).json()
    assert [r["title"] for r in unlinked["items"]] == ["Loose chore"]
    assert client.get(BASE, {"q": "linked"}).json()["count"] == 1
    assert client.get(BASE, {"kind": "chore"}).json()["items"][0]["title"] == "Loose chore"


def test_patch_changes_only_what_is_sent(world):
    release = h.release(world, solutions=[h.solution(world)])
    r = send(world.api("member"), "patch", f"{BASE}/{release.pk}", {"rollout_percent": 50})
    assert r.status_code == 200, r.content
    assert r.json()["rollout_percent"] == 50
    assert r.json()["serves_outcome"] is True


def test_another_organizations_release_is_a_404(world):
    release = h.release(world)
    assert world.api("outsider").get(f"{BASE}/{release.pk}").status_code == 404
    assert world.api("outsider").delete(f"{BASE}/{release.pk}").status_code == 404
    assert Release.objects.for_org(world.org_a).count() == 1
