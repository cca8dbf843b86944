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
