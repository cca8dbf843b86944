"""The experiments API: stateless analysis, sample size, CRUD flows and clear 4xx errors."""

import json

import pytest
from scipy import stats as sps

from pom.experiments.models import Assumption, AssumptionTest, ExperimentVariant
from pom.experiments.tests import helpers as h

pytestmark = pytest.mark.django_db
BASE = "/api/v1/experiments"


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_analyze_returns_the_full_read_out_and_stores_nothing(world):
    client = world.api("viewer")
    body = {
        "metric": "binary",
        "variants": [
            {"name": "A", "users": 10000, "conversions": 1000, "planned_share": 0.5},
            {"name": "B", "users": 10050, "conversions": 1150, "planned_share": 0.5},
        ],
        "criterion": {"kind": "relative", "threshold": 0.02, "confidence": 0.95},
        "sequential": True,
    }
    r = post(client, f"{BASE}/analyze", body)
    assert r.status_code == 200, r.content
    data = r.json()
    c = data["comparisons"][0]
    assert c["variant"] == "B" and data["control"] == "A"
    assert 0 < c["p_value"] < 0.01
    assert c["sequential"]["p_value"] > c["p_value"]
    assert data["srm"]["mismatch"] is False
    assert data["summary"].startswith("B converted")
    assert not AssumptionTest.objects.unscoped().exists()


def test_analyze_continuous_matches_scipy(world):
    body = {
        "metric": "continuous",
        "variants": [
            {"name": "A", "n": 300, "mean": 20.0, "sd": 8.0},
            {"name": "B", "n": 310, "mean": 21.5, "sd": 9.5},
        ],
    }
    data = post(world.api("member"), f"{BASE}/analyze", body).json()
    _, p = sps.ttest_ind_from_stats(21.5, 9.5, 310, 20.0, 8.0, 300, equal_var=False)
    assert data["comparisons"][0]["p_value"] == pytest.approx(p)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "metric": "binary",
                "variants": [
                    {"name": "A", "users": 10, "conversions": 11},
                    {"name": "B", "users": 10, "conversions": 1},
                ],
            },
            "variants[0].conversions",
        ),
        (
            {
                "metric": "binary",
                "variants": [
                    {"name": "A", "users": -1, "conversions": 0},
                    {"name": "B", "users": 10, "conversions": 1},
                ],
            },
            "variants[0].users",
        ),
        (
            {"metric": "binary", "variants": [{"name": "A", "users": 10, "conversions": 1}]},
            "variants",
        ),
        (
            {
                "metric": "binary",
                "variants": [
                    {"name": "A", "users": 10, "conversions": 1},
                    {"name": "B", "users": 10},
                ],
            },
            "variants[1].conversions",
        ),
        (
            {
                "metric": "binary",
                "variants": [
                    {"name": "A", "users": "ten", "conversions": 1},
                    {"name": "B", "users": 10, "conversions": 1},
                ],
            },
            "variants[0].users",
        ),
        (
            {
                "metric": "binary",
                "variants": [
                    {"name": "A", "users": 10, "conversions": 1, "mean": 3},
                    {"name": "B", "users": 10, "conversions": 1},
                ],
            },
            "variants[0].mean",
        ),
        (
            {
                "metric": "continuous",
                "variants": [
                    {"name": "A", "n": 10, "mean": 1, "sd": 0},
                    {"name": "B", "n": 10, "mean": 1, "sd": 1},
                ],
            },
            "variants[0].sd",
        ),
        (
            {
                "metric": "binary",
                "variants": [
                    {"name": "A", "users": 10, "conversions": 1},
                    {"name": "B", "users": 10, "conversions": 1},
                ],
                "criterion": {"confidence": 1.5},
            },
            "criterion.confidence",
        ),
    ],
)
def test_analyze_rejects_bad_input_naming_the_field(world, body, field):
    r = post(world.api("member"), f"{BASE}/analyze", body)
    # A number outside the range the schema declares is refused there (422); the statistics
    # refuse what only they can judge (400). Both name the field.
    assert r.status_code == (422 if field == "criterion.confidence" else 400), r.content
    errors = r.json()["errors"]
    assert errors[0]["field"] == field
    assert errors[0]["message"]


def test_analyze_handles_extremes(world):
    body = {
        "metric": "binary",
        "variants": [
            {"name": "A", "users": 5_000_000, "conversions": 0},
            {"name": "B", "users": 5_000_000, "conversions": 5_000_000},
        ],
    }
    r = post(world.api("member"), f"{BASE}/analyze", body)
    assert r.status_code == 200
    c = r.json()["comparisons"][0]
    assert c["relative_lift"] is None and c["absolute_lift"] == 1.0


