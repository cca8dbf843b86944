"""The figures every team page, the index, the map and the API show."""

from __future__ import annotations

from datetime import date

from pom.teams.figures import summarize, team_figures
from pom.teams.models import TeamRole

TODAY = date(2026, 6, 1)


def figures(**overrides: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "size": 6,
        "roles_present": [TeamRole.PRODUCT_MANAGER, TeamRole.PRODUCT_DESIGNER, TeamRole.TECH_LEAD],
        "has_coach": True,
        "formed_on": date(2025, 1, 1),
        "operating_mode": "product",
        "size_limit": 10,
        "today": TODAY,
    }
    values.update(overrides)
    return team_figures(**values)  # type: ignore[arg-type]


def test_a_team_with_pm_designer_and_tech_lead_has_a_complete_trio() -> None:
    f = figures()
    assert f.trio_complete
    assert f.gap_count == 0


def test_missing_trio_roles_are_named_in_trio_order() -> None:
    f = figures(roles_present=[TeamRole.ENGINEER, TeamRole.PRODUCT_DESIGNER])
    assert f.missing_trio == ("product_manager", "tech_lead")
    assert f.missing_trio_labels == ["Product manager", "Tech lead"]
    assert f.missing_trio_short == "PM, tech lead"


def test_size_is_flagged_only_past_the_limit() -> None:
    assert not figures(size=10).oversized
    assert figures(size=11).oversized
    assert not figures(size=11, size_limit=12).oversized


def test_team_age_reads_as_familiarity() -> None:
    assert figures(formed_on=date(2026, 5, 20)).age_label == "12 days together"
    assert figures(formed_on=date(2025, 6, 1)).age_label == "12 months together"
    assert figures(formed_on=date(2022, 6, 1)).age_label == "4 years together"
    assert figures(formed_on=date(2022, 6, 1)).familiar
    assert not figures(formed_on=date(2026, 5, 1)).familiar
    assert figures(formed_on=None).age_days is None


def test_team_age_speaks_in_singular_for_one() -> None:
    assert figures(formed_on=date(2026, 5, 31)).age_label == "1 day together"
    # 725 days: past 24 months, so counted in years, and that is one year, not "1 years".
    assert figures(formed_on=date(2024, 6, 6)).age_label == "1 year together"


def test_project_mode_no_coach_and_overallocation_count_as_gaps() -> None:
    f = figures(operating_mode="project", has_coach=False, overallocated=["Zoe", "Ann"])
    assert f.project_mode
    assert f.overallocated == ("Ann", "Zoe")
    assert f.gap_count == 3
    assert f.as_dict()["overallocated_people"] == ["Ann", "Zoe"]


def test_summary_counts_each_kind_of_gap() -> None:
    items = [
        figures(),
        figures(roles_present=[], size=12),
        figures(has_coach=False, operating_mode="project"),
    ]
    s = summarize(items, pilots=2)
    assert (s.teams, s.incomplete_trio, s.oversized, s.without_coach, s.project_mode) == (
        3,
        1,
        1,
        1,
        1,
    )
    assert s.pilots == 2
