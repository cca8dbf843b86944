"""Discovery services: what a team sees happen, and what bad input is refused without writing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pom.discovery import queries, services
from pom.discovery.models import Decision, Insight, Opportunity, Solution, Touchpoint, Triage
from pom.discovery.tests import helpers as h


@pytest.fixture
def bob(world: Any) -> Any:
    return world.membership("member")


def test_a_touchpoint_and_its_insights_are_logged_in_one_go(world: Any, bob: Any) -> None:
    t = h.team(world)
    pm = h.person(world, "Pat PM")
    tp = services.record_touchpoint(
        bob,
        team=t.pk,
        happened_on=h.days_ago(1),
        customer_name="Ann",
        company="Globex",
        attendees=[pm.pk],
        insights=[{"text": "Exports are slow", "tags": "export, speed"}, {"text": "Wants SSO"}],
    )
    insights = list(tp.insights.order_by("id"))
    assert [i.text for i in insights] == ["Exports are slow", "Wants SSO"]
    assert insights[0].tag_list == ["export", "speed"]
    assert insights[0].customer == "Ann" and insights[0].observed_on == tp.happened_on
    assert list(tp.attendees.all()) == [pm]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"happened_on": h.TODAY() + timedelta(days=1)}, "happened_on"),
        ({"insights": [{"text": "ok"}, {"text": "   "}]}, "insights.1.text"),
        ({"recording_url": "not a link"}, "recording_url"),
        ({"kind": "seance"}, "kind"),
    ],
)
def test_bad_touchpoints_are_refused_and_nothing_is_written(
    world: Any, bob: Any, change: dict[str, Any], field: str
) -> None:
    t = h.team(world)
    values = {"team": t, "happened_on": h.days_ago(1), "insights": [{"text": "fine"}], **change}
    with pytest.raises(ValidationError) as exc:
        services.record_touchpoint(bob, **values)
    assert field in exc.value.message_dict
    assert Touchpoint.objects.for_org(world.org_a).count() == 0
    assert Insight.objects.for_org(world.org_a).count() == 0


def test_another_orgs_team_or_person_is_not_found(world: Any, bob: Any) -> None:
    theirs = h.team(world, "Theirs", org="b")
    with pytest.raises(ValidationError) as exc:
        services.record_touchpoint(bob, team=theirs.pk, happened_on=h.days_ago(1))
    assert "No team with id" in exc.value.message_dict["team"][0]
    stranger = h.person(world, "Stranger", org="b")
    with pytest.raises(ValidationError) as exc:
        services.record_touchpoint(
            bob, team=h.team(world), happened_on=h.days_ago(1), attendees=[stranger.pk]
        )
    assert "attendees" in exc.value.message_dict


def test_a_member_cannot_log_for_a_team_they_are_not_on(world: Any, bob: Any) -> None:
    other = h.team(world, "Search", with_bob=False)
    with pytest.raises(PermissionDenied):
        services.record_touchpoint(bob, team=other, happened_on=h.days_ago(1))
    services.record_touchpoint(world.membership("leader"), team=other, happened_on=h.days_ago(1))


def test_moving_an_opportunity_into_its_own_subtree_is_refused(world: Any, bob: Any) -> None:
    _, _, opps = h.grow_tree(world, 5)
    root, child = opps[0], opps[1]
    grandchild = opps[4]  # (4 - 1) // 3 == 1
    assert grandchild.parent_id == child.pk
    with pytest.raises(ValidationError) as exc:
        services.move_opportunity(bob, root, grandchild.pk)
    assert "inside its own subtree" in exc.value.message_dict["parent"][0]
    root.refresh_from_db()
    assert root.parent_id is None
    services.move_opportunity(bob, grandchild, None)
    grandchild.refresh_from_db()
    assert grandchild.parent_id is None


def test_opportunities_cannot_cross_outcomes_or_organizations(world: Any, bob: Any) -> None:
    t, o, opps = h.grow_tree(world, 2)
    other_outcome = h.outcome(world, t, "Faster onboarding")
    elsewhere = services.create_opportunity(bob, outcome=other_outcome, title="Setup is confusing")
    with pytest.raises(ValidationError):
        services.move_opportunity(bob, opps[0], elsewhere)
    with pytest.raises(ValidationError):
        services.create_opportunity(bob, outcome=o, parent=elsewhere, title="x")
    foreign = h.outcome(world, None, "Theirs", org="b")
    with pytest.raises(ValidationError) as exc:
        services.create_opportunity(bob, outcome=foreign.pk, team=t, title="x")
    assert "outcome" in exc.value.message_dict


def test_an_outcome_of_another_team_is_theirs_to_map(world: Any, bob: Any) -> None:
    mine = h.team(world)
    theirs_outcome = h.outcome(world, h.team(world, "Search", with_bob=False))
    with pytest.raises(ValidationError) as exc:
        services.create_opportunity(bob, outcome=theirs_outcome, team=mine, title="x")
    assert "belongs to another team" in exc.value.message_dict["outcome"][0]


def test_only_one_opportunity_per_outcome_is_targeted(world: Any, bob: Any) -> None:
    _, o, opps = h.grow_tree(world, 3)
    services.set_target(bob, opps[1])
    services.set_target(bob, opps[2])
    targeted = list(Opportunity.objects.for_org(world.org_a).filter(outcome=o, targeted=True))
    assert targeted == [opps[2]]


def test_the_tree_nests_everything_with_evidence_counts(world: Any, bob: Any) -> None:
    _, o, opps = h.grow_tree(world, 4)
    tree = queries.outcome_tree(bob, o).as_dict()
    first = tree["children"][0]
    assert first["title"] == opps[0].title and first["evidence_count"] == 1
    assert [c["kind"] for c in first["children"]] == ["opportunity"] * 3 + ["solution"]


def test_stakeholder_input_is_triaged_onto_an_opportunity(world: Any, bob: Any) -> None:
    _, o, opps = h.grow_tree(world, 1)
    carol = world.membership("stakeholder")
    item = services.submit_input(
        carol, kind="context", text="Big customers churn over invoices", outcome=o
    )
    assert item.team_id == o.owner_team_id and item.triage == Triage.NEW
    services.triage_input(bob, item, action="link", opportunity=opps[0])
    item.refresh_from_db()
    assert item.triage == Triage.LINKED and item.opportunity == opps[0]
    with pytest.raises(ValidationError):
        services.triage_input(bob, item, action="decline", reason="  ")
    with pytest.raises(PermissionDenied):
        services.triage_input(carol, item, action="reopen")


def test_stakeholders_cannot_edit_solutions_but_can_comment(world: Any, bob: Any) -> None:
    _, _, opps = h.grow_tree(world, 1)
    carol = world.membership("stakeholder")
    solution = Solution.objects.for_org(world.org_a).get()
    with pytest.raises(PermissionDenied):
        services.update_solution(carol, solution, title="My idea instead")
    comment = services.add_comment(carol, opportunity=opps[0], text="Customers tell me this too")
    assert comment.author == carol.user


def test_decisions_record_the_real_actor_and_leadership_needs_a_leader(
    world: Any, bob: Any
) -> None:
    _, _, opps = h.grow_tree(world, 1)
    decision = services.record_decision(
        bob, title="Focus on exports", opportunity=opps[0], decided_by="The trio"
    )
    assert decision.recorded_by == bob.user and decision.team_id == opps[0].team_id
    with pytest.raises(PermissionDenied):
        services.record_decision(bob, title="Build it", kind="leadership")
    leo = world.membership("leader")
    services.record_decision(
        leo,
        title="Build it",
        kind="leadership",
        solution=Solution.objects.for_org(world.org_a).get(),
    )
    assert Decision.objects.for_org(world.org_a).filter(kind="leadership").count() == 1
    with pytest.raises(ValidationError):
        services.record_decision(leo, title="Later", decided_on=h.TODAY() + timedelta(days=2))


def test_insight_search_finds_words_and_word_starts_and_respects_the_organization(
    world: Any, bob: Any
) -> None:
    t = h.team(world)
    services.add_insight(bob, team=t, text="Exporting invoices takes forever", tags="billing")
    services.add_insight(bob, team=t, text="The dashboard is confusing")
    theirs = h.team(world, "Theirs", org="b")
    Insight.objects.create(
        organization=world.org_b, team=theirs, text="invoices everywhere", observed_on=h.TODAY()
    )
    found = [i.text for i in queries.insights_for(bob, query="invoice export")]
    assert found == ["Exporting invoices takes forever"]
    assert [i.text for i in queries.insights_for(bob, query="BILLING")] == [
        "Exporting invoices takes forever"
    ]
    assert list(queries.insights_for(bob, query="nothing-matches-this")) == []
    assert queries.insights_for(bob, query="'\"*) OR").count() == 0
    assert queries.insights_for(bob, tags=["billing"]).count() == 1


def test_search_follows_edits_and_deletes(world: Any, bob: Any) -> None:
    t = h.team(world)
    insight = services.add_insight(bob, team=t, text="Checkout is slow")
    services.update_insight(bob, insight, text="Payment is slow")
    assert queries.insights_for(bob, query="checkout").count() == 0
    assert queries.insights_for(bob, query="payment").count() == 1
    services.delete_insight(bob, insight)
    assert queries.insights_for(bob, query="payment").count() == 0


def test_an_import_applies_all_rows_or_none(world: Any, bob: Any) -> None:
    t = h.team(world)
    good = "date,customer,company,text,tags\n2026-01-05,Ann,Globex,Slow export,export\n2026-01-05,Ann,Globex,Wants SSO,sso\n2026-01-06,Bo,Initech,Confusing menu,\n"
    result = services.apply_import(bob, team=t, fmt="csv", content=good, filename="notes.csv")
    assert result == {"touchpoints": 2, "insights": 3}
    bad = "date,text\n2026-01-05,fine\n2099-01-01,future\n"
    with pytest.raises(ValidationError) as exc:
        services.apply_import(bob, team=t, fmt="csv", content=bad)
    assert exc.value.message_dict["file"] == ["Row 3: 2099-01-01 is in the future."]
    assert Insight.objects.for_org(world.org_a).count() == 3


def test_a_productboard_note_is_not_imported_twice(world: Any, bob: Any) -> None:
    t = h.team(world)
    notes = '[{"title": "Bulk edit", "content": "<p>please</p>", "source": {"origin": "intercom", "record_id": "9"}}]'
    services.apply_import(bob, team=t, fmt="productboard", content=notes, filename="n.json")
    parsed = services.parse_import(bob, fmt="productboard", content=notes, filename="n.json")
    assert [str(e) for e in parsed.errors] == ["Row 1: this note was imported before."]


def test_a_very_common_search_keeps_the_most_recent_matches(
    world: Any, bob: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(queries, "SEARCH_CAP", 2)
    t = h.team(world)
    made = [services.add_insight(bob, team=t, text=f"Invoices again {i}") for i in range(4)]
    found = list(queries.capped(queries.insights_for(bob, query="invoices"), "invoices"))
    assert [i.pk for i in found] == [made[3].pk, made[2].pk, made[1].pk]  # cap + 1, newest first
    page = world.client("member").get("/discovery/insights/?q=invoices").content.decode()
    assert "More than 2 insights match" in page


def test_evidence_validity_is_configurable(world: Any, bob: Any, settings: Any) -> None:
    t = h.team(world)
    o = h.outcome(world, t)
    opp = services.create_opportunity(bob, outcome=o, title="Old pain")
    services.add_insight(
        bob, team=t, text="Said long ago", observed_on=h.days_ago(40), opportunity=opp
    )
    assert queries.outcome_tree(bob, o).as_dict()["children"][0]["evidence_stale"] is False
    settings.POM_EVIDENCE_VALIDITY_DAYS = 30
    assert queries.outcome_tree(bob, o).as_dict()["children"][0]["evidence_stale"] is True