def test_sample_size_endpoint_and_its_errors(world):
    r = post(
        world.api("viewer"),
        f"{BASE}/sample-size",
        {"metric": "binary", "baseline": 0.5, "mde": 0.25, "relative": False, "power": 0.9},
    )
    assert r.status_code == 200 and r.json()["control_users"] == 77  # R: power.prop.test → 76.65
    for body, field, status in (
        ({"metric": "binary", "baseline": 0.1, "mde": 0.1, "alpha": 1.2}, "alpha", 422),
        ({"metric": "binary", "baseline": 0.1, "mde": 0.1, "power": 0}, "power", 422),
        ({"metric": "binary", "baseline": 0.1, "mde": 1e-300}, "mde", 422),
        ({"metric": "binary", "baseline": 0.1, "mde": 0.1, "treatments": 21}, "treatments", 422),
        ({"metric": "continuous", "baseline": 1e308, "mde": 0.1, "sd": 1}, "baseline", 422),
        ({"metric": "continuous", "baseline": 10, "mde": 0.1}, "sd", 400),
        ({"metric": "binary", "baseline": 0.9, "mde": 0.5}, "mde", 400),
    ):
        r = post(world.api("viewer"), f"{BASE}/sample-size", body)
        assert r.status_code == status, body
        assert r.json()["errors"][0]["field"] == field


def test_a_team_runs_an_experiment_end_to_end_through_the_api(world):
    client = world.api("member")
    sol = h.solution(world)
    r = post(
        client,
        f"{BASE}/assumptions",
        {
            "solution_id": sol.pk,
            "statement": "Buyers want reorder",
            "risk_type": "value",
            "importance": 5,
            "evidence_strength": 1,
        },
    )
    assert r.status_code == 201 and r.json()["risky"] is True
    assumption_id = r.json()["id"]
    r = post(
        client,
        f"{BASE}/tests",
        {
            "team_id": sol.team_id,
            "title": "Reorder A/B",
            "method": "ab_experiment",
            "hypothesis": "h",
            "success_criterion": "5 % more",
            "metric_kind": "binary",
            "criterion_threshold": 0.05,
            "assumption_ids": [assumption_id],
            "variants": [
                {"name": "Control", "planned_share": 0.5},
                {"name": "Reorder", "planned_share": 0.5},
            ],
        },
    )
    assert r.status_code == 201, r.content
    test_id = r.json()["id"]
    assert post(client, f"{BASE}/tests/{test_id}/start", {}).status_code == 200
    r = client.patch(
        f"{BASE}/tests/{test_id}",
        data=json.dumps({"criterion_threshold": 0.01}),
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "criterion_threshold"
    r = client.put(
        f"{BASE}/tests/{test_id}/variants",
        data=json.dumps(
            {
                "variants": [
                    {"name": "Control", "users": 20000, "conversions": 2000},
                    {"name": "Reorder", "users": 20000, "conversions": 2400},
                ]
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    analysis = client.get(f"{BASE}/tests/{test_id}/analysis").json()
    assert analysis["verdict"] == "supported"
    r = post(
        client,
        f"{BASE}/tests/{test_id}/conclude",
        {"result": "supported", "decision": "persevere", "rationale": "Clear lift"},
    )
    assert (
        r.status_code == 200
        and r.json()["status"] == "concluded"
        and r.json()["decision_record_id"]
    )
    assert client.get(f"{BASE}/assumptions/{assumption_id}").json()["status"] == "supported"


def test_bad_variant_data_through_the_api_changes_nothing(world):
    t = h.binary_data(h.ab_test(world, started=True), world)
    r = world.api("member").put(
        f"{BASE}/tests/{t.pk}/variants",
        data=json.dumps(
            {
                "variants": [
                    {"name": "Control", "users": 100, "conversions": 200},
                    {"name": "Treatment", "users": 100, "conversions": 1},
                ]
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "variants[0].conversions"
    assert "Control" in r.json()["errors"][0]["message"]
    assert sorted(
        ExperimentVariant.objects.for_org(world.org_a).values_list("conversions", flat=True)
    ) == [1000, 1200]
    r = world.api("member").put(
        f"{BASE}/tests/{t.pk}/variants",
        data=json.dumps({"variants": [{"name": "Control", "users": -1}]}),
        content_type="application/json",
    )
    assert r.status_code == 422


def test_unknown_fields_are_refused(world):
    sol = h.solution(world)
    r = post(
        world.api("member"),
        f"{BASE}/assumptions",
        {
            "solution_id": sol.pk,
            "statement": "x",
            "risk_type": "value",
            "importance": 3,
            "evidence_strength": 3,
            "colour": "red",
        },
    )
    assert r.status_code == 422
    assert not Assumption.objects.for_org(world.org_a).exists()
