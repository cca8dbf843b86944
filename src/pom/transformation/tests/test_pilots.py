"""Pilot selection: each criterion read from the records, the ranking, the recommended number of
pilots, and leaders choosing (with warnings, never refusals, outside the advice)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pom.teams.models import PilotStatus, Team
from pom.transformation import pilots, queries, services
from pom.transformation.models import HungerAnswer, PilotChoice
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


def board(world):
    return queries.pilot_board(h.leader(world))


def criteria(world, team):
    return {c.key: c for c in queries.candidate(board(world), team).criteria}


def test_a_team_that_fits_every_criterion_is_ranked_first_with_its_reasons(world):
    good = h.pilot_team(world, "Checkout", touch_weeks=6, with_bob=True)
    h.hunger(world, good, score=5)
    h.pilot_team(world, "Billing", stage="sustain", trio=("product_manager",), since_days=30)
    found = board(world)
    assert [c.team.name for c in found.candidates] == ["Checkout", "Billing"]
    best = found.candidates[0]
    assert best.total == 5.0 and best.met == 5 and best.rank == 1
    by_key = {c.key: c for c in best.criteria}
    assert (
        by_key["familiar"].explanation
        == "4 of 4 members have worked on the team for 6 months or more."
    )
    assert by_key["customer_access"].explanation.startswith(
        "Customer touchpoints in 6 of the last 8 weeks"
    )
    assert "explore stage" in by_key["stage"].explanation
    assert by_key["hungry"].source == "asked"


def test_newcomers_an_incomplete_trio_and_a_sustain_stage_fall_short(world):
    team = h.pilot_team(
        world, "Billing", stage="sustain", trio=("product_manager", "tech_lead"), since_days=30
    )
    c = criteria(world, team)
    assert c["familiar"].meets is False and c["familiar"].score == 0
    assert c["cross_functional"].meets is False
    assert c["cross_functional"].explanation == "Trio incomplete: no product designer."
    assert c["stage"].meets is False and c["stage"].score == 0.25


def test_a_trio_seat_held_under_half_time_does_not_count(world):
    team = h.pilot_team(world, "Search", allocation=30)
    c = criteria(world, team)["cross_functional"]
    assert c.score == 0 and "under 50 % allocated" in c.explanation


def test_customer_access_reads_the_cadence_and_the_flag(world):
    flagged_quiet = h.pilot_team(world, "A", flag=True, touch_weeks=0)
    weekly = h.pilot_team(world, "B", flag=False, touch_weeks=5)
    assert criteria(world, flagged_quiet)["customer_access"].meets is False
    assert criteria(world, flagged_quiet)["customer_access"].score == 0.25
    c = criteria(world, weekly)["customer_access"]
    assert c.meets is True and "not marked as able to reach customers" in c.explanation


def test_hunger_is_not_asked_until_the_team_answers_and_then_averages(world):
    team = h.pilot_team(world, "Checkout", with_bob=True)
    assert criteria(world, team)["hungry"].meets is None
    assert "Not asked yet" in criteria(world, team)["hungry"].explanation
    h.hunger(world, team, score=3)
    c = criteria(world, team)["hungry"]
    assert c.meets is False and c.score == 0.5 and "1 member answered; 3.0 of 5" in c.explanation


def test_a_second_answer_from_the_same_person_replaces_the_first(world):
    team = h.pilot_team(world, "Checkout", with_bob=True)
    h.hunger(world, team, score=2)
    h.hunger(world, team, score=5)
    assert HungerAnswer.objects.for_org(world.org_a).count() == 1
    assert criteria(world, team)["hungry"].meets is True


def test_only_the_teams_own_people_answer_for_it(world):
    team = h.pilot_team(world, "Checkout")
    with pytest.raises(PermissionDenied):
        h.hunger(world, team, persona="member")  # bob is not on it
    with pytest.raises(PermissionDenied):
        h.hunger(world, team, persona="leader")  # leading is not being on the team


def test_an_answer_out_of_range_names_the_question_and_stores_nothing(world):
    team = h.pilot_team(world, "Checkout", with_bob=True)
    with pytest.raises(ValidationError) as err:
        services.answer_hunger(
            world.membership("member"), team=team, beginners=6, time_to_learn=3, feedback=3
        )
    assert "beginners" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.answer_hunger(world.membership("member"), team=team, beginners=4, time_to_learn=3)
    assert "feedback" in err.value.message_dict
    assert not HungerAnswer.objects.for_org(world.org_a).exists()


@pytest.mark.parametrize(
    ("teams", "capacity", "size", "span", "recommended"),
    [
        (4, None, "small", (1, 1), 1),
        (10, 3, "small", (1, 1), 1),
        (11, 5, "mid-size", (2, 4), 2),
        (30, 5, "mid-size", (2, 4), 3),
        (50, 5, "mid-size", (2, 4), 4),
        (51, 9, "large", (2, 5), 5),
        (1000, 2, "large", (2, 5), 2),
        (1000, 0, "large", (2, 5), 5),
    ],
)
def test_the_number_of_pilots_follows_size_and_coaching_capacity(
    teams, capacity, size, span, recommended
):
    rec = pilots.recommend(teams, capacity)
    assert (rec.size, (rec.low, rec.high), rec.recommended) == (size, span, recommended)
    assert f"{teams} active teams" in rec.explanation


def test_recommendation_reads_the_coaching_capacity_of_the_latest_readiness(world):
    h.pilot_team(world, "Checkout")
    assert "Take the readiness assessment" in board(world).recommendation.explanation
    h.assessment(world, coaching_capacity=0)
    assert "find a coach" in board(world).recommendation.explanation


def test_a_leader_chooses_a_pilot_and_the_reason_and_score_are_kept(world):
    team = h.pilot_team(world, "Checkout", touch_weeks=6)
    chosen = h.choose(world, team, "They already interview customers every week.")
    choice = chosen.choice
    assert choice.reason == "They already interview customers every week." and choice.score == 4.0
    assert Team.objects.for_org(world.org_a).get(pk=team.pk).pilot_status == PilotStatus.PILOT
    assert chosen.warnings == ["Checkout has not said yet whether it is hungry to learn; ask them."]
    assert queries.candidate(board(world), team).choice == choice


def test_more_pilots_than_advised_is_allowed_but_warned_with_the_reason(world):
    first = h.pilot_team(world, "A", touch_weeks=6)
    second = h.pilot_team(world, "B", touch_weeks=6)
    h.choose(world, first)
    chosen = h.choose(world, second)
    assert PilotChoice.objects.for_org(world.org_a).count() == 2
    assert any(
        "more than the 1 advised for a small organization of 2 teams" in w for w in chosen.warnings
    )
    assert board(world).warnings == chosen.warnings[:1]


def test_more_pilots_than_coaches_is_warned(world):
    h.assessment(world, coaching_capacity=1)
    teams = [h.pilot_team(world, f"T{i}", touch_weeks=6) for i in range(12)]
    h.choose(world, teams[0])
    chosen = h.choose(world, teams[1])
    assert any("more than the coaches can support at once (1" in w for w in chosen.warnings)
    assert not any("more than the 2" in w for w in chosen.warnings)


def test_choosing_a_team_short_on_criteria_warns_what_it_is_short_of(world):
    team = h.pilot_team(world, "Billing", stage="retire", touch_weeks=6)
    chosen = h.choose(world, team)
    assert "Billing falls short on: explore or invest stage." in chosen.warnings


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_choice_without_a_reason_is_refused(world, reason):
    team = h.pilot_team(world, "Checkout")
    with pytest.raises(ValidationError) as err:
        h.choose(world, team, reason)
    assert "reason" in err.value.message_dict
    assert not PilotChoice.objects.for_org(world.org_a).exists()
    assert Team.objects.for_org(world.org_a).get(pk=team.pk).pilot_status == PilotStatus.NONE


def test_a_team_cannot_be_chosen_twice_or_when_archived_or_from_another_org(world):
    team = h.pilot_team(world, "Checkout")
    h.choose(world, team)
    with pytest.raises(ValidationError, match="already a pilot"):
        h.choose(world, team)
    other = h.pilot_team(world, "Old")
    from pom.teams import services as teams

    teams.archive_team(h.leader(world), other)
    with pytest.raises(ValidationError, match="archived"):
        h.choose(world, other)
    theirs = teams.create_team(world.membership("outsider_owner"), name="Theirs")
    with pytest.raises(ValidationError) as err:
        h.choose(world, theirs.pk)
    assert err.value.message_dict["team_id"] == [
        f"No team with id {theirs.pk} in this organization."
    ]


def test_members_cannot_choose_pilots(world):
    team = h.pilot_team(world, "Checkout", with_bob=True)
    with pytest.raises(PermissionDenied):
        services.choose_pilot(world.membership("member"), team=team, reason="We want it")


def test_ending_a_pilot_keeps_the_history_and_may_graduate_the_team(world):
    team = h.pilot_team(world, "Checkout")
    choice = h.choose(world, team).choice
    services.end_pilot(
        h.leader(world), choice, reason="Ready to work this way for good.", graduated=True
    )
    assert Team.objects.for_org(world.org_a).get(pk=team.pk).pilot_status == PilotStatus.GRADUATED
    with pytest.raises(ValidationError, match="already ended"):
        services.end_pilot(h.leader(world), choice, reason="Again")
    again = h.choose(world, team)  # a team may pilot again later
    assert again.choice.pk != choice.pk and PilotChoice.objects.for_org(world.org_a).count() == 2
