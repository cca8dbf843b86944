"""Demos compiled from a team's records: what each section shows, the default period, holding
(frozen snapshot) and the input that is refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pom.culture import services
from pom.culture.compile import compile_demo
from pom.culture.markdown import demo_markdown
from pom.culture.models import Demo
from pom.culture.tests import helpers as h
from pom.discovery import services as discovery
from pom.discovery.tests import helpers as dh

pytestmark = pytest.mark.django_db


def content(world: Any) -> dict[str, Any]:
    h.period_of_work(world)
    return compile_demo(h.bob(world), h.team(world), h.days_ago(13), h.days_ago(0))


def test_outcome_shows_the_current_number_and_how_the_period_moved_it(world: Any) -> None:
    (o,) = content(world)["outcomes"]
    assert o["current"] == "24%"
    assert o["baseline"] == "20%" and o["target"] == "30%"
    assert o["progress_percent"] == 40
    assert o["moved"] == "21% → 24% (+3) over 2 check-ins"
    assert o["confidence"] == "5 → 7 of 10"


def test_blockers_come_from_the_periods_check_ins(world: Any) -> None:
    (b,) = content(world)["blockers"]
    assert b["text"] == "Payments team has not exposed saved cards yet"


def test_insights_of_the_period_supporting_most_opportunities_come_first(world: Any) -> None:
    insights = content(world)["insights"]
    assert insights["total"] == 2  # the one from 40 days ago is outside the period
    first = insights["items"][0]
    assert first["text"].startswith("I buy the same coffee")
    assert first["support"] == 2
    assert first["who"] == "Dana, Roastery"
    assert [o["title"] for o in first["opportunities"]] == [
        "I can't reorder what I bought",
        "I forget when I run out",
    ]


def test_focus_lists_now_and_what_changed_in_the_tree(world: Any) -> None:
    focus = content(world)["focus"]
    assert [o["title"] for o in focus["now"]] == ["I can't reorder what I bought"]
    assert focus["now"][0]["targeted"]
    assert {o["title"] for o in focus["new"]} == {
        "I can't reorder what I bought",
        "I forget when I run out",
    }
    changes = [(c["title"], c["change"]) for c in focus["changes"]]
    assert ("I can't reorder what I bought", "Identified → Now") in changes


def test_running_ab_test_reports_its_early_signal_and_verdict_in_words(world: Any) -> None:
    tests = content(world)["tests"]
    (running,) = tests["running"]
    assert running["title"] == "Reorder button A/B"
    assert running["signal"]  # the statistics' plain-language summary
    assert running["verdict"].startswith(("The data", "Not conclusive"))
    (concluded,) = tests["concluded"]
    assert (concluded["result"], concluded["decision"]) == ("Refuted", "Kill")
    assert "Stop the solution" in concluded["implication"]


def test_decisions_of_the_period_and_what_they_bear_on(world: Any) -> None:
    (decision,) = content(world)["decisions"]
    assert decision["title"].startswith("Kill: Reminder fake door")
    assert any("One-click reorder" in b for b in decision["bears_on"])


def test_next_names_planned_tests(world: Any) -> None:
    c = content(world)
    assert [t["title"] for t in c["next"]["planned"]] == ["Saved-basket prototype"]
    assert c["missing"] == []


def test_releases_of_the_period_show_what_they_serve_and_flag_unlinked_work(world: Any) -> None:
    delivery = content(world)["delivery"]
    linked, unlinked = delivery["releases"]  # the one from 30 days ago is outside the period
    assert linked["title"] == "Reorder button to 10% of customers" and linked["rollout"] == 10
    assert linked["solutions"] == ["One-click reorder"]
    assert linked["outcomes"] == ["More repeat buyers reorder within 30 days"]
    assert unlinked["title"] == "Dependency upgrades" and unlinked["unlinked"]
    assert delivery["unlinked"] == 1
    assert "is bound to a metric, so no effect is claimed" in delivery["note"]


def test_an_empty_period_explains_what_is_missing(world: Any) -> None:
    c = compile_demo(h.bob(world), h.team(world), h.days_ago(13), h.days_ago(0))
    assert any("no open outcome" in m for m in c["missing"])
    assert any("No insight was recorded" in m for m in c["missing"])
    assert any("No decision" in m for m in c["missing"])
    assert any("No release was logged" in m for m in c["missing"])


def test_first_demo_looks_back_two_weeks_and_the_next_starts_after_the_last_held(
    world: Any,
) -> None:
    t = h.team(world)
    first = services.create_demo(h.bob(world), team=t)
    assert (first.period_start, first.period_end) == (h.days_ago(13), h.days_ago(0))
    assert first.title == f"Checkout demo, {h.days_ago(0).day} {h.days_ago(0):%b %Y}"
    services.update_demo(h.bob(world), first, period_start=h.days_ago(20), period_end=h.days_ago(6))
    services.hold_demo(h.bob(world), first)
    second = services.create_demo(h.bob(world), team=t)
    assert second.period_start == h.days_ago(5)


def test_holding_freezes_what_the_demo_showed(world: Any) -> None:
    h.period_of_work(world)
    demo = h.held_demo(world)
    discovery.add_insight(
        h.bob(world), team=h.team(world), text="A new one", observed_on=h.days_ago(1)
    )
    live = compile_demo(h.bob(world), demo.team, demo.period_start, demo.period_end)
    assert live["insights"]["total"] == 3
    assert (
        services.content_of(h.bob(world), Demo.objects.for_org(world.org_a).get(pk=demo.pk))[
            "insights"
        ]["total"]
        == 2
    )


def test_a_held_demo_cannot_be_edited_held_again_or_deleted(world: Any) -> None:
    demo = h.held_demo(world)
    for change in (
        lambda: services.update_demo(h.bob(world), demo, narrative="Rewritten"),
        lambda: services.hold_demo(h.bob(world), demo),
        lambda: services.delete_demo(h.bob(world), demo),
    ):
        with pytest.raises(services.DemoFrozen, match="frozen as it was shown"):
            change()
    assert Demo.objects.for_org(world.org_a).get(pk=demo.pk).narrative == "We held it."


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (0, -1, "period_end", "in the future"),
        (2, 5, "period_end", "ends before it starts"),
        (400, 0, "period_start", "at most 366 days"),
    ],
)
def test_a_bad_period_is_refused_naming_the_field(
    world: Any, start: int, end: int, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        h.demo(world, period_start=h.days_ago(start), period_end=h.days_ago(end))
    assert message in " ".join(exc.value.message_dict[field])
    assert not Demo.objects.for_org(world.org_a).exists()


def test_only_the_teams_members_and_leaders_prepare_its_demo(world: Any) -> None:
    t = h.team(world)
    with pytest.raises(PermissionDenied):
        services.create_demo(world.membership("stakeholder"), team=t)
    other = dh.team(world, "Search", with_bob=False)
    with pytest.raises(PermissionDenied):
        services.create_demo(h.bob(world), team=other)
    assert services.create_demo(world.membership("leader"), team=other).team == other


def test_another_organizations_team_is_refused_as_unknown(world: Any) -> None:
    theirs = dh.team(world, "Theirs", org="b")
    with pytest.raises(ValidationError) as exc:
        services.create_demo(h.bob(world), team=theirs.pk)
    assert "team" in exc.value.message_dict


def test_markdown_has_every_section_and_the_quotes(world: Any) -> None:
    c = content(world)
    text = demo_markdown("Checkout demo", "Our story.", c, base_url="https://pom.test")
    for heading in (
        "## Outcomes",
        "## New insights (2 in the period)",
        "## Opportunities in focus",
        "## Assumptions under test",
        "## Decisions and their implications",
        "## Releases",
        "Reorder button to 10% of customers",
        "unlinked work: serves no outcome",
        "## Blockers",
        "## What we will learn next",
    ):
        assert heading in text
    assert "> I buy the same coffee every month" in text
    assert "](https://pom.test/strategy/outcomes/" in text
    assert text.startswith("# Checkout demo\n")
    assert "Our story." in text


def test_period_too_far_in_the_future_relative_to_today_is_refused_on_update(world: Any) -> None:
    demo = h.demo(world)
    with pytest.raises(ValidationError):
        services.update_demo(h.bob(world), demo, period_end=h.days_ago(0) + timedelta(days=1))
