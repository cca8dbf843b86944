"""The experiments seeder: every status and risk type, realistic data and one visible SRM."""

import random

import pytest

from pom.core.seeding import SeedContext
from pom.discovery.tests import helpers as dh
from pom.experiments import services
from pom.experiments.models import Assumption, AssumptionTest, RiskType, TestStatus
from pom.experiments.seed import seed_experiments

pytestmark = pytest.mark.django_db


def test_seed_makes_every_status_and_risk_type_and_an_srm(world):
    teams = [dh.team(world, name) for name in ("Checkout", "Search", "Payments")]
    ctx = SeedContext(organization=world.org_a, teams=3, rng=random.Random(7))
    ctx.made["teams"] = teams
    seed_experiments(ctx)
    tests = list(
        AssumptionTest.objects.for_org(world.org_a).prefetch_related("variants", "assumptions")
    )
    assert {t.status for t in tests} == set(TestStatus.values)
    assert {a.risk_type for a in Assumption.objects.for_org(world.org_a)} == set(RiskType.values)
    analyses = [services.analysis_for(t) for t in tests]
    analysed = [a for a in analyses if a is not None]
    assert len(analysed) >= 3
    assert sum(a.srm.mismatch for a in analysed) == 1
    concluded = [t for t in tests if t.status == TestStatus.CONCLUDED]
    assert all(t.decision_record_id and t.result and t.decision for t in concluded)
    assert all(t.assumptions.all() for t in tests)
