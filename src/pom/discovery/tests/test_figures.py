"""The derived figures, on plain data."""

from __future__ import annotations

from datetime import date, timedelta

from pom.discovery import figures

TODAY = date(2026, 11, 18)  # a Wednesday


def weeks_ago(n: int, weekday: int = 1) -> date:
    return figures.week_start(TODAY) - timedelta(weeks=n) + timedelta(days=weekday)


def test_a_team_with_a_touchpoint_every_week_has_a_streak_and_full_coverage() -> None:
    result = figures.cadence([weeks_ago(n) for n in range(20)], TODAY)
    assert result.streak == 20
    assert result.covered == 12
    assert result.coverage == 1.0
    assert result.is_weekly


def test_the_week_in_progress_does_not_break_a_streak() -> None:
    result = figures.cadence([weeks_ago(n) for n in range(1, 6)], TODAY)
    assert result.streak == 5
    assert result.heatmap[-1].count == 0


def test_a_gap_ends_the_streak_and_lowers_coverage() -> None:
    dates = [weeks_ago(0), weeks_ago(1), weeks_ago(3), weeks_ago(3, 2), weeks_ago(20)]
    result = figures.cadence(dates, TODAY)
    assert result.streak == 2
    assert result.covered == 3
    assert result.heatmap[-4].count == 2
    assert not result.is_weekly
    assert result.last_touchpoint == weeks_ago(0)


def test_a_lapsed_team_has_no_streak_and_future_dates_do_not_count() -> None:
    result = figures.cadence([TODAY + timedelta(days=3), weeks_ago(30)], TODAY)
    assert result.streak == 0
    assert result.covered == 0
    assert len(result.heatmap) == 12
    assert result.heatmap[0].start == figures.week_start(TODAY) - timedelta(weeks=11)


def test_trio_attendance_counts_each_seat() -> None:
    seats = figures.trio_attendance(
        [{1, 2}, {1}, {4}, set()],
        {"product_manager": [1], "product_designer": [2, 5], "tech_lead": []},
    )
    by_role = {s.role: s for s in seats}
    assert by_role["product_manager"].attended == 2
    assert by_role["product_manager"].share == 0.5
    assert by_role["product_designer"].attended == 1
    assert not by_role["tech_lead"].filled
    assert not by_role["tech_lead"].attends


def test_evidence_is_stale_when_the_newest_piece_is_older_than_the_validity() -> None:
    fresh = figures.evidence([TODAY - timedelta(days=10), TODAY - timedelta(days=400)], TODAY)
    assert (fresh.count, fresh.age_days, fresh.stale) == (2, 10, False)
    stale = figures.evidence([TODAY - timedelta(days=181)], TODAY)
    assert stale.stale and stale.label == "1 insight, stale"
    short = figures.evidence([TODAY - timedelta(days=40)], TODAY, validity_days=30)
    assert short.stale
    none = figures.evidence([], TODAY)
    assert none.missing and not none.stale and none.label == "no evidence"


def test_share_is_none_rather_than_zero_when_there_is_nothing() -> None:
    assert figures.share(0, 0) is None
    assert figures.share(1, 4) == 0.25


def test_portfolio_health_counts_orphans_stakeholder_solutions_and_overrides() -> None:
    health = figures.portfolio_health(
        solution_rows=[(1, "team"), (None, "stakeholder"), (2, "stakeholder")],
        opportunity_evidence=[
            figures.evidence([], TODAY),
            figures.evidence([TODAY - timedelta(days=300)], TODAY),
            figures.evidence([TODAY], TODAY),
        ],
        decision_rows=[("leadership", True), ("team", True), ("leadership", False)],
    )
    assert health.solutions_without_opportunity == 1
    assert health.stakeholder_solution_share == 2 / 3
    assert health.opportunities_without_evidence == 1
    assert health.opportunities_with_stale_evidence == 1
    assert health.leadership_override_share == 0.5
    assert len(health.notes) == 3
