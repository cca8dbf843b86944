"""The anti-pattern scan over real records built through the services: page, home, API."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pom.delivery import services as delivery
from pom.discovery import services as discovery
from pom.transformation import pattern_facts
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def factory(world, teams=1, releases=3):
    leader = h.leader(world)
    made = []
    for i in range(teams):
        team = h.pilot_team(world, f"Squad {i}")
        for r in range(releases):
            delivery.log_release(
                leader,
                team=team,
                title=f"Release {r}",
                shipped_at=timezone.now() - timedelta(days=r + 1),
            )
        for s in range(3):
            discovery.create_solution(leader, title=f"Idea {s}", team=team)
        made.append(team)
    return made


def by_key(scan):
    return {f.key: f for f in scan.findings}


def test_with_no_records_every_rule_says_not_enough_data(world):
    scan = pattern_facts.compute(h.leader(world))
    assert not scan.found and len(scan.not_enough_data) == len(scan.findings)


def test_unlinked_releases_and_idea_first_solutions_are_found_per_team(world):
    squad, _other = factory(world, teams=2)
    found = by_key(pattern_facts.compute(h.leader(world)))
    shipping = found["shipping_without_outcome"]
    assert shipping.found and shipping.severity == "high"
    assert shipping.shows.startswith("6 of 6 releases serve no outcome (100 %).")
    assert {t.name for t in shipping.teams} == {"Squad 0", "Squad 1"}
    assert f"team={squad.pk}" in next(t.url for t in shipping.teams if t.name == "Squad 0")
    assert found["idea_first"].found and "Squad 0" not in {
        t.name for t in found["reshuffles"].teams
    }


def test_the_scan_reads_a_fixed_number_of_queries(world):
    factory(world, teams=1)
    with CaptureQueriesContext(connection) as few:
        pattern_facts.compute(h.leader(world))
    factory_more = [h.pilot_team(world, f"More {i}") for i in range(6)]
    for team in factory_more:
        delivery.log_release(h.leader(world), team=team, title="Ship", shipped_at=timezone.now())
        discovery.record_touchpoint(h.leader(world), team=team, happened_on=h.days_ago(1))
    with CaptureQueriesContext(connection) as many:
        pattern_facts.compute(h.leader(world))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_page_shows_findings_with_evidence_and_the_home_reads_the_cache(world):
    factory(world, teams=2)
    home = world.client("viewer").get("/transformation/").content.decode()
    assert "Scan for anti-patterns" in home  # nothing scanned yet: the home stays cheap
    page = world.client("viewer").get("/transformation/patterns/").content.decode()
    assert 'data-testid="finding-shipping_without_outcome"' in page
    assert "/delivery/releases/?linked=no" in page and "Computed" in page
    assert "Not enough data" in page
    home = world.client("viewer").get("/transformation/").content.decode()
    assert 'data-testid="finding-shipping_without_outcome"' in home
    assert "All anti-patterns" in home


def test_only_leaders_recompute(world):
    assert world.client("member").post("/transformation/patterns/").status_code == 403
    response = world.client("leader").post("/transformation/patterns/")
    assert response.status_code == 302 and response.url == "/transformation/patterns/"


def test_the_api_returns_every_rule_with_its_status(world):
    factory(world, teams=2)
    body = world.api("viewer").get("/api/v1/transformation/patterns").json()
    statuses = {f["key"]: f["status"] for f in body["findings"]}
    assert statuses["shipping_without_outcome"] == "found"
    assert statuses["big_bang"] == "not_enough_data" and body["window_days"] == 90


def test_another_organization_sees_its_own_scan(world):
    factory(world, teams=2)
    pattern_facts.cached(h.leader(world))
    body = world.api("outsider").get("/api/v1/transformation/patterns").json()
    assert not [f for f in body["findings"] if f["status"] == "found"]
