"""Decisions that age: status, "revisit when" (a date or a metric's condition), editing, reviews."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pom.core.models import AuditEvent
from pom.discovery import queries, services
from pom.discovery.models import Decision, DecisionReview
from pom.discovery.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob(world: Any) -> Any:
    return world.membership("member")


@pytest.fixture
def leo(world: Any) -> Any:
    return world.membership("leader")


def text(response: Any) -> str:
    """The page as a reader sees it: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def decide(actor: Any, world: Any, title: str = "Drop the wizard", **kw: Any) -> Decision:
    kw.setdefault("team", h.team(world))
    return services.record_decision(actor, title=title, **kw)


def due_titles(actor: Any) -> list[str]:
    return [d.title for d in queries.decisions_for(actor, due=True)]


# --- Status ---------------------------------------------------------------------------------


def test_a_new_decision_is_accepted_or_proposed_and_moves_along(world: Any, bob: Any) -> None:
    old = decide(bob, world, "Invoices by email")
    assert old.status == "accepted"
    new = decide(bob, world, "Invoices in the portal", status="proposed")
    services.set_decision_status(bob, new, "accepted")
    services.set_decision_status(bob, old, "superseded", superseded_by=new)
    old.refresh_from_db()
    assert old.status == "superseded" and old.superseded_by == new
    with pytest.raises(ValidationError) as refused:
        services.set_decision_status(bob, old, "accepted")
    assert "history" in refused.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as refused:
        decide(bob, world, "Straight to history", status="reversed")
    assert "status" in refused.value.message_dict


def test_superseding_refuses_itself_cycles_and_other_orgs(world: Any, bob: Any) -> None:
    a, b, c = (decide(bob, world, t) for t in ("A", "B", "C"))
    with pytest.raises(ValidationError) as refused:
        services.set_decision_status(bob, a, "superseded", superseded_by=a)
    assert "itself" in refused.value.message_dict["superseded_by"][0]
    services.set_decision_status(bob, a, "superseded", superseded_by=b)
    services.set_decision_status(bob, b, "superseded", superseded_by=c)
    with pytest.raises(ValidationError) as refused:
        services.set_decision_status(bob, c, "superseded", superseded_by=a)
    assert "replaces it" in refused.value.message_dict["superseded_by"][0]
    olga = world.membership("outsider")
    theirs = services.record_decision(olga, title="Theirs")
    with pytest.raises(ValidationError) as refused:
        services.set_decision_status(bob, c, "superseded", superseded_by=theirs.pk)
    assert "superseded_by" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.set_decision_status(bob, c, "superseded")  # no successor named
    c.refresh_from_db()
    assert c.status == "accepted"


def test_a_stakeholder_still_cannot_file_or_change_a_decision(world: Any, bob: Any) -> None:
    carol = world.membership("stakeholder")
    with pytest.raises(PermissionDenied):
        services.record_decision(carol, title="Build my feature")
    d = decide(bob, world)
    with pytest.raises(PermissionDenied):
        services.update_decision(carol, d, title="Build my feature")
    with pytest.raises(PermissionDenied):
        services.set_decision_status(carol, d, "reversed")
    with pytest.raises(ValidationError):
        services.submit_input(carol, kind="decision", text="We will build it", team=h.team(world))


# --- Editing --------------------------------------------------------------------------------


def test_editing_changes_what_was_given_and_nothing_on_bad_input(world: Any, bob: Any) -> None:
    d = decide(bob, world, rationale="It confused people")
    services.update_decision(bob, d, title="Drop the setup wizard", reversible=False)
    d.refresh_from_db()
    assert (d.title, d.rationale, d.reversible) == (
        "Drop the setup wizard",
        "It confused people",
        False,
    )
    with pytest.raises(ValidationError) as refused:
        services.update_decision(bob, d, title="  ", rationale="changed")
    assert "title" in refused.value.message_dict
    d.refresh_from_db()
    assert d.rationale == "It confused people"
    with pytest.raises(ValidationError) as refused:
        services.update_decision(bob, d, status="reversed")
    assert "status" in refused.value.message_dict


def test_a_member_cannot_move_a_decision_to_a_team_they_are_not_on(world: Any, bob: Any) -> None:
    d = decide(bob, world)
    other = h.team(world, "Payments", with_bob=False)
    with pytest.raises(PermissionDenied):
        services.update_decision(bob, d, team=other.pk)
    leo = world.membership("leader")
    services.update_decision(leo, d, team=other.pk)
    assert Decision.objects.for_member(leo).get(pk=d.pk).team == other


