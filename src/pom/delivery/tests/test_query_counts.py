"""List pages and endpoints read in a fixed number of queries, however many releases there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pom.delivery.tests import helpers as h

pytestmark = pytest.mark.django_db


def count_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def grow(world: Any, n: int, start: int) -> None:
    for i in range(start, start + n):
        sols = [h.solution(world, f"Idea {i}", outcome_title=f"Outcome {i % 3}")] if i % 2 else []
        h.release(world, f"Release {i}", solutions=sols)


URLS = [
    "/delivery/releases/",
    "/api/v1/delivery/releases",
    "/pick/solutions/?q=idea",
]


@pytest.mark.parametrize("url", URLS)
def test_list_reads_do_not_grow_with_rows(world, url):
    client = world.api("viewer") if url.startswith("/api") else world.client("viewer")
    grow(world, 4, 0)
    small = count_queries(client, url)
    grow(world, 16, 4)
    assert count_queries(client, url) == small


def test_the_release_page_reads_a_fixed_number_of_queries(world):
    release = h.release(world, solutions=[h.solution(world, "A")])
    client = world.client("viewer")
    few = count_queries(client, release.get_absolute_url())
    release.solutions.add(*[h.solution(world, f"S{i}", outcome_title=f"O{i}") for i in range(5)])
    assert count_queries(client, release.get_absolute_url()) == few


def grow_pipeline(world: Any, n: int, start: int) -> None:
    from pom.delivery.services import records

    src = h.source(world)
    for i in range(start, start + n):
        team = h.team(world, f"Team {i}", with_bob=False)
        repo = f"https://github.com/acme/repo-{i}"
        records.store_changes(
            src, [records.ChangeRecord(f"c{i}", repo, first_commit_at=h.ago(3), merged_at=h.ago(2))]
        )
        records.store_deployments(
            src, [records.DeploymentRecord(f"d{i}", repo, finished_at=h.ago(1))]
        )
        records.store_incidents(
            src,
            [
                records.IncidentRecord(
                    f"i{i}", "Down", opened_at=h.ago(0.9), resolved_at=h.ago(0.8), repository=repo
                )
            ],
        )
        from pom.delivery import services
        from pom.delivery.models import Repository

        services.map_repository(
            world.membership("leader"),
            Repository.objects.for_org(world.org_a).get(name=f"github.com/acme/repo-{i}"),
            team=team,
        )


PIPELINE_URLS = [
    "/delivery/",
    "/delivery/setup/",
    "/api/v1/delivery/deployments",
    "/api/v1/delivery/changes",
    "/api/v1/delivery/incidents",
    "/api/v1/delivery/repositories",
    "/api/v1/delivery/figures",
]


@pytest.mark.parametrize("url", PIPELINE_URLS)
def test_pipeline_reads_do_not_grow_with_teams_or_rows(world, url):
    client = world.api("leader") if url.startswith("/api") else world.client("leader")
    grow_pipeline(world, 2, 0)
    small = count_queries(client, url)
    grow_pipeline(world, 6, 2)
    assert count_queries(client, url) == small
