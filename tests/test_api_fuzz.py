"""Every operation of /api/v1/, fuzzed with schemathesis against its own OpenAPI schema.

The caller is the owner of a seeded organization (every pillar's data, built by ``pom seed``'s
generator), so a generated id in a path is swapped for a real one of its kind and the operation's
own code runs, not only its 404. Each test runs in a savepoint: writes are fine.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pom.accounts import services as accounts
from pom.accounts.models import Membership, Organization, Role
from pom.config.api import api
from pom.core.seeding import SeedContext, run_seeders
from pom.culture.models import Channel, Delivery, DeliveryKind, DeliveryStatus

# Bounded so the suite stays fast: a fixed seed, a few generated requests per operation (valid and
# invalid ones), and no coverage phase (its boundary values are thousands of requests).
# POM_FUZZ_DEEP=1 adds the coverage phase and ten times the examples, for a run by hand.
DEEP = os.environ.get("POM_FUZZ_DEEP") == "1"
EXAMPLES = 40 if DEEP else 4
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 15,
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": DEEP},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1/"), config=CONFIG
)

# No server error, and every answer as documented: its status code, content type and body.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# The model each path parameter names; the fuzzer sends a real one of the organization's ids
# (so the operation's own code runs, not only its 404) unless it generated an ill-typed value.
PARAMETER_MODELS = {
    "membership_id": "accounts.Membership",
    "invitation_id": "accounts.Invitation",
    "token_id": "accounts.ApiToken",
    "team_id": "teams.Team",
    "person_id": "teams.Person",
    "area_id": "teams.ProductArea",
    "member_id": "teams.TeamMember",
    "principle_id": "strategy.Principle",
    "bet_id": "strategy.StrategicBet",
    "comment_id": "strategy.Comment",
    "cycle_id": "strategy.Cycle",
    "outcome_id": "strategy.Outcome",
    "check_in_id": "strategy.CheckIn",
    "commitment_id": "strategy.OutcomeCommitment",
    "project_id": "strategy.Project",
    "funding_id": "strategy.FundingAllocation",
    "touchpoint_id": "discovery.Touchpoint",
    "insight_id": "discovery.Insight",
    "opportunity_id": "discovery.Opportunity",
    "solution_id": "discovery.Solution",
    "input_id": "discovery.StakeholderInput",
    "decision_id": "discovery.Decision",
    "assumption_id": "experiments.Assumption",
    "test_id": "experiments.AssumptionTest",
    "source_id": "metrics.DataSource",
    "table_id": "metrics.SourceTable",
    "metric_id": "metrics.Metric",
    "binding_id": "metrics.OutcomeMetric",
    "assessment_id": "transformation.ReadinessAssessment",
    "choice_id": "transformation.PilotChoice",
    "wave_id": "transformation.Wave",
    "pulse_id": "transformation.ClarityPulse",
    "blocker_id": "transformation.Blocker",
    "objection_id": "transformation.Objection",
    "release_id": "delivery.Release",
    "repository_id": "delivery.Repository",
    "demo_id": "culture.Demo",
    "review_id": "culture.PortfolioReview",
    "learning_id": "culture.Learning",
    "cadence_id": "culture.RitualCadence",
    "retro_id": "culture.RitualLog",
    "delivery_id": "culture.Delivery",
}
PATH_MODELS = {("/api/v1/delivery/", "source_id"): "delivery.IngestSource"}
# Path parameters that name no object: a pipeline's issue key is any text the pipeline chose.
FREE_PARAMETERS = {"issue_key"}


class Fuzzed:
    def __init__(self, org: Organization, token: str, ids: dict[str, int], hook_token: str):
        self.org = org
        self.token = token
        self.ids = ids
        self.hook_token = hook_token


def _build() -> Fuzzed:
    org = Organization.objects.create(name="Fuzz", slug="fuzz")
    ctx = run_seeders(SeedContext(organization=org, teams=1, rng=random.Random(15)))
    owner = Membership.objects.for_org(org).get(user__email=ctx.owner_email)
    _, raw = accounts.create_token(owner, name="fuzz")
    accounts.create_token(owner, name="to revoke")  # the newest token: the one a DELETE names
    accounts.invite(owner, email="invited@fuzz.test", role=Role.MEMBER)
    # A digest the mail server refused, as the worker records it, so retrying one has a target.
    Delivery.objects.create(
        organization=org,
        channel=Channel.EMAIL,
        kind=DeliveryKind.DIGEST,
        user=owner.user,
        recipient=owner.user.email,
        status=DeliveryStatus.GAVE_UP,
        attempts=5,
        last_error="550 mailbox unavailable",
    )
    ids = {}
    for label in {*PARAMETER_MODELS.values(), *PATH_MODELS.values()}:
        model = apps.get_model(label)
        last = model.objects.for_org(org).order_by("-pk").first()
        if last is not None:
            ids[label] = last.pk
    source = apps.get_model("delivery.IngestSource").objects.for_org(org).first()
    return Fuzzed(org, raw, ids, source.token if source else "")


@pytest.fixture(scope="module")
def fuzzed(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Fuzzed]:
    """One seeded organization for the whole module, rolled back at its end; each test runs in a
    savepoint inside it, so one operation's writes never reach the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def app() -> Iterator[WSGIHandler]:
    """Django's WSGI handler, kept from closing the test's connection after each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _label(path: str, name: str) -> str | None:
    return next(
        (m for (prefix, p), m in PATH_MODELS.items() if p == name and path.startswith(prefix)),
        PARAMETER_MODELS.get(name),
    )


def _real_ids(case: Any, fuzzed: Fuzzed) -> None:
    for name, value in list((case.path_parameters or {}).items()):
        if name == "token":
            case.path_parameters[name] = fuzzed.hook_token
            continue
        label = _label(case.path, name)
        if label in fuzzed.ids and isinstance(value, int) and 0 <= value < 2**31:
            case.path_parameters[name] = fuzzed.ids[label]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api(case: Any, fuzzed: Fuzzed, app: WSGIHandler, db: Any) -> None:
    _real_ids(case, fuzzed)
    case.call_and_validate(
        app=app,
        headers={"Authorization": f"Bearer {fuzzed.token}", "Host": "testserver"},
        checks=CHECKS,
    )


def test_every_path_parameter_names_an_object_of_the_seeded_organization(
    fuzzed: Fuzzed, db: Any
) -> None:
    # Otherwise the fuzzer only ever reaches that operation's 404.
    names = {
        (path, p["name"])
        for path, operations in schema.raw_schema["paths"].items()
        for operation in operations.values()
        for p in operation.get("parameters", [])
        if p["in"] == "path"
    }
    missing = set()
    for path, name in names:
        if name in FREE_PARAMETERS:
            continue
        if name == "token":
            if not fuzzed.hook_token:
                missing.add(name)
            continue
        label = _label(path, name)
        if label not in fuzzed.ids:
            missing.add(f"{name} ({label})")
    assert not missing, sorted(missing)
