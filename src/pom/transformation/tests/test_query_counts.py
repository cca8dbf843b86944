"""Pages and list endpoints read in a fixed number of queries, however many rows there are."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pom.teams.models import Team
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


def count_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def grow(world: Any, n: int) -> None:
    start = date(2024, 1, 1)
    for i in range(n):
        h.assessment(world, assessed_on=start + timedelta(days=7 * i), ceo_belief=1 + i % 5)


@pytest.mark.parametrize("url", ["/transformation/", "/transformation/readiness/"])
def test_pages_do_not_grow_with_rows(world, url):
    grow(world, 2)
    client = world.client("leader")
    few = count_queries(client, url)
    grow(world, 30)
    assert count_queries(client, url) == few


def test_the_readiness_list_endpoint_does_not_grow_with_rows(world):
    grow(world, 2)
    client = world.api("viewer")
    url = "/api/v1/transformation/readiness"
    few = count_queries(client, url)
    grow(world, 30)
    assert count_queries(client, url) == few


def grow_teams(world: Any, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        team = h.pilot_team(world, f"Team {i:03}", touch_weeks=i % 3, with_bob=i == 0)
        if i == 0:
            h.hunger(world, team)
        if i % 4 == 1:
            h.choose(world, team)


@pytest.mark.parametrize(
    "url",
    [
        "/transformation/",
        "/transformation/pilots/",
        "/transformation/pilots/?q=team",
        "/transformation/pilots/team-000/",
    ],
)
def test_pilot_pages_do_not_grow_with_teams(world, url):
    grow_teams(world, 3)
    client = world.client("leader")
    few = count_queries(client, url)
    grow_teams(world, 12, start=3)
    assert count_queries(client, url) == few


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/transformation/pilots/candidates",
        "/api/v1/transformation/pilots/choices",
        "/api/v1/transformation/pilots/recommendation",
    ],
)
def test_pilot_endpoints_do_not_grow_with_teams(world, url):
    grow_teams(world, 3)
    client = world.api("viewer")
    few = count_queries(client, url)
    grow_teams(world, 12, start=3)
    assert count_queries(client, url) == few


def test_the_pilot_board_reads_in_six_queries(world, django_assert_num_queries):
    from pom.transformation import queries

    grow_teams(world, 8)
    with django_assert_num_queries(6):
        board = queries.pilot_board(h.leader(world))
    assert len(board.candidates) == 8
    latest, _ = queries.latest_two(h.leader(world))
    with django_assert_num_queries(5):
        assert len(queries.pilot_board(h.leader(world), latest=latest).candidates) == 8


def test_the_pages_reuse_the_ranking_and_a_choice_shows_at_once(world, django_assert_num_queries):
    from pom.transformation import queries

    grow_teams(world, 6)
    leader = h.leader(world)
    first = queries.pilot_board(leader, kept=True)
    # Kept: only the active choices and the readiness are read again (and the cache itself).
    with django_assert_num_queries(2):
        again = queries.pilot_board(leader, kept=True)
    assert again.computed_at == first.computed_at
    assert [c.team.pk for c in again.candidates] == [c.team.pk for c in first.candidates]
    chosen = next(c for c in again.candidates if not c.choice)
    team = Team.objects.for_org(world.org_a).get(pk=chosen.team.pk)
    h.choose(world, team)
    after = queries.pilot_board(leader, kept=True)
    entry = queries.candidate(after, team)
    assert entry.choice is not None and entry.team.pilot_status == "pilot"
    page = world.client("leader").get("/transformation/pilots/").content.decode()
    assert "Teams ranked" in page and "Rank again now" in page
    assert world.client("leader").post("/transformation/pilots/").status_code == 302
    assert queries.pilot_board(leader, kept=True).computed_at > first.computed_at
