"""The anti-pattern rules on worked examples: plain counts in, findings out (no database)."""

from pom.transformation import patterns as p


def links(key, team):
    return f"/{key}/{team or ''}"


def facts(**kw):
    base = {
        "window_days": 90,
        "teams": {1: "Checkout", 2: "Search", 3: "Billing"},
        "pilot_ids": {1},
    }
    return p.Facts(**(base | kw))


def test_a_share_below_the_minimum_rows_is_not_enough_data():
    f = p.no_measurement(facts(unmeasured_outcomes={1: (2, 2)}), links)
    assert f.status == p.NO_DATA and "at least 5" in f.shows and not f.teams


def test_no_measurement_is_found_per_team_with_its_evidence():
    # 4 of 6 open outcomes unmeasured (67 %): medium, Checkout (3 of 3) and Search (1 of 3 is below).
    f = p.no_measurement(facts(unmeasured_outcomes={1: (3, 3), 2: (1, 3)}), links)
    assert (f.status, f.severity) == (p.FOUND, p.MEDIUM)
    assert [(t.name, t.figure, t.pilot) for t in f.teams] == [("Checkout", "3 of 3 (100 %)", True)]
    assert f.teams[0].url == "/stale_outcomes/1" and f.evidence == "/stale_outcomes/"
    assert f.shows.startswith("4 of 6 open outcomes are unmeasured (67 %).")


def test_a_high_share_is_high_severity_and_a_low_one_is_clear():
    high = p.shipping_without_outcome(facts(unlinked_releases={1: (5, 5), 2: (4, 5)}), links)
    assert (high.status, high.severity) == (p.FOUND, p.HIGH)
    clear = p.shipping_without_outcome(facts(unlinked_releases={1: (0, 5), 2: (1, 5)}), links)
    assert clear.status == p.CLEAR and not clear.teams


def test_one_team_over_the_threshold_is_a_low_finding():
    f = p.idea_first(facts(idea_first={1: (0, 10), 2: (3, 3)}), links)
    assert (f.status, f.severity) == (p.FOUND, p.LOW) and [t.name for t in f.teams] == ["Search"]


def test_nothing_killed_needs_enough_work_then_any_kill_clears_it():
    assert p.nothing_killed(facts(solutions_in_window=4), links).status == p.NO_DATA
    found = p.nothing_killed(facts(solutions_in_window=4, tests_concluded=2), links)
    assert (found.status, found.severity) == (p.FOUND, p.MEDIUM)
    assert p.nothing_killed(facts(solutions_in_window=12), links).severity == p.HIGH
    cleared = p.nothing_killed(facts(solutions_in_window=6, solutions_discarded=1), links)
    assert cleared.status == p.CLEAR


def test_large_batches_read_median_changes_of_teams_with_enough_deployments():
    f = p.large_batches(facts(batches={1: [12, 30, 2], 2: [1, 2, 3], 3: [50, 50]}), links)
    assert f.status == p.FOUND and [t.name for t in f.teams] == ["Checkout"]
    assert f.teams[0].figure == "median 12 changes per deployment" and f.severity == p.HIGH
    assert p.large_batches(facts(batches={3: [50, 50]}), links).status == p.NO_DATA


def test_reshuffles_count_moves_per_member_of_sizeable_teams():
    f = p.reshuffles(facts(churn={1: (2, 4), 2: (1, 4), 3: (9, 2)}), links)
    assert [t.name for t in f.teams] == ["Checkout"] and f.severity == p.HIGH
    assert p.reshuffles(facts(churn={3: (9, 2)}), links).status == p.NO_DATA


def test_shiny_objects_compare_bet_changes_with_the_active_bets():
    assert p.shiny_objects(facts(bets_total=1, bet_changes=9), links).status == p.NO_DATA
    f = p.shiny_objects(facts(bets_total=4, bets_active=3, bet_changes=3), links)
    assert (f.status, f.severity) == (p.FOUND, p.MEDIUM)
    assert (
        p.shiny_objects(facts(bets_total=5, bets_active=5, bet_changes=4), links).status == p.CLEAR
    )


def test_narrow_transformation_needs_pilots_and_reads_funding_and_decisions():
    assert p.narrow_transformation(facts(funding=("Q1", 0.9)), links).status == p.NO_DATA
    both = p.narrow_transformation(
        facts(pilots_ever=1, funding=("Q1", 0.7), leadership_decisions=(4, 5)), links
    )
    assert (both.status, both.severity) == (p.FOUND, p.HIGH)
    assert "70 % of Q1's funding goes to projects" in both.shows and both.evidence == "/funding/"
    one = p.narrow_transformation(facts(pilots_ever=1, leadership_decisions=(3, 5)), links)
    assert (one.status, one.severity, one.evidence) == (
        p.FOUND,
        p.MEDIUM,
        "/leadership_decisions/",
    )
    fine = p.narrow_transformation(facts(pilots_ever=1, funding=("Q1", 0.2)), links)
    assert fine.status == p.CLEAR


def test_big_bang_is_a_wave_with_most_teams_or_waves_without_pilots():
    many = {i: f"T{i}" for i in range(1, 7)}
    f = p.big_bang(facts(teams=many, waves=[(7, "Everyone", 5)], pilots_ever=2), links)
    assert (f.status, f.severity, f.evidence) == (p.FOUND, p.MEDIUM, "/wave/7")
    assert f.teams[0].figure == "5 of 6 teams"
    no_pilot = p.big_bang(facts(teams=many, waves=[(7, "Wave 1", 2)]), links)
    assert no_pilot.status == p.FOUND and "No pilot team was ever chosen" in no_pilot.shows
    ok = p.big_bang(facts(teams=many, waves=[(7, "Wave 1", 2)], pilots_ever=2), links)
    assert ok.status == p.CLEAR
    assert p.big_bang(facts(), links).status == p.NO_DATA


def test_discovery_theatre_reads_touchpoints_and_tests():
    empty, undecided = p.discovery_theatre(
        facts(empty_touchpoints={1: (8, 10)}, undecided_tests={2: (1, 4)}), links
    )
    assert (empty.status, empty.severity, empty.teams[0].url) == (p.FOUND, p.HIGH, "/touchpoints/1")
    assert undecided.status == p.NO_DATA


def test_the_scan_orders_findings_by_severity():
    found = p.evaluate(
        facts(idea_first={2: (3, 3), 1: (0, 10)}, empty_touchpoints={1: (10, 10)}), links
    )
    scan = p.Scan(found, None, 90)  # type: ignore[arg-type]
    assert [f.key for f in scan.found] == ["empty_touchpoints", "idea_first"]
    assert len(scan.findings) == 13 and len(scan.not_enough_data) == 11
