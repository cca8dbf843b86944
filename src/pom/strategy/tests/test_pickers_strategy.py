"""The strategy forms pick teams and outcomes by search (core/pickers.py): each picker offers only
what the form may take, refuses anything else by id, and works without JavaScript."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from pom.strategy.models import OutcomeCommitment
from pom.strategy.tests.helpers import clear_outcome, plan


def _outcome_post(**overrides: Any) -> dict[str, Any]:
    data = {k: ("" if v is None else str(v)) for k, v in clear_outcome().items()}
    data.update(
        level="team",
        direction="increase",
        status="draft",
        guardrails="support tickets per 1,000 workspaces <= 12",
    )
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def test_the_parent_picker_finds_business_and_product_outcomes_only(world: Any) -> None:
    p = plan(world)
    client = world.client("leader")
    url = reverse("core:pick", args=["outcomes"])
    html = client.get(url, {"q": "", "parents": 1}).content.decode()
    assert p.business.title in html
    assert p.outcome.title not in html  # a team outcome is not a parent
    html = client.get(url, {"q": "", "parents": 1, "besides": p.business.pk}).content.decode()
    assert p.business.title not in html


def test_a_team_outcome_posted_as_parent_is_refused_on_the_field(world: Any) -> None:
    p = plan(world)
    response = world.client("leader").post(
        reverse("strategy:outcome_create"),
        _outcome_post(title="Shoppers reorder in one tap", parent=p.outcome.pk),
    )
    assert response.status_code == 400
    assert "not one you can pick" in response.content.decode()
    assert not p.acme.team.owned_outcomes.filter(title="Shoppers reorder in one tap").exists()


def test_an_outcome_is_not_offered_as_its_own_parent(world: Any) -> None:
    p = plan(world)
    client = world.client("leader")
    url = reverse("strategy:outcome_edit", args=[p.business.pk])
    form = client.get(url).content.decode()
    assert f"besides={p.business.pk}" in form  # the search leaves it out
    data = _outcome_post(title=p.business.title, level="business", parent=p.business.pk)
    response = client.post(url, data)
    assert response.status_code == 400
    p.business.refresh_from_db()
    assert p.business.parent_id is None


def test_a_member_cannot_make_another_team_the_owner(world: Any) -> None:
    p = plan(world)
    response = world.client("member").post(
        reverse("strategy:outcome_create"),
        _outcome_post(title="Searchers find a product in one query", owner_team=p.search.pk),
    )
    assert response.status_code == 400
    assert "not one you can pick" in response.content.decode()
    response = world.client("member").post(
        reverse("strategy:outcome_create"),
        _outcome_post(title="Searchers find a product in one query", owner_team=p.acme.team.pk),
    )
    assert response.status_code == 302
    assert p.acme.team.owned_outcomes.filter(title__startswith="Searchers find").exists()


def test_the_planning_panel_commits_only_the_planned_teams_outcomes(world: Any) -> None:
    p = plan(world)
    client = world.client("leader")
    url = reverse("strategy:cycle_commit", args=[p.cycle.pk])
    before = OutcomeCommitment.objects.for_org(world.org_a).count()
    # Search's outcome is not Checkout's to commit to.
    response = client.post(url, {"team": p.acme.team.pk, "outcome": p.other.pk}, follow=True)
    assert "Choose an outcome of the team you are planning" in response.content.decode()
    assert OutcomeCommitment.objects.for_org(world.org_a).count() == before
    page = client.get(reverse("strategy:cycle", args=[p.cycle.pk]), {"team": p.acme.team.pk})
    assert f"plannable={p.acme.team.pk}" in page.content.decode()


def test_commit_team_find_without_javascript_lists_the_members_teams(world: Any) -> None:
    p = plan(world)
    client = world.client("member")
    response = client.post(
        reverse("strategy:outcome_commit", args=[p.business.pk]),
        {"pick": "id_team", "team_q": "check", "cycle": p.cycle.pk},
    )
    assert response.status_code == 302
    assert "pick=id_team" in response["Location"] and "team_q=check" in response["Location"]
    assert not OutcomeCommitment.objects.for_org(world.org_a).filter(outcome=p.business).exists()
    html = client.get(response["Location"]).content.decode()
    assert f'type="radio" name="team" value="{p.acme.team.pk}"' in html
    assert f'value="{p.search.pk}"' not in html  # bob is not on Search
    response = client.post(
        reverse("strategy:outcome_commit", args=[p.business.pk]),
        {"team": p.search.pk, "cycle": p.cycle.pk},
        follow=True,
    )
    assert "Choose one of your teams and a cycle" in response.content.decode()
    assert not OutcomeCommitment.objects.for_org(world.org_a).filter(outcome=p.business).exists()
