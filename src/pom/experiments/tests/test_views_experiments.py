"""Pages: htmx partials, forms that refuse bad input, the results panel and the calculator."""

import pytest

from pom.experiments import services
from pom.experiments.models import AssumptionTest
from pom.experiments.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_board_returns_only_the_partial_to_htmx(world):
    h.ab_test(world, title="Reorder A/B")
    client = world.client("viewer")
    full = client.get("/experiments/")
    assert b"<html" in full.content and b"Reorder A/B" in full.content
    partial = client.get("/experiments/", headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"Reorder A/B" in partial.content


def test_map_filters_by_risk_type_and_marks_the_risky_quadrant(world):
    a = h.assumption(world)
    h.assumption(
        world,
        sol=a.solution,
        statement="It can be built",
        risk_type="feasibility",
        importance=2,
        evidence_strength=4,
    )
    client = world.client("viewer")
    page = client.get(f"/experiments/map/?solution={a.solution_id}").content.decode()
    assert "It can be built" in page and 'data-testid="risky-count">1<' in page
    assert 'id="assumption-map-data"' in page
    filtered = client.get(
        "/experiments/map/?risk=feasibility", headers={"HX-Request": "true"}
    ).content.decode()
    assert "It can be built" in filtered and "one click" not in filtered


def test_results_panel_shows_verdict_chart_data_and_plain_sentence(world):
    t = h.binary_data(h.ab_test(world, started=True), world)
    page = world.client("stakeholder").get(f"/experiments/tests/{t.pk}/").content.decode()
    assert 'data-testid="verdict"' in page and "Supported" in page
    assert 'id="lift-chart-data"' in page
    assert "Treatment converted 12.00% of 10,000 users" in page
    assert "What these numbers do not say" in page
    assert "Conclude test" not in page  # stakeholders read; the team concludes


def test_variant_form_refuses_bad_data_and_keeps_the_old(world):
    t = h.binary_data(h.ab_test(world, started=True), world)
    client = world.client("member")
    r = client.post(
        f"/experiments/tests/{t.pk}/variants/",
        {"name": ["Control", "Treatment"], "users": ["10", "10"], "conversions": ["-1", "3"]},
        follow=True,
    )
    assert "Use a whole number from 0 to 1,000,000,000,000." in r.content.decode()
    assert AssumptionTest.objects.for_org(world.org_a).get().variants.first().users == 10000


def test_csv_upload_page_summarises_values(world):
    t = h.ab_test(world, metric_kind="continuous", started=True)
    client = world.client("member")
    r = client.post(
        f"/experiments/tests/{t.pk}/values/",
        {"csv": "variant,value\nControl,1\nControl,3\nTreatment,2\nTreatment,6\n"},
        follow=True,
    )
    assert r.status_code == 200
    control, treatment = t.variants.all()
    assert (control.n, control.mean, treatment.mean) == (2, 2.0, 4.0)
    r = client.post(
        f"/experiments/tests/{t.pk}/values/", {"csv": "Control,1\nControl,abc\n"}, follow=True
    )
    assert "line 2" in r.content.decode()
    r = client.post(f"/experiments/tests/{t.pk}/values/", {"csv": "  "}, follow=True)
    assert "Choose a CSV file or paste rows of variant,value." in r.content.decode()
    assert t.variants.first().n == 2


def test_locked_criterion_cannot_be_edited_from_the_page(world):
    t = h.ab_test(world, started=True)
    client = world.client("member")
    r = client.post(
        f"/experiments/tests/{t.pk}/edit/",
        {
            "title": "Renamed",
            "criterion_threshold": "0",
            "success_criterion": "anything",
            "team": t.team_id,
            "method": "survey",
        },
    )
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.title == "Renamed" and t.criterion_threshold == 0.05 and t.method == "ab_experiment"
    assert t.success_criterion.startswith("Repeat purchase rate")


def test_sample_size_page_calculates_and_explains_bad_input(world):
    client = world.client("viewer")
    page = client.get(
        "/experiments/sample-size/",
        {
            "metric": "binary",
            "baseline": "0.5",
            "mde": "0.25",
            "effect": "absolute",
            "power": "0.9",
        },
    ).content.decode()
    assert "77 users" in page
    r = client.get(
        "/experiments/sample-size/",
        {"metric": "binary", "baseline": "0.1", "mde": "0.1", "alpha": "1.5"},
    )
    assert r.status_code == 400 and "less than or equal to 0.999999" in r.content.decode()
    r = client.get(
        "/experiments/sample-size/",
        {"metric": "binary", "baseline": "0.9", "mde": "0.5"},
    )
    assert r.status_code == 400 and "outside (0, 1)" in r.content.decode()


def test_concluding_from_the_page_needs_a_rationale(world):
    t = h.binary_data(h.ab_test(world, started=True), world)
    client = world.client("member")
    r = client.post(
        f"/experiments/tests/{t.pk}/conclude/",
        {"result": "supported", "decision": "persevere", "rationale": ""},
        follow=True,
    )
    assert "rationale" in r.content.decode()
    t.refresh_from_db()
    assert t.status == "running"
    services.conclude_test(
        h.bob(world), t, result="supported", decision="persevere", rationale="ok"
    )


def test_running_test_with_a_planned_split_takes_data_from_the_page(world):
    t = h.ab_test(
        world,
        variants=[
            {"name": "Control", "planned_share": 0.5},
            {"name": "Treatment", "planned_share": 0.5},
        ],
    )
    services.start_test(h.bob(world), t)
    client = world.client("member")
    client.post(
        f"/experiments/tests/{t.pk}/variants/",
        {
            "name": ["Control", "Treatment"],
            "planned_share": ["0.5", "0.9"],
            "users": ["100", "100"],
            "conversions": ["10", "12"],
        },
    )
    shares_users = list(t.variants.values_list("planned_share", "users"))
    assert shares_users == [(0.5, 100), (0.5, 100)]


def test_map_can_show_one_outcomes_tree(world):
    a = h.assumption(world)
    outcome = a.solution.opportunity.outcome
    client = world.client("viewer")
    page = client.get("/experiments/map/").content.decode()
    assert 'id="map-outcome_q"' in page  # the outcome filter is a picker
    found = client.get("/pick/outcomes/", {"q": outcome.title[:6]}).content.decode()
    assert f'data-value="{outcome.pk}"' in found
    assert "one click" in client.get(f"/experiments/map/?outcome={outcome.pk}").content.decode()
    assert (
        "one click"
        not in client.get(f"/experiments/map/?outcome={outcome.pk + 999}").content.decode()
    )
