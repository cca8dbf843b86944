"""The clarity pulse's report: alignment by team and role, confusions, response rate, and the
anonymity rule (no group under the minimum size, no answer with a person)."""

from __future__ import annotations

import pytest

from pom.core.validation import today
from pom.transformation import pulse_report
from pom.transformation.models import MIN_GROUP
from pom.transformation.pulse_report import OTHERS, Group, fold
from pom.transformation.services import clarity
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


def _answer_all(pulse, answers, said=""):
    for token, priorities in zip(h.tokens(pulse), answers, strict=False):
        clarity.answer_pulse(pulse.pk, token, priorities=priorities, contribution=said)


def test_fold_never_shows_a_group_under_the_minimum():
    groups = [Group("A", answers=9), Group("B", answers=6), Group("C", answers=2), Group("D")]
    shown = fold(groups, 5)
    # C alone (2) would be an "Others" of fewer than 5: the smallest shown group (B) joins it.
    assert [(g.label, g.answers) for g in shown] == [("A", 9), (OTHERS, 8)]
    assert all(g.answers >= 5 for g in shown)
    assert [g.label for g in fold([Group("A", answers=5), Group("B")], 5)] == ["A", OTHERS]
    assert [g.label for g in fold([Group("A", answers=3)], 5)] == [OTHERS]


def test_nothing_but_counts_until_the_minimum_has_answered(world):
    h.strategy(world)
    h.crew(world, "Payments", MIN_GROUP)
    pulse = h.pulse(world)
    _answer_all(pulse, [["Faster payouts"]] * (MIN_GROUP - 1))
    report = pulse_report.build(h.leader(world), pulse, today())
    assert (report.invited, report.answers, report.shown) == (MIN_GROUP, MIN_GROUP - 1, False)
    assert report.by_team == [] and report.unmatched == [] and report.declared == []
    page = world.client("viewer").get(pulse.get_absolute_url()).content.decode()
    assert "Nothing is shown until" in page and "Faster payouts" not in page


def test_alignment_by_team_and_role_with_small_groups_folded(world):
    bets = h.strategy(world)
    payments = h.crew(world, "Payments", 6)
    h.crew(world, "Checkout", 5, role="product_designer")
    h.crew(world, "Mobile", 2, role="product_manager")
    pulse = h.pulse(world)
    # Invitations are in person order: Payments' six, Checkout's five, then Mobile's two.
    _answer_all(
        pulse,
        [["Faster payouts", "Mobile app", "Hire more engineers"]] * 5
        + [["Team morale"]]
        + [["Faster payouts"]] * 5
        + [["The mobile app"], ["Instant payouts", "get paid faster"]],
    )
    report = pulse_report.build(h.leader(world), pulse, today())
    assert report.shown and report.answers == 13 and report.invited == 13
    by_team = {g.label: g for g in report.by_team}
    # Mobile's two answers alone would make an "Others" of two: Checkout (the smallest shown
    # team) joins them.
    assert list(by_team) == [payments.name, OTHERS]
    assert by_team[payments.name].answers == 6
    assert by_team[payments.name].alignment == pytest.approx((5 * 2 / 3 + 0) / 6)
    assert by_team[OTHERS].answers == 7 and by_team[OTHERS].alignment == 1.0
    assert by_team[OTHERS].response_rate == 1.0
    assert [g.label for g in report.by_level] == ["Engineer", OTHERS]
    assert report.overall.full == 7
    assert report.priorities_named == 24 and report.priorities_matched == 18
    assert [(u.text, u.count) for u in report.unmatched] == [
        ("Hire more engineers", 5),
        ("Team morale", 1),
    ]
    named = {d.title: d.named for d in report.declared}
    assert named == {bets[0].title: 12, bets[1].title: 6, bets[2].title: 0}
    assert [d.title for d in report.unnamed] == [bets[2].title]


def test_the_page_shows_groups_and_confusions_never_a_person(world):
    h.strategy(world)
    h.crew(world, "Payments", 5)
    pulse = h.pulse(world)
    _answer_all(pulse, [["Faster payouts", "Launch in Lyon"]] * 5, said="I build the payout API.")
    page = world.client("viewer").get(pulse.get_absolute_url()).content.decode()
    assert 'data-testid="by-team"' in page and "Launch in Lyon" in page
    assert page.count("I build the payout API.") == 5
    assert "nobody named it" in page
    for n in range(5):
        assert f"Payments {n}" not in page
        assert f"payments.{n}@acme.test" not in page
