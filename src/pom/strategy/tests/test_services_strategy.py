"""The strategy services: ranked bets, the outcome tree, commitments, check-ins, funding, comments."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pom.strategy import services
from pom.strategy.models import BetStatus, Outcome, OutcomeStatus, StrategicBet
from pom.strategy.queries import strategy_map
from pom.strategy.tests.helpers import clear_outcome, plan, today


def ranks(world: Any) -> list[tuple[str, int | None]]:
    return [
        (b.title, b.rank)
        for b in StrategicBet.objects.for_org(world.org_a)
        .filter(status=BetStatus.ACTIVE)
        .order_by("rank")
    ]


def test_a_bet_at_a_rank_already_taken_is_refused_with_an_offer_to_insert(world: Any) -> None:
    leader = world.membership("leader")
    services.create_bet(leader, title="Win SMBs", tradeoffs="No enterprise", rank=1)
    with pytest.raises(ValidationError) as exc:
        services.create_bet(leader, title="Win clinics", tradeoffs="No retail", rank=1)
    (error,) = exc.value.error_dict["rank"]
    assert error.code == "rank_taken"
    assert "already taken by “Win SMBs”" in error.messages[0]
    assert ranks(world) == [("Win SMBs", 1)]

    services.create_bet(leader, title="Win clinics", tradeoffs="No retail", rank=1, insert=True)
    assert ranks(world) == [("Win clinics", 1), ("Win SMBs", 2)]


def test_bets_without_a_rank_go_last_and_inactive_bets_hold_no_rank(world: Any) -> None:
    leader = world.membership("leader")
    a = services.create_bet(leader, title="A", tradeoffs="x")
    b = services.create_bet(leader, title="B", tradeoffs="x")
    assert (a.rank, b.rank) == (1, 2)
    services.update_bet(leader, a, status=BetStatus.PAUSED)
    a.refresh_from_db()
    assert a.rank is None
    c = services.create_bet(leader, title="C", tradeoffs="x", rank=1)
    assert c.rank == 1  # rank 1 was freed when A was paused


def test_rerank_and_move_keep_ranks_strict(world: Any) -> None:
    leader = world.membership("leader")
    a, b, c = (services.create_bet(leader, title=t, tradeoffs="x") for t in "ABC")
    services.rerank_bets(leader, [c.pk, a.pk, b.pk])
    assert ranks(world) == [("C", 1), ("A", 2), ("B", 3)]
    services.move_bet(leader, b, -1)
    assert ranks(world) == [("C", 1), ("B", 2), ("A", 3)]
    with pytest.raises(ValidationError, match="every active bet exactly once"):
        services.rerank_bets(leader, [a.pk, b.pk])
    services.delete_bet(leader, c)
    assert ranks(world) == [("B", 1), ("A", 2)]


def test_only_leaders_manage_bets(world: Any) -> None:
    for persona in ("member", "stakeholder", "viewer"):
        with pytest.raises(PermissionDenied):
            services.create_bet(world.membership(persona), title="Mine", tradeoffs="x")


def test_a_circular_outcome_tree_is_refused(world: Any) -> None:
    p = plan(world)
    leader = world.membership("leader")
    with pytest.raises(ValidationError) as exc:
        services.update_outcome(leader, p.business, parent=p.outcome)
    assert "parent" in exc.value.message_dict
    assert "its own descendant" in exc.value.message_dict["parent"][0]
    with pytest.raises(ValidationError):
        services.update_outcome(leader, p.outcome, parent=p.outcome)
    p.business.refresh_from_db()
    assert p.business.parent_id is None


def test_target_on_the_wrong_side_of_the_baseline_names_the_field(world: Any) -> None:
    leader = world.membership("leader")
    with pytest.raises(ValidationError) as exc:
        services.create_outcome(leader, **clear_outcome(baseline_value=40, target_value=31))
    assert exc.value.message_dict["target_value"] == [
        "The target 31 must be above the baseline 40 for an increase."
    ]
    with pytest.raises(ValidationError) as exc:
        services.create_outcome(leader, **clear_outcome(direction="decrease"))
    assert "below the baseline" in exc.value.message_dict["target_value"][0]
    assert not Outcome.objects.for_org(world.org_a).exists()


def test_deadline_before_the_baseline_date_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_outcome(
            world.membership("leader"),
            **clear_outcome(baseline_date=today(), deadline=today() - timedelta(days=1)),
        )
    assert "must come after the baseline date" in exc.value.message_dict["deadline"][0]


def test_a_vague_outcome_can_be_drafted_but_not_committed(world: Any) -> None:
    p = plan(world)
    leader = world.membership("leader")
    vague = services.create_outcome(leader, title="Improve retention", owner_team=p.acme.team)
    assert vague.status == OutcomeStatus.DRAFT
    with pytest.raises(ValidationError) as exc:
        services.commit_outcome(leader, vague, team=p.acme.team, cycle=p.cycle)
    errors = exc.value.message_dict
    assert "clarity linter" in errors["status"][0]
    assert {"title", "metric", "segment", "baseline_value", "target_value", "deadline"} <= set(
        errors
    )
    with pytest.raises(ValidationError):
        services.update_outcome(leader, vague, status="committed")


def test_a_team_cannot_commit_to_more_outcomes_than_the_limit(world: Any) -> None:
    p = plan(world)
    leader = world.membership("leader")
    team, cycle = p.acme.team, p.cycle  # already committed to one outcome
    for i in range(2):
        o = services.create_outcome(
            leader, **clear_outcome(title=f"Shoppers return {i + 2} times"), owner_team=team
        )
        services.commit_outcome(leader, o, team=team, cycle=cycle)
    fourth = services.create_outcome(
        leader, **clear_outcome(title="Shoppers pay in one tap"), owner_team=team
    )
    with pytest.raises(ValidationError) as exc:
        services.commit_outcome(leader, fourth, team=team, cycle=cycle)
    assert "already committed to 3 outcomes" in exc.value.message_dict["team"][0]
    services.update_settings(leader, max_outcomes_per_team=4)
    services.commit_outcome(leader, fourth, team=team, cycle=cycle)


def test_members_edit_and_check_in_only_on_their_own_teams_outcomes(world: Any) -> None:
    p = plan(world)
    bob = world.membership("member")
    services.update_outcome(bob, p.outcome, segment="SMB workspaces in DACH")
    services.record_check_in(bob, p.outcome, value=35, confidence=7)
    with pytest.raises(PermissionDenied):
        services.update_outcome(bob, p.other, segment="everyone")
    with pytest.raises(PermissionDenied):
        services.record_check_in(bob, p.other, value=3, confidence=5)
    with pytest.raises(ValidationError, match="one of your teams"):
        services.create_outcome(bob, **clear_outcome())
    with pytest.raises(PermissionDenied):
        services.create_outcome(bob, **clear_outcome(), owner_team=p.search)


def test_stakeholders_comment_but_do_not_edit(world: Any) -> None:
    p = plan(world)
    carol = world.membership("stakeholder")
    comment = services.add_comment(carol, body="Mobile too?", bet=p.bet)
    assert comment.author == carol.user
    with pytest.raises(PermissionDenied):
        services.update_outcome(carol, p.outcome, title="Carol's version")
    with pytest.raises(PermissionDenied):
        services.record_check_in(carol, p.outcome, value=50, confidence=10)
    with pytest.raises(PermissionDenied):
        services.add_comment(world.membership("viewer"), body="Hi", bet=p.bet)


def test_a_check_in_moves_the_outcome_and_clears_staleness(world: Any) -> None:
    p = plan(world)
    leader = world.membership("leader")
    outcome = p.outcome
    assert outcome.is_stale(today() + timedelta(days=30))
    services.record_check_in(leader, outcome, value=37, confidence=8, commentary="Nudge works")
    outcome.refresh_from_db()
    assert (outcome.current_value, outcome.last_confidence, outcome.last_check_in_on) == (
        37,
        8,
        today(),
    )
    assert outcome.progress_percent == 67  # 31 → 37 of 31 → 40
    assert not outcome.is_stale(today())
    # An older check-in entered late does not overwrite the latest value.
    services.record_check_in(
        leader, outcome, value=32, confidence=3, date=today() - timedelta(days=20)
    )
    outcome.refresh_from_db()
    assert outcome.current_value == 37
    with pytest.raises(ValidationError) as exc:
        services.record_check_in(leader, outcome, value=38, confidence=11)
    assert "confidence" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_check_in(
            leader, outcome, value=38, confidence=5, date=today() + timedelta(days=1)
        )
    assert "date" in exc.value.message_dict


def test_funding_names_exactly_one_target(world: Any) -> None:
    p = plan(world)
    leader = world.membership("leader")
    with pytest.raises(ValidationError) as exc:
        services.allocate_funding(
            leader, cycle=p.cycle, team=p.acme.team, project=p.project, amount=1
        )
    assert "this names team and project" in exc.value.message_dict["target"][0]
    with pytest.raises(ValidationError) as exc:
        services.allocate_funding(leader, cycle=p.cycle, amount=1)
    assert "none was named" in exc.value.message_dict["target"][0]
    with pytest.raises(ValidationError) as exc:
        services.allocate_funding(leader, cycle=p.cycle, project=p.project)
    assert "amount" in exc.value.message_dict
    funded = services.allocate_funding(leader, cycle=p.cycle, outcome=p.outcome, headcount=2)
    assert funded.kind == "outcome"


def test_cycles_end_after_they_start_and_have_unique_names(world: Any) -> None:
    leader = world.membership("leader")
    with pytest.raises(ValidationError) as exc:
        services.create_cycle(leader, name="Q1", start=today(), end=today())
    assert "end" in exc.value.message_dict
    services.create_cycle(leader, name="Q1", start=today(), end=today() + timedelta(days=90))
    with pytest.raises(ValidationError) as exc:
        services.create_cycle(leader, name="q1", start=today(), end=today() + timedelta(days=90))
    assert "already a cycle" in exc.value.message_dict["name"][0]


def test_the_map_draws_bets_then_the_outcome_tree_then_teams(world: Any) -> None:
    p = plan(world)
    smap = strategy_map(world.org_a.pk)
    first = smap.bets[0]
    assert first.bet == p.bet
    (root,) = first.roots
    assert root.outcome == p.business
    assert [c.outcome for c in root.children] == [p.outcome]
    assert [t.name for t in first.teams] == ["Checkout"]
    unlinked = smap.bets[-1]
    assert unlinked.bet is None and [n.outcome for n in unlinked.roots] == [p.other]
