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
    "/delivery/solutions/search/?solution_q=idea",
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
