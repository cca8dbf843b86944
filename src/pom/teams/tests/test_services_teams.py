"""Bad input to the team services gets a clear message naming the field, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pom.core.models import AuditEvent
from pom.teams import queries, services
from pom.teams.models import Person, Team, TeamMember, TeamRole
from pom.teams.tests.helpers import acme


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_duplicate_team_slug_is_refused_by_name(world: Any) -> None:
    data = acme(world)
    with pytest.raises(ValidationError) as exc:
        services.create_team(world.membership("leader"), name="Other", slug=data.team.slug)
    assert "already uses the slug 'checkout'" in errors(exc)["slug"][0]
    assert Team.objects.for_org(world.org_a).count() == 1


def test_a_second_team_with_the_same_name_gets_a_fresh_slug(world: Any) -> None:
    acme(world)
    team = services.create_team(world.membership("leader"), name="Checkout")
    assert team.slug == "checkout-2"


def test_the_same_slug_is_fine_in_another_organization(world: Any) -> None:
    acme(world)
    team = services.create_team(world.membership("outsider_owner"), name="Checkout")
    assert team.slug == "checkout"


def test_reserved_slugs_are_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_team(world.membership("leader"), name="Map", slug="map")
    assert "reserved" in errors(exc)["slug"][0]
    assert services.create_team(world.membership("leader"), name="Map").slug == "map-team"


def test_allocation_over_100_on_one_team_is_refused(world: Any) -> None:
    data = acme(world)
    newcomer = services.create_person(world.membership("leader"), name="Dee", email="dee@acme.test")
    with pytest.raises(ValidationError) as exc:
        services.add_member(world.membership("leader"), data.team, person=newcomer, allocation=120)
    assert "120% is not possible" in errors(exc)["allocation"][0]
    assert not TeamMember.objects.for_org(world.org_a).filter(person=newcomer).exists()


def test_a_person_from_another_organization_cannot_join(world: Any) -> None:
    data = acme(world)
    stranger = services.create_person(
        world.membership("outsider_owner"), name="Mal", email="mal@bluth.test"
    )
    with pytest.raises(ValidationError) as exc:
        services.add_member(world.membership("leader"), data.team, person=stranger)
    assert errors(exc)["person"] == ["This person belongs to another organization."]
    with pytest.raises(ValidationError) as exc:
        services.add_member(world.membership("leader"), data.team, person=stranger.pk)
    assert f"no person with id {stranger.pk} in this organization" in errors(exc)["person"][0]


def test_an_unknown_role_is_refused_with_the_choices(world: Any) -> None:
    data = acme(world)
    newcomer = services.create_person(world.membership("leader"), name="Dee", email="dee@acme.test")
    with pytest.raises(ValidationError) as exc:
        services.add_member(world.membership("leader"), data.team, person=newcomer, role="wizard")
    assert "Unknown value 'wizard'" in errors(exc)["role"][0]
    assert "tech_lead" in errors(exc)["role"][0]


def test_a_coach_from_another_organization_is_refused(world: Any) -> None:
    data = acme(world)
    stranger = services.create_person(
        world.membership("outsider_owner"), name="Mal", email="mal@bluth.test"
    )
    with pytest.raises(ValidationError) as exc:
        services.update_team(world.membership("leader"), data.team, coach=stranger)
    assert "coach" in errors(exc)
    data.team.refresh_from_db()
    assert data.team.coach_id is None


def test_duplicate_emails_are_refused_case_insensitively(world: Any) -> None:
    acme(world)
    with pytest.raises(ValidationError) as exc:
        services.create_person(world.membership("leader"), name="Bobby", email="BOB@acme.test")
    assert "already has bob@acme.test" in errors(exc)["email"][0]


def test_someone_already_on_the_team_is_not_added_twice(world: Any) -> None:
    data = acme(world)
    with pytest.raises(ValidationError) as exc:
        services.add_member(world.membership("leader"), data.team, person=data.bob)
    assert errors(exc)["person"] == ["Bob Builder is already on Checkout."]


def test_a_member_edits_their_own_team_but_not_another(world: Any) -> None:
    data = acme(world)
    other = services.create_team(world.membership("leader"), name="Search")
    bob = world.membership("member")
    services.update_team(bob, data.team, mission="Paying takes one tap")
    with pytest.raises(PermissionDenied):
        services.update_team(bob, other, mission="Not mine")
    with pytest.raises(PermissionDenied):
        services.archive_team(bob, data.team)


def test_stakeholders_and_viewers_cannot_change_teams(world: Any) -> None:
    data = acme(world)
    for persona in ("stakeholder", "viewer"):
        with pytest.raises(PermissionDenied):
            services.update_team(world.membership(persona), data.team, mission="x")


def test_archiving_keeps_members_and_history_and_frees_allocation(world: Any) -> None:
    data = acme(world)
    leader = world.membership("leader")
    second = services.create_team(leader, name="Search")
    services.add_member(leader, second, person=data.bob, role=TeamRole.ENGINEER, allocation=60)
    org_id = world.org_a.pk
    assert queries.person_totals(org_id, [data.bob.pk]) == {data.bob.pk: 120}
    assert queries.overallocated_by_team(org_id)[data.team.pk] == ["Bob Builder"]

    services.archive_team(leader, second)
    assert TeamMember.objects.for_org(org_id).filter(team=second).count() == 1
    assert queries.person_totals(org_id, [data.bob.pk]) == {data.bob.pk: 60}
    assert queries.overallocated_by_team(org_id) == {}
    assert AuditEvent.objects.filter(
        organization=world.org_a, object_type="Team", action="update", object_id=str(second.pk)
    ).exists()

    services.restore_team(leader, second)
    second.refresh_from_db()
    assert second.archived_at is None


def test_deleting_an_area_keeps_its_teams(world: Any) -> None:
    data = acme(world)
    services.delete_area(world.membership("leader"), data.area)
    data.team.refresh_from_db()
    assert data.team.product_area_id is None


def test_changes_are_written_to_the_audit_log(world: Any) -> None:
    data = acme(world)
    services.update_member(world.membership("leader"), data.member, allocation=40)
    event = AuditEvent.objects.filter(organization=world.org_a, object_type="Team Member").first()
    assert event is not None
    assert event.changes == {"allocation": [60, 40]}
    assert "Bob Builder on Checkout" in event.object_repr


def test_team_size_limit_is_configurable_and_validated(world: Any) -> None:
    leader = world.membership("leader")
    services.update_settings(leader, team_size_limit=6)
    assert queries.size_limit(world.org_a.pk) == 6
    assert queries.size_limit(world.org_b.pk) == 10
    with pytest.raises(ValidationError) as exc:
        services.update_settings(leader, team_size_limit=1)
    assert "between 2 and 100" in errors(exc)["team_size_limit"][0]


def test_people_are_read_only_through_their_organization(world: Any) -> None:
    acme(world)
    assert Person.objects.for_org(world.org_b).count() == 0
