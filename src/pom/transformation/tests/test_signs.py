"""The five signs, computed from the other pillars' records, pilots beside the rest."""

import pytest

from pom.discovery import services as discovery
from pom.metrics.tests.helpers import metrics_dir
from pom.strategy import services as strategy
from pom.transformation import signs
from pom.transformation.tests import helpers as h

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db


def measures(world):
    found = signs.compute(h.leader(world))
    return {m.key: m for s in found.signs for m in s.measures}


def test_with_no_records_every_measure_says_it_has_no_data(world):
    m = measures(world)
    assert m["funding"].org is None and "No funding is recorded" in m["funding"].waits
    assert m["team_decisions"].org is None
    assert "bound to a metric" in m["metrics_moving"].waits
    assert m["metrics_moving"].org is None and m["outcomes_moving"].org is None


def test_funding_share_to_teams_and_outcomes_per_cycle(world):
    leader = h.leader(world)
    team = h.pilot_team(world, "Checkout")
    cycle = strategy.create_cycle(leader, name="Q1", start=h.days_ago(30), end=h.days_ago(-60))
    project = strategy.create_project(
        leader,
        name="Compliance migration",
        start=h.days_ago(30),
        end=h.days_ago(-60),
        reason="compliance",
    )
    strategy.allocate_funding(leader, cycle=cycle, team=team, amount=300)
    strategy.allocate_funding(leader, cycle=cycle, project=project, amount=100)
    m = measures(world)["funding"]
    assert m.org == 0.75 and m.trend == [("Q1", 0.75)] and m.detail == "In Q1."


def test_decisions_pilots_beside_the_rest(world):
    leader = h.leader(world)
    pilot = h.pilot_team(world, "Pilot")
    other = h.pilot_team(world, "Other")
    h.choose(world, pilot)
    for kind in ("team", "team", "leadership"):
        discovery.record_decision(
            leader, title="Pilot call", kind=kind, team=pilot, decided_on=h.days_ago(3)
        )
    discovery.record_decision(
        leader, title="Other call", kind="leadership", team=other, decided_on=h.days_ago(3)
    )
    discovery.record_decision(
        leader, title="Old", kind="leadership", team=other, decided_on=h.days_ago(200)
    )
    m = measures(world)["team_decisions"]
    assert (m.org, m.pilots, m.rest, m.n) == (0.5, 0.667, 0.0, 4)


def test_stakeholder_input_typed_as_context_or_constraint(world):
    carol = world.membership("stakeholder")
    team = h.pilot_team(world, "Checkout")
    discovery.submit_input(carol, kind="context", text="Customers churn in month two", team=team)
    discovery.submit_input(
        h.leader(world), kind="decision", text="Build the export button", team=team
    )
    m = measures(world)["input_not_solutions"]
    assert m.org == 0.5 and m.detail == "Dictated solutions, by triage: new 1."


def test_outcomes_moving_toward_target_read_from_check_in_values(world):
    leader = h.leader(world)
    team = h.pilot_team(world, "Checkout")
    up = strategy.create_outcome(
        leader,
        title="Repeat buyers order again within 30 days",
        owner_team=team,
        baseline_value=10,
        target_value=20,
        metric_name="repeat rate",
    )
    Outcome = type(up)
    Outcome.objects.for_org(world.org_a).filter(pk=up.pk).update(current_value=12)
    m = measures(world)["outcomes_moving"]
    assert m.org == 1.0 and m.n == 1


def test_the_signs_page_shows_every_sign_and_what_waits(world):
    page = world.client("viewer").get("/transformation/signs/").content.decode()
    for letter in "abcde":
        assert f'data-testid="sign-{letter}"' in page
    assert "bound to a metric yet" in page and "Computed" in page


def test_only_leaders_recompute(world):
    assert world.client("member").post("/transformation/signs/").status_code == 403
    assert world.client("leader").post("/transformation/signs/").status_code == 302


def test_the_api_returns_the_signs(world):
    body = world.api("viewer").get("/api/v1/transformation/signs").json()
    assert [s["letter"] for s in body["signs"]] == ["a", "b", "c", "d", "e"]
    assert body["signs"][4]["measures"][0]["waits"]


def test_bound_outcomes_read_their_metric_series_with_a_trend_per_cycle(world, metrics_dir):
    from datetime import date

    from pom.metrics import services as metrics
    from pom.metrics.tests import helpers as mh

    leader = h.leader(world)
    metric = mh.count_metric(leader, mh.file_source(leader, metrics_dir))
    metrics.refresh_now(leader, metric)  # 20 + d visits a day, 109 on the last day (31 Mar 2026)
    team = h.pilot_team(world, "Checkout")
    strategy.create_cycle(leader, name="Q1 2026", start=date(2026, 1, 1), end=date(2026, 3, 31))
    up = strategy.create_outcome(
        leader,
        title="More visits",
        owner_team=team,
        baseline_value=50,
        target_value=200,
        metric_name="visits",
    )
    down = strategy.create_outcome(
        leader,
        title="Fewer visits",
        owner_team=team,
        baseline_value=50,
        target_value=10,
        metric_name="visits",
        direction="decrease",
    )
    metrics.bind_metric(leader, up, metric=metric)
    metrics.bind_metric(leader, down, metric=metric)
    m = measures(world)["metrics_moving"]
    assert (m.org, m.pilots, m.rest, m.n) == (0.5, None, 0.5, 2)  # a candidate team, not a pilot
    assert m.trend == [("Q1 2026", 0.5)] and not m.waits
    # The check-in measure reads the same outcomes' current values, which the metric now sets.
    assert measures(world)["outcomes_moving"].n == 2
