"""Logging releases: what is stored, how it traces up the chain, and what is refused."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pom.core import pickers
from pom.delivery import queries, services
from pom.delivery.models import Release
from pom.delivery.tests import helpers as h
from pom.discovery.tests import helpers as dh

pytestmark = pytest.mark.django_db


def _count(world) -> int:
    return Release.objects.for_org(world.org_a).count()


def test_a_release_traces_up_through_its_solution_to_the_outcome_and_bet(world):
    sol = h.solution(world)
    release = h.release(
        world, solutions=[sol.pk], kind="experiment", flag_key="reorder", rollout_percent=20
    )
    loaded = queries.release(h.bob(world), release.pk).get()
    trace = queries.trace(loaded)
    assert [link.solution.title for link in trace.links] == ["One-click reorder"]
    assert [o.title for o in trace.outcomes] == ["More repeat buyers"]
    assert [b.title for b in trace.bets] == ["Win repeat buyers"]
    assert trace.serves_outcome
    assert (loaded.kind, loaded.flag_key, loaded.rollout_percent) == ("experiment", "reorder", 20)


def test_a_release_with_no_solution_is_unlinked_work(world):
    release = h.release(world)
    assert not queries.trace(queries.release(h.bob(world), release.pk).get()).serves_outcome
    assert list(queries.releases(h.bob(world), linked=False)) == [release]
    assert list(queries.releases(h.bob(world), linked=True)) == []


def test_a_bet_is_found_through_the_parent_outcome(world):
    parent = h.outcome(world, "Grow repeat revenue")
    child = h.outcome(world, "Faster reorders", with_bet=False)
    child.parent = parent
    child.save()
    sol = h.solution(world, "Saved baskets", outcome_title="Faster reorders")
    trace = queries.trace(queries.release(h.bob(world), h.release(world, solutions=[sol]).pk).get())
    assert [b.title for b in trace.bets] == ["Win repeat buyers"]


def test_naive_shipped_time_is_read_in_the_site_time_zone(world):
    release = h.release(world, shipped_at="2026-01-05T09:30")
    assert timezone.is_aware(release.shipped_at)
    assert timezone.localtime(release.shipped_at).hour == 9


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("shipped_at", timezone.now() + timedelta(days=2), "in the future"),
        ("shipped_at", "last tuesday", "not a date and time"),
        ("shipped_at", datetime(1999, 5, 1, tzinfo=timezone.get_current_timezone()), "before 2000"),
        ("title", "  ", "Give the title"),
        ("kind", "bigbang", "Unknown value"),
        ("rollout_percent", 120, "from 0 to 100"),
        ("solutions", ["x"], "not a valid id"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(world, field, value, message):
    args = {"title": "Reorder", field: value}
    with pytest.raises(ValidationError) as exc:
        h.release(world, **args)
    assert message in " ".join(exc.value.message_dict[field])
    assert _count(world) == 0


def test_another_organizations_solution_cannot_be_linked(world):
    other_team = dh.team(world, "Their team", org="b")
    other_outcome = dh.outcome(world, other_team, org="b")
    from pom.discovery import services as discovery

    theirs = discovery.create_solution(
        world.membership("outsider_owner"), team=other_team, title="Their idea"
    )
    assert other_outcome.organization_id == world.org_b.pk
    with pytest.raises(ValidationError) as exc:
        h.release(world, solutions=[theirs.pk])
    assert "No solution with id" in exc.value.message_dict["solutions"][0]
    assert _count(world) == 0


def test_stakeholders_and_members_of_other_teams_cannot_log_a_release(world):
    other = dh.team(world, "Search", with_bob=False)
    with pytest.raises(PermissionDenied):
        services.log_release(world.membership("member"), team=other, title="X", shipped_at=h.ago(1))
    with pytest.raises(PermissionDenied):
        services.log_release(
            world.membership("stakeholder"), team=h.team(world), title="X", shipped_at=h.ago(1)
        )
    # Leaders log for any team.
    services.log_release(world.membership("leader"), team=other, title="X", shipped_at=h.ago(1))
    assert _count(world) == 1


def test_updating_replaces_the_linked_solutions_and_keeps_what_is_not_named(world):
    first, second = h.solution(world, "A"), h.solution(world, "B")
    release = h.release(world, solutions=[first])
    services.update_release(h.bob(world), release, solutions=[second.pk], title="Renamed")
    release.refresh_from_db()
    assert release.title == "Renamed"
    assert [s.title for s in release.solutions.all()] == ["B"]
    assert release.kind == "feature"


def test_a_failed_update_changes_nothing(world):
    sol = h.solution(world)
    release = h.release(world, solutions=[sol])
    with pytest.raises(ValidationError):
        services.update_release(h.bob(world), release, title="New", solutions=[999999])
    release.refresh_from_db()
    assert release.title == "Reorder button on web"
    assert [s.pk for s in release.solutions.all()] == [sol.pk]


def test_an_unknown_field_is_refused(world):
    release = h.release(world)
    with pytest.raises(ValidationError) as exc:
        services.update_release(h.bob(world), release, source="github")
    assert "source" in exc.value.message_dict


def test_the_picker_search_matches_outcome_titles_and_leaves_out_chosen_ones(world):
    a = h.solution(world, "Saved baskets")
    h.solution(world, "Reorder email", outcome_title="Fewer churned accounts")
    solutions = pickers.source("solutions")
    found, _ = pickers.find(solutions, h.bob(world), "churned", scope={})
    assert [s.title for s in found] == ["Reorder email"]
    assert a not in pickers.find(solutions, h.bob(world), "", scope={}, exclude=[a.pk])[0]
