"""Pilot pages: the ranked board with the recommendation, one team's case, and the forms."""

import pytest

from pom.transformation.models import HungerAnswer, PilotChoice
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_the_board_ranks_teams_and_says_how_many_pilots(world):
    h.pilot_team(world, "Checkout", touch_weeks=6)
    h.pilot_team(world, "Billing", stage="retire", since_days=10)
    page = world.client("viewer").get("/transformation/pilots/").content.decode()
    assert page.index("Checkout") < page.index("Billing")
    assert 'data-testid="recommended">1<' in page
    assert "2 active teams: a small organization, where the seeds advise one pilot." in page
    assert "not asked" in page


def test_the_board_search_returns_only_the_rows_to_htmx(world):
    h.pilot_team(world, "Checkout")
    h.pilot_team(world, "Billing")
    partial = (
        world.client("viewer")
        .get("/transformation/pilots/?q=bill", headers={"HX-Request": "true"})
        .content.decode()
    )
    assert "<html" not in partial and "Billing" in partial and "Checkout" not in partial
    empty = world.client("viewer").get("/transformation/pilots/?q=zzz").content.decode()
    assert "No active team's name contains “zzz”" in empty


def test_the_board_without_teams_says_what_to_do(world):
    page = world.client("leader").get("/transformation/pilots/").content.decode()
    assert "No teams yet." in page


def test_a_leader_chooses_from_the_team_page_and_sees_the_warnings(world):
    team = h.pilot_team(world, "Checkout")
    client = world.client("leader")
    page = client.get(f"/transformation/pilots/{team.slug}/").content.decode()
    assert "Choose Checkout as a pilot" in page and 'data-testid="criterion-familiar"' in page
    response = client.post(
        f"/transformation/pilots/{team.slug}/choose/", {"reason": "Close to customers."}
    )
    assert response.status_code == 302
    after = client.get(response["Location"]).content.decode()
    assert "Checkout is now a pilot team." in after
    assert "has not said yet whether it is hungry to learn" in after
    assert "A pilot since" in after and "Close to customers." in after


def test_choosing_without_a_reason_shows_the_error_and_keeps_nothing(world):
    team = h.pilot_team(world, "Checkout")
    response = world.client("leader").post(
        f"/transformation/pilots/{team.slug}/choose/", {"reason": " "}
    )
    assert response.status_code == 400 and 'id="id_reason_error"' in response.content.decode()
    assert not PilotChoice.objects.for_org(world.org_a).exists()


def test_a_team_member_answers_the_hunger_questions_on_the_team_page(world):
    team = h.pilot_team(world, "Checkout", with_bob=True)
    client = world.client("member")
    assert (
        "Hungry to learn? Your answer"
        in client.get(f"/transformation/pilots/{team.slug}/").content.decode()
    )
    bad = client.post(
        f"/transformation/pilots/{team.slug}/hunger/",
        {"beginners": 9, "time_to_learn": 3, "feedback": 3},
    )
    assert bad.status_code == 400 and 'id="id_beginners_error"' in bad.content.decode()
    ok = client.post(
        f"/transformation/pilots/{team.slug}/hunger/",
        {"beginners": 5, "time_to_learn": 4, "feedback": 4},
    )
    assert ok.status_code == 302 and HungerAnswer.objects.for_org(world.org_a).count() == 1
    page = client.get(ok["Location"]).content.decode()
    assert (
        "1 member answered; 4.3 of 5 on average." in page and "answering again replaces it" in page
    )


def test_people_not_on_the_team_do_not_see_the_hunger_form(world):
    team = h.pilot_team(world, "Checkout")
    assert (
        "Hungry to learn? Your answer"
        not in world.client("leader").get(f"/transformation/pilots/{team.slug}/").content.decode()
    )


def test_ending_a_pilot_needs_a_reason(world):
    team = h.pilot_team(world, "Checkout")
    choice = h.choose(world, team).choice
    client = world.client("leader")
    client.post(f"/transformation/pilots/choices/{choice.pk}/end/", {"reason": ""})
    assert PilotChoice.objects.for_org(world.org_a).get().active
    client.post(
        f"/transformation/pilots/choices/{choice.pk}/end/",
        {"reason": "Graduated.", "graduated": "on"},
    )
    assert not PilotChoice.objects.for_org(world.org_a).get().active


def test_the_choose_url_only_takes_posts(world):
    team = h.pilot_team(world, "Checkout")
    assert (
        world.client("leader").get(f"/transformation/pilots/{team.slug}/choose/").status_code == 405
    )


def test_home_shows_the_pilot_recommendation_and_the_best_candidates(world):
    h.pilot_team(world, "Checkout", touch_weeks=6)
    page = world.client("viewer").get("/transformation/").content.decode()
    assert (
        "2. Pilot teams" in page and 'data-testid="top-candidates"' in page and "Checkout" in page
    )


def test_another_orgs_team_is_404(world):
    team = h.pilot_team(world, "Checkout")
    assert world.client("outsider").get(f"/transformation/pilots/{team.slug}/").status_code == 404
