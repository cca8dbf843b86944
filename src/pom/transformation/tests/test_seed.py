"""The demo data shows the readiness comparison: two assessments, the later one ready."""

import random

import pytest

from pom.core.seeding import SeedContext
from pom.transformation import readiness
from pom.transformation.seed import seed_transformation
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_seed_writes_two_assessments_half_a_year_apart(world):
    ctx = SeedContext(organization=world.org_a, teams=0, rng=random.Random(1))
    seed_transformation(ctx)
    latest = ctx.made["readiness"]
    assert readiness.assess(latest).verdict == readiness.Verdict.READY
    from pom.transformation import queries

    _, before = queries.latest_two(h.leader(world))
    assert before is not None and readiness.assess(before).verdict == readiness.Verdict.NOT_YET


def test_seed_chooses_the_recommended_pilots_from_the_top_of_the_ranking(world):
    from pom.transformation import queries

    teams = [h.pilot_team(world, f"T{i}", touch_weeks=i, with_bob=i == 1) for i in range(4)]
    ctx = SeedContext(organization=world.org_a, teams=4, rng=random.Random(1))
    seed_transformation(ctx)
    board = queries.pilot_board(h.leader(world))
    assert len(board.active) == board.recommendation.recommended == 1
    assert board.active[0].reason.startswith("Strong on ")
    assert {c.key: c.meets for c in queries.candidate(board, teams[1]).criteria}[
        "hungry"
    ] is not None


def test_seed_leaves_one_closed_pulse_with_enough_answers_to_show(world):
    from pom.core.validation import today
    from pom.transformation import pulse_report
    from pom.transformation.models import ClarityPulse

    h.strategy(world)
    for n in range(3):
        h.crew(world, f"Crew {n}", 4)
    ctx = SeedContext(organization=world.org_a, teams=3, rng=random.Random(1))
    seed_transformation(ctx)
    pulse = ClarityPulse.objects.for_org(world.org_a).get()
    report = pulse_report.build(h.leader(world), pulse, today())
    assert report.status == "closed" and report.shown
    assert 0 < report.answers < report.invited
    assert report.unmatched and report.overall.alignment is not None
