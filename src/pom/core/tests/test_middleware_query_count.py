"""The bench's query counter: an opt-in header saying how many queries a request ran."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from tests.fixtures import World

COUNTER = "pom.core.middleware.QueryCountHeaderMiddleware"


def test_the_query_count_header_is_off_unless_asked_for(world: World) -> None:
    assert COUNTER not in settings.MIDDLEWARE
    assert "X-Pom-Queries" not in world.client("owner").get("/api/v1/me").headers


def test_the_query_count_header_counts_every_query_of_the_request(world: World) -> None:
    world.api("owner").get("/api/v1/memberships")  # the first use of a token records it
    with (
        override_settings(MIDDLEWARE=[COUNTER, *settings.MIDDLEWARE]),
        CaptureQueriesContext(connection) as captured,
    ):
        response = world.api("owner").get("/api/v1/memberships")  # a client built with the counter
    assert response.status_code == 200
    assert int(response["X-Pom-Queries"]) == len(captured) > 0