# --- Revisit when ---------------------------------------------------------------------------


def test_a_revisit_date_makes_it_due_on_the_day(world: Any, bob: Any) -> None:
    decide(bob, world, "Later", revisit_on=h.TODAY() + timedelta(days=30))
    d = decide(bob, world, "Now", decided_on=h.days_ago(10), revisit_on=h.TODAY())
    assert due_titles(bob) == ["Now"]
    assert d.revisit(h.TODAY()).due
    with pytest.raises(ValidationError) as refused:
        decide(bob, world, "Before", decided_on=h.days_ago(2), revisit_on=h.days_ago(5))
    assert "revisit_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        decide(bob, world, "Far", revisit_on=h.TODAY() + timedelta(days=366 * 11))
    assert "revisit_on" in refused.value.message_dict


def test_a_condition_on_a_metric_flags_it_when_met(world: Any, bob: Any) -> None:
    activation = h.metric(world, value=34.0)
    d = decide(
        bob,
        world,
        revisit_metric=activation.pk,
        revisit_comparison="below",
        revisit_threshold=30,
    )
    assert d.revisit_condition == "if Activation falls below 30%"
    assert due_titles(bob) == []
    h.set_latest(activation, 28.5, h.TODAY())
    assert due_titles(bob) == ["Drop the wizard"]
    d = queries.decisions_for(bob).get(pk=d.pk)
    assert d.revisit(h.TODAY()).reasons == ["the metric is at 28.5"]


@pytest.mark.parametrize(
    ("condition", "field"),
    [
        (
            {"revisit_metric": 10**6, "revisit_comparison": "below", "revisit_threshold": 1},
            "revisit_metric",
        ),
        ({"revisit_comparison": "below", "revisit_threshold": 1}, "revisit_metric"),
        ({"revisit_comparison": "sideways", "revisit_threshold": 1}, "revisit_comparison"),
        ({"revisit_comparison": "below"}, "revisit_threshold"),
        ({"revisit_comparison": "below", "revisit_threshold": float("nan")}, "revisit_threshold"),
        ({"revisit_comparison": "below", "revisit_threshold": float("inf")}, "revisit_threshold"),
        ({"revisit_comparison": "below", "revisit_threshold": 1e16}, "revisit_threshold"),
    ],
)
def test_a_bad_condition_is_refused_naming_the_field(
    world: Any, bob: Any, condition: dict[str, Any], field: str
) -> None:
    activation = h.metric(world)
    if "revisit_metric" not in condition and field != "revisit_metric":
        condition = {**condition, "revisit_metric": activation.pk}
    with pytest.raises(ValidationError) as refused:
        decide(bob, world, **condition)
    assert field in refused.value.message_dict
    assert not Decision.objects.for_member(bob).exists()


def test_another_organizations_metric_is_refused(world: Any, bob: Any) -> None:
    theirs = h.metric(world, "Their activation", org="b", value=1.0)
    with pytest.raises(ValidationError) as refused:
        decide(
            bob, world, revisit_metric=theirs.pk, revisit_comparison="below", revisit_threshold=30
        )
    assert "No metric with id" in refused.value.message_dict["revisit_metric"][0]


# --- Reviews --------------------------------------------------------------------------------


def test_keeping_a_due_decision_takes_it_off_the_list_until_new_data(world: Any, bob: Any) -> None:
    activation = h.metric(world, value=20.0)
    d = decide(
        bob, world, revisit_metric=activation, revisit_comparison="below", revisit_threshold=30
    )
    d = queries.decisions_for(bob).get(pk=d.pk)
    review = services.review_decision(bob, d, outcome="keep", note="Still right: it is seasonal")
    assert review.reviewed_by == bob.user and due_titles(bob) == []
    h.set_latest(activation, 19.0, h.TODAY() + timedelta(days=1))
    assert due_titles(bob) == ["Drop the wizard"]
    events = AuditEvent.objects.filter(organization=world.org_a, object_type="Decision Review")
    assert events.exists()


def test_postponing_needs_a_later_date_and_moves_the_revisit(world: Any, bob: Any) -> None:
    d = decide(bob, world, decided_on=h.days_ago(30), revisit_on=h.days_ago(1))
    with pytest.raises(ValidationError) as refused:
        services.review_decision(bob, d, outcome="postpone")
    assert "next_revisit_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.review_decision(bob, d, outcome="postpone", next_revisit_on=h.TODAY())
    assert not DecisionReview.objects.for_member(bob).exists()
    later = h.TODAY() + timedelta(days=90)
    services.review_decision(bob, d, outcome="postpone", next_revisit_on=later)
    d.refresh_from_db()
    assert d.revisit_on == later and due_titles(bob) == []


