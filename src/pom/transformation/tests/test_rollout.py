"""Rollout: waves with entry criteria and warnings, systemic blockers, and the resistance log."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pom.teams import services as teams
from pom.transformation import queries
from pom.transformation.models import Blocker, Objection, Wave
from pom.transformation.services import rollout
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


def review(world, wave):
    actor = h.leader(world)
    return queries.review_waves(actor, [queries.waves(actor).get(pk=wave.pk)])[0].review


def checks(world, wave):
    return {c.key: c for c in review(world, wave).checks}


def test_a_wave_after_pilots_with_a_coach_and_no_open_blocker_is_ready(world):
    h.assessment(world, coaching_capacity=3)
    pilot = h.pilot_team(world, "Pilot")
    h.choose(world, pilot)
    others = [h.pilot_team(world, f"T{i}") for i in range(4)]
    coach = h.person(world, "Cora Coach")
    wave = rollout.plan_wave(
        h.leader(world),
        name="Wave 1",
        starts_on=h.days_ago(-30),
        coach=coach.email,
        team_ids=[t.pk for t in others[:2]],
    )
    r = review(world, wave)
    assert r.ready and r.warnings == ()
    assert (
        checks(world, wave)["capacity"].detail == "2 teams for coaches who can support 3 at once."
    )


def test_open_blockers_no_coach_and_incomplete_trios_fail_the_entry_criteria(world):
    teams_ = [h.pilot_team(world, "A"), h.pilot_team(world, "B", trio=("product_manager",))]
    for i in range(3):
        h.pilot_team(world, f"Other {i}")
    rollout.raise_blocker(h.leader(world), title="Annual project funding", kind="funding")
    wave = rollout.plan_wave(
        h.leader(world), name="Wave 1", starts_on=h.days_ago(-10), team_ids=[t.pk for t in teams_]
    )
    c = checks(world, wave)
    assert c["pilots"].met is False and c["blockers"].met is False and c["coach"].met is False
    assert c["capacity"].met is None
    assert c["trios"].detail == "Trio incomplete in 1: B."
    assert "1 systemic blocker is still open" in c["blockers"].detail


def test_a_wave_bigger_than_coaching_capacity_or_everyone_at_once_is_warned(world):
    h.assessment(world, coaching_capacity=2)
    all_teams = [h.pilot_team(world, f"T{i}") for i in range(4)]
    wave = rollout.plan_wave(
        h.leader(world),
        name="Big bang",
        starts_on=h.days_ago(-5),
        team_ids=[t.pk for t in all_teams],
    )
    warnings = review(world, wave).warnings
    assert any("coaches can support 2 at once" in w for w in warnings)
    assert any("Everyone at once: this wave holds 4 of the 4 active teams" in w for w in warnings)


def test_a_wave_with_another_orgs_team_is_404_and_nothing_is_stored(world):
    theirs = teams.create_team(world.membership("outsider_owner"), name="Theirs")
    mine = h.pilot_team(world, "Mine")
    with pytest.raises(Http404):
        rollout.plan_wave(
            h.leader(world), name="W", starts_on=h.days_ago(0), team_ids=[mine.pk, theirs.pk]
        )
    assert not Wave.objects.for_org(world.org_a).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "starts_on": "2026-01-01"}, "name"),
        ({"name": "W"}, "starts_on"),
        ({"name": "W", "starts_on": "2026-02-01", "ends_on": "2026-01-01"}, "ends_on"),
        ({"name": "W", "starts_on": "2026-02-01", "coach": "nobody@x.test"}, "coach"),
        ({"name": "W", "starts_on": "2026-02-01", "status": "maybe"}, "status"),
        ({"name": "W", "starts_on": "2026-02-01", "team_ids": ["x"]}, "team_ids"),
    ],
)
def test_bad_wave_input_names_the_field(world, data, field):
    with pytest.raises(ValidationError) as err:
        rollout.plan_wave(h.leader(world), **data)
    assert field in err.value.message_dict
    assert not Wave.objects.for_org(world.org_a).exists()


def test_teams_are_named_on_the_page_and_unknown_names_are_a_field_error(world):
    h.pilot_team(world, "Checkout")
    assert rollout.teams_by_name(h.leader(world), "checkout\n") != []
    with pytest.raises(ValidationError) as err:
        rollout.teams_by_name(h.leader(world), "Checkout, Nowhere")
    assert err.value.message_dict["teams"] == ["No active team named 'Nowhere'."]


def test_only_a_planned_wave_can_be_deleted(world):
    wave = rollout.plan_wave(h.leader(world), name="W", starts_on=h.days_ago(0), status="running")
    with pytest.raises(ValidationError):
        rollout.delete_wave(h.leader(world), wave)


def test_a_resolved_blocker_needs_its_resolution_and_reopening_clears_the_date(world):
    b = rollout.raise_blocker(
        h.leader(world), title="Roadmap set by sales", kind="stakeholder_behaviour"
    )
    with pytest.raises(ValidationError) as err:
        rollout.update_blocker(h.leader(world), b, status="resolved")
    assert "resolution" in err.value.message_dict
    rollout.update_blocker(
        h.leader(world), b, status="resolved", resolution="Sales gives input through the inbox."
    )
    assert Blocker.objects.for_org(world.org_a).get().resolved_on is not None
    rollout.update_blocker(h.leader(world), b, status="open")
    assert Blocker.objects.for_org(world.org_a).get().resolved_on is None


def test_members_cannot_plan_waves_or_log_objections(world):
    with pytest.raises(PermissionDenied):
        rollout.plan_wave(world.membership("member"), name="W", starts_on=h.days_ago(0))
    with pytest.raises(PermissionDenied):
        rollout.log_objection(
            world.membership("member"), kind="no_time", raised_by="x", statement="y"
        )


def test_an_objection_is_logged_then_answered_and_closed(world):
    team = h.pilot_team(world, "Checkout")
    o = rollout.log_objection(
        h.leader(world),
        kind="no_time",
        raised_by="tech lead",
        team_id=team.pk,
        statement="We have a deadline.",
    )
    assert o.from_teams and o.status == "open"
    with pytest.raises(ValidationError) as err:
        rollout.update_objection(h.leader(world), o, status="resolved")
    assert "response" in err.value.message_dict
    rollout.update_objection(
        h.leader(world),
        o,
        response="Freed two hours a week from status meetings.",
        status="resolved",
    )
    found = Objection.objects.for_org(world.org_a).get()
    assert found.closed_on is not None
    summary = {s["kind"]: s for s in queries.objection_summary(h.leader(world))}
    assert summary["no_time"]["resolved"] == 1 and summary["less_control"]["n"] == 0
    assert summary["less_control"]["from"] == "leaders and stakeholders"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "grumbling", "raised_by": "x", "statement": "y"}, "kind"),
        ({"kind": "no_time", "raised_by": "", "statement": "y"}, "raised_by"),
        ({"kind": "no_time", "raised_by": "x", "statement": " "}, "statement"),
        ({"kind": "no_time", "raised_by": "x", "statement": "y", "team_id": 999999}, "team_id"),
    ],
)
def test_bad_objections_name_the_field(world, data, field):
    with pytest.raises(ValidationError) as err:
        rollout.log_objection(h.leader(world), **data)
    assert field in err.value.message_dict
    assert not Objection.objects.for_org(world.org_a).exists()


def test_pilots_before_counts_only_choices_made_before_the_wave_starts(world):
    team = h.pilot_team(world, "P")
    h.choose(world, team)
    early = rollout.plan_wave(h.leader(world), name="Early", starts_on=h.days_ago(10))
    assert checks(world, early)["pilots"].met is False
    later = rollout.plan_wave(
        h.leader(world), name="Later", starts_on=h.days_ago(0) + timedelta(days=1)
    )
    assert checks(world, later)["pilots"].met is True
