"""The teams index, a team page, the organization map and the list endpoints run a fixed number of
queries whatever the number of teams and members (checked on an organization of 220 teams)."""

from __future__ import annotations

from typing import Any

import pytest

from pom.teams import panels
from pom.teams.models import Team
from pom.teams.tests.helpers import bulk_org

TEAMS = 220

# Per request: session, user, memberships (the tenant middleware) and the page's own reads.
PAGES = {
    "/teams/": 8,
    "/teams/?gap=trio&mode=product": 8,
    "/teams/?gap=overallocated": 8,
    "/teams/map/": 7,
    "/teams/people/": 6,
}
API = {
    "/api/v1/teams": 6,
    "/api/v1/teams/people": 4,
    "/api/v1/teams/members": 4,
    "/api/v1/teams/areas": 4,
}


@pytest.fixture
def big(world: Any) -> Any:
    bulk_org(world.org_a, TEAMS)
    return world


@pytest.mark.parametrize(("url", "expected"), PAGES.items())
def test_pages_run_a_fixed_number_of_queries(
    big: Any, url: str, expected: int, django_assert_num_queries: Any
) -> None:
    client = big.client("viewer")
    client.get(url)  # warm the session
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


def test_the_team_page_runs_a_fixed_number_of_queries(
    big: Any, django_assert_num_queries: Any, monkeypatch: Any
) -> None:
    # Panels other pillars register count their own queries in their own tests.
    monkeypatch.setattr(panels.PANELS, "registered", {})
    client = big.client("viewer")
    slugs = list(Team.objects.for_org(big.org_a).order_by("id").values_list("slug", flat=True)[:2])
    client.get(f"/teams/{slugs[0]}/")
    counts = []
    for slug in slugs:
        with django_assert_num_queries(7) as captured:
            response = client.get(f"/teams/{slug}/")
        counts.append(len(captured.captured_queries))
        assert response.status_code == 200
    assert counts[0] == counts[1]


@pytest.mark.parametrize(("url", "expected"), API.items())
def test_list_endpoints_run_a_fixed_number_of_queries(
    big: Any, url: str, expected: int, django_assert_num_queries: Any
) -> None:
    client = big.api("viewer")
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    assert response.json()["count"] >= 200 or "areas" in url


def test_the_map_draws_every_team_of_a_large_organization(big: Any) -> None:
    response = big.client("viewer").get("/teams/map/")
    assert response.context["summary"].teams == TEAMS
    assert sum(len(a.teams) for a in response.context["map"].areas) == TEAMS
