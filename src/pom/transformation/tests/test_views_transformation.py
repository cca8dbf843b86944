"""Pages: the home with the latest verdict, the readiness history and form, one assessment."""

from datetime import date

import pytest

from pom.transformation.models import ReadinessAssessment
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_home_without_an_assessment_says_where_to_start(world):
    page = world.client("leader").get("/transformation/").content.decode()
    assert "Start here: is the company ready?" in page
    assert "Take the readiness assessment" in page
    viewer = world.client("viewer").get("/transformation/").content.decode()
    assert "A leader takes the readiness assessment" in viewer


def test_home_shows_the_rollout_and_the_signs_in_the_page_not_the_title(world):
    raw = world.client("viewer").get("/transformation/").content.decode()
    title = raw.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Rollout" not in title
    page = " ".join(raw.split())
    assert "3. Rollout" in page
    assert "0 waves planned · 0 systemic blockers open · 0 objections open." in page
    assert "4. Is it working?" in page


def test_home_shows_the_latest_verdict_and_what_moved(world):
    h.early(world, on=date(2026, 1, 15))
    h.assessment(world, assessed_on=date(2026, 6, 1))
    page = world.client("viewer").get("/transformation/").content.decode()
    assert 'data-testid="verdict">Ready to start pilots<' in page
    assert "the assessment of 2026-01-15" in page
    assert "2/5" in page and "5/5" in page


def test_a_leader_records_an_assessment_from_the_form(world):
    response = world.client("leader").post(
        "/transformation/readiness/",
        {
            "assessed_on": "2026-02-01",
            "ceo_belief": "4",
            "pain_lost_share": "on",
            "pain_evidence": "Share down from 31 % to 24 % in two years.",
            "sponsor": "Dana Ruiz",
            "coaching_capacity": "1",
        },
    )
    a = ReadinessAssessment.objects.for_org(world.org_a).get()
    assert (
        response.status_code == 302 and response["Location"] == f"/transformation/readiness/{a.pk}/"
    )
    assert a.pain_lost_share and a.assessed_by == world.membership("leader").user
    page = world.client("leader").get(response["Location"]).content.decode()
    assert "Ready to start pilots" in page and "first assessment" in page


def test_the_form_shows_the_services_error_under_the_field_and_keeps_nothing(world):
    response = world.client("leader").post(
        "/transformation/readiness/",
        {
            "assessed_on": "2026-02-01",
            "ceo_belief": "4",
            "pain_margin_pressure": "on",
            "coaching_capacity": "1",
        },
    )
    assert response.status_code == 400
    assert 'id="id_pain_evidence_error"' in response.content.decode()
    assert not ReadinessAssessment.objects.for_org(world.org_a).exists()


def test_an_out_of_range_number_is_refused_by_the_form(world):
    response = world.client("leader").post(
        "/transformation/readiness/",
        {"assessed_on": "2026-02-01", "ceo_belief": "9", "coaching_capacity": "1"},
    )
    assert response.status_code == 400 and 'id="id_ceo_belief_error"' in response.content.decode()


def test_members_read_the_history_without_the_form(world):
    h.assessment(world)
    page = world.client("member").get("/transformation/readiness/").content.decode()
    assert "Ready to start pilots" in page and "Record assessment" not in page


def test_history_returns_only_the_rows_to_htmx(world):
    h.assessment(world)
    partial = world.client("viewer").get(
        "/transformation/readiness/", headers={"HX-Request": "true"}
    )
    assert b"<html" not in partial.content and b"Ready to start pilots" in partial.content


def test_another_orgs_assessment_is_404_naming_the_model(world):
    a = h.assessment(world)
    response = world.client("outsider").get(f"/transformation/readiness/{a.pk}/")
    assert response.status_code == 404


def test_transformation_is_in_the_main_navigation(world):
    page = world.client("viewer").get("/").content.decode()
    assert 'href="/transformation/"' in page