def test_reviewing_can_supersede_or_reverse_and_history_is_not_reviewed(
    world: Any, bob: Any
) -> None:
    d = decide(bob, world, decided_on=h.days_ago(30), revisit_on=h.days_ago(1))
    successor = decide(bob, world, "Guided setup instead")
    review = services.review_decision(bob, d, outcome="supersede", superseded_by=successor.pk)
    d.refresh_from_db()
    assert d.status == "superseded" and review.superseded_by == successor
    assert due_titles(bob) == []
    with pytest.raises(ValidationError) as refused:
        services.review_decision(bob, d, outcome="keep")
    assert "nothing left to revisit" in refused.value.message_dict["outcome"][0]
    services.review_decision(bob, successor, outcome="reverse", note="Customers hated it")
    successor.refresh_from_db()
    assert successor.status == "reversed"


# --- Pages ----------------------------------------------------------------------------------


def test_the_log_filters_by_status_and_due_and_links_each_decision(world: Any, bob: Any) -> None:
    decide(bob, world, "Still current")
    due = decide(bob, world, "Look again", decided_on=h.days_ago(9), revisit_on=h.days_ago(1))
    proposed = decide(bob, world, "Maybe this", status="proposed")
    client = world.client("member")
    page = text(client.get(reverse("discovery:decisions") + "?due=1"))
    assert "Look again" in page and "Still current" not in page and "Due for revisit" in page
    assert (
        reverse("discovery:decision", args=[due.pk])
        in client.get(reverse("discovery:decisions")).content.decode()
    )
    page = text(client.get(reverse("discovery:decisions") + "?status=proposed"))
    assert "Maybe this" in page and "Look again" not in page and "Proposed" in page
    assert proposed.pk


def test_the_log_paginates(world: Any, bob: Any, settings: Any) -> None:
    settings.POM_UI_PAGE_SIZE = 5
    for i in range(7):
        decide(bob, world, f"Decision number {i}")
    client = world.client("member")
    first = text(client.get(reverse("discovery:decisions")))
    assert (
        "Page 1 of 2" in first and "Decision number 6" in first and "Decision number 0" not in first
    )
    second = text(client.get(reverse("discovery:decisions") + "?page=2"))
    assert "Decision number 0" in second


def test_the_decision_page_edits_and_shows_errors_under_the_field(world: Any, bob: Any) -> None:
    d = decide(bob, world)
    client = world.client("member")
    url = reverse("discovery:decision", args=[d.pk])
    page = text(client.get(url))
    assert "Drop the wizard" in page and "Accepted" in page and "Not set" in page
    data = {
        "title": "Drop the wizard for good",
        "decided_on": str(h.days_ago(0)),
        "reversible": "on",
        "revisit_on": str(h.TODAY() + timedelta(days=60)),
    }
    assert client.post(url, data).status_code == 302
    d.refresh_from_db()
    assert d.title == "Drop the wizard for good" and d.revisit_on is not None
    bad = client.post(url, {**data, "revisit_comparison": "below", "revisit_threshold": "30"})
    assert bad.status_code == 400
    assert "Choose the metric the condition watches." in text(bad)
    viewer = world.client("viewer")
    assert viewer.get(url).status_code == 200
    assert "Edit the decision" not in text(viewer.get(url))
    assert viewer.post(url, data).status_code == 403


def test_the_review_form_records_a_review(world: Any, bob: Any) -> None:
    d = decide(bob, world, decided_on=h.days_ago(9), revisit_on=h.days_ago(1))
    client = world.client("member")
    url = reverse("discovery:decision", args=[d.pk])
    assert "Due for revisit" in text(client.get(url))
    refused = client.post(
        reverse("discovery:decision_review", args=[d.pk]), {"outcome": "postpone"}
    )
    assert refused.status_code == 400 and "Give the date to revisit it next." in text(refused)
    done = client.post(
        reverse("discovery:decision_review", args=[d.pk]), {"outcome": "keep", "note": "Holds up"}
    )
    assert done.status_code == 302
    page = text(client.get(url))
    assert "Keep it" in page and "Holds up" in page and "Due for revisit" not in page
