"""Pages and list endpoints read in a fixed number of queries, however many rows there are."""

from typing import Any

import pytest
from tests.query_counts import count_queries

from pom.experiments import services
from pom.experiments.models import Assumption
from pom.experiments.tests import helpers as h

pytestmark = pytest.mark.django_db


def grow(world: Any, n: int) -> None:
    sol = h.solution(world, title=f"Idea {n}")
    Assumption.objects.bulk_create(
        [
            Assumption(
                organization=world.org_a,
                solution=sol,
                statement=f"A{i}",
                risk_type="value",
                importance=1 + i % 5,
                evidence_strength=1 + (i * 3) % 5,
            )
            for i in range(n)
        ]
    )
    a = Assumption.objects.for_org(world.org_a).first()
    for i in range(n // 5):
        t = services.create_test(
            h.bob(world),
            team=sol.team,
            title=f"T{i}",
            method="ab_experiment",
            hypothesis="h",
            success_criterion="c",
            metric_kind="binary",
            assumptions=[a],
        )
        if i % 2:
            services.start_test(h.bob(world), t)


# Per request, with the tenant middleware's reads (session, user, memberships).
URLS = {
    "/experiments/": 7,
    "/experiments/map/": 4,
    "/api/v1/experiments/assumptions": 4,
    "/api/v1/experiments/tests": 6,
}
TEST_PAGE = 9


@pytest.mark.parametrize(("url", "expected"), URLS.items())
def test_list_reads_do_not_grow_with_rows(world, url, expected):
    client = world.api("viewer") if url.startswith("/api") else world.client("viewer")
    grow(world, 10)
    assert count_queries(client, url) == expected
    grow(world, 40)
    assert count_queries(client, url) == expected


def test_test_page_reads_a_fixed_number_of_queries(world):
    t = h.binary_data(h.ab_test(world, started=True), world)
    client = world.client("member")
    assert count_queries(client, f"/experiments/tests/{t.pk}/") == TEST_PAGE
    a = t.assumptions.get()
    more = [h.assumption(world, sol=a.solution, statement=f"S{i}") for i in range(6)]
    services.update_test(h.bob(world), t, assumptions=[a, *more])
    assert count_queries(client, f"/experiments/tests/{t.pk}/") == TEST_PAGE
