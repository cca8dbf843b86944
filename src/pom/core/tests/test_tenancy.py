"""Tenancy: tenant rows are read for one organization, and another organization's ids are a 404."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from tests.fixtures import World

from pom.accounts import services
from pom.accounts.models import ApiToken, Invitation, Membership, Organization, User
from pom.core.models import UnscopedQueryError
from pom.teams.models import Team, TeamMember


def test_an_unscoped_read_of_a_tenant_model_raises(world: World) -> None:
    with pytest.raises(UnscopedQueryError, match=r"for_org"):
        list(Membership.objects.all())
    with pytest.raises(UnscopedQueryError):
        Membership.objects.filter(role="member").count()
    with pytest.raises(UnscopedQueryError):
        Membership.objects.exists()
    with pytest.raises(UnscopedQueryError):
        Membership.objects.filter(role="viewer").update(role="member")
    with pytest.raises(UnscopedQueryError):
        Membership.objects.filter(role="viewer").delete()


def test_for_org_reads_only_that_organizations_rows(world: World) -> None:
    a_users = set(Membership.objects.for_org(world.org_a).values_list("user__email", flat=True))
    assert a_users == {
        "alice@acme.test",
        "leo@acme.test",
        "bob@acme.test",
        "carol@acme.test",
        "victor@acme.test",
    }
    b_users = set(
        Membership.objects.for_member(world.membership("outsider")).values_list(
            "user__email", flat=True
        )
    )
    assert b_users == {"olga@bluth.test", "mallory@bluth.test"}


def test_unscoped_is_the_deliberate_way_to_read_every_organization(world: World) -> None:
    assert Membership.objects.unscoped().count() == 7


WIDE_FILTERS: dict[str, Callable[[World], QuerySet[Membership]]] = {
    "isnull": lambda w: Membership.objects.filter(organization__isnull=False),
    "in": lambda w: Membership.objects.filter(organization__in=[w.org_a, w.org_b]),
    "id in": lambda w: Membership.objects.filter(organization_id__in=[w.org_a.pk]),
    "range": lambda w: Membership.objects.filter(organization_id__gte=0),
    "another field": lambda w: Membership.objects.filter(organization__name="Acme"),
    "none": lambda w: Membership.objects.filter(organization=None),
    "a column": lambda w: Membership.objects.filter(organization=OuterRef("pk")),
    "negated": lambda w: Membership.objects.filter(~Q(organization=w.org_a)),
    "excluded": lambda w: Membership.objects.exclude(organization=w.org_a),
    "or": lambda w: Membership.objects.for_org(w.org_a) | Membership.objects.filter(role="member"),
    "xor": lambda w: Membership.objects.filter(role="member") ^ Membership.objects.for_org(w.org_a),
}


@pytest.mark.parametrize("make", WIDE_FILTERS.values(), ids=WIDE_FILTERS.keys())
def test_a_filter_that_does_not_name_one_organization_leaves_the_queryset_unscoped(
    world: World, make: Callable[[World], QuerySet[Membership]]
) -> None:
    with pytest.raises(UnscopedQueryError):
        list(make(world))


def test_an_equality_on_one_organization_scopes_the_queryset(world: World) -> None:
    a = world.org_a
    for qs in (
        Membership.objects.filter(organization=a),
        Membership.objects.filter(organization_id=a.pk),
        Membership.objects.filter(organization__pk=a.pk),
        Membership.objects.filter(organization__exact=a.pk),
        Membership.objects.filter(role="member") & Membership.objects.for_org(a),
        Membership.objects.for_org(a) | Membership.objects.for_org(a).filter(role="member"),
    ):
        assert {m.organization_id for m in qs} == {a.pk}


def test_a_union_with_an_unscoped_queryset_raises(world: World) -> None:
    scoped = Membership.objects.for_org(world.org_a).order_by().values("pk")
    with pytest.raises(UnscopedQueryError):
        scoped.union(Membership.objects.order_by().values("pk"))
    assert len(scoped.union(Membership.objects.for_org(world.org_b).order_by().values("pk"))) == 7


NESTED: dict[str, Callable[[Any], QuerySet[Any]]] = {
    "__in": lambda inner: User.objects.filter(pk__in=inner.values("user_id")),
    "Subquery": lambda inner: Organization.objects.annotate(
        role=Subquery(inner.filter(user_id=OuterRef("pk")).values("role")[:1])
    ),
    "Exists": lambda inner: Organization.objects.filter(
        Exists(inner.filter(organization_id=OuterRef("pk")))
    ),
    "~Exists": lambda inner: Membership.objects.for_org(1).filter(
        ~Exists(inner.filter(user_id=OuterRef("user_id")))
    ),
    "union in __in": lambda inner: User.objects.filter(
        pk__in=User.objects.filter(email="x").values("pk").union(inner.order_by().values("user_id"))
    ),
}


@pytest.mark.parametrize("nest", NESTED.values(), ids=NESTED.keys())
def test_an_unscoped_tenant_queryset_nested_in_another_query_raises(
    world: World, nest: Callable[[Any], QuerySet[Any]]
) -> None:
    with pytest.raises(UnscopedQueryError, match=r"inside another query"):
        list(nest(Membership.objects.filter(role="member")))
    with pytest.raises(UnscopedQueryError):
        list(nest(Membership.objects.filter(organization__isnull=False)))


@pytest.mark.parametrize("nest", NESTED.values(), ids=NESTED.keys())
def test_a_scoped_or_deliberately_unscoped_nested_queryset_runs(
    world: World, nest: Callable[[Any], QuerySet[Any]]
) -> None:
    list(nest(Membership.objects.for_org(world.org_a)))
    list(nest(Membership.objects.unscoped()))
    alice = world.user("owner")
    assert alice is not None
    list(nest(alice.memberships.all()))


def test_an_exclude_across_a_to_many_relation_is_scoped_by_its_outer_query(world: World) -> None:
    # Django builds that exclude's inner query itself, tied to the outer rows.
    list(Team.objects.for_org(world.org_a).exclude(members__role="product"))
    list(Team.objects.exclude(members__role="product").for_org(world.org_a))
    with pytest.raises(UnscopedQueryError, match=r"inside another query"):
        Team.objects.for_org(world.org_a).exclude(members__in=TeamMember.objects.filter(role="x"))


def test_related_rows_of_a_row_already_read_are_allowed(world: World) -> None:
    alice = world.user("owner")
    assert alice is not None
    assert [m.organization_id for m in alice.memberships.all()] == [world.org_a.pk]


@pytest.fixture
def org_a_ids(world: World) -> dict[str, int]:
    owner = world.membership("owner")
    invitation = services.invite(owner, email="newcomer@acme.test", role="member")
    token, _ = services.create_token(owner, name="laptop")
    return {
        "membership": world.membership("member").pk,
        "invitation": invitation.pk,
        "token": token.pk,
    }


def test_outsider_gets_404_for_another_orgs_membership_on_pages(
    world: World, org_a_ids: dict[str, int]
) -> None:
    client = world.client("outsider_owner")
    pk = org_a_ids["membership"]
    assert (
        client.post(reverse("accounts:member_role", args=[pk]), {"role": "viewer"}).status_code
        == 404
    )
    assert client.post(reverse("accounts:member_remove", args=[pk])).status_code == 404
    assert Membership.objects.for_org(world.org_a).get(pk=pk).role == "member"


def test_outsider_gets_404_for_another_orgs_invitation_on_pages(
    world: World, org_a_ids: dict[str, int]
) -> None:
    client = world.client("outsider_owner")
    pk = org_a_ids["invitation"]
    assert client.post(reverse("accounts:invitation_revoke", args=[pk])).status_code == 404
    assert client.post(reverse("accounts:invitation_resend", args=[pk])).status_code == 404
    assert Invitation.objects.for_org(world.org_a).get(pk=pk).status == "pending"


def test_outsider_gets_404_for_another_orgs_token_on_pages(
    world: World, org_a_ids: dict[str, int]
) -> None:
    client = world.client("outsider_owner")
    response = client.post(reverse("accounts:token_revoke", args=[org_a_ids["token"]]))
    assert response.status_code == 404
    assert ApiToken.objects.for_org(world.org_a).get(pk=org_a_ids["token"]).revoked_at is None


def test_outsider_gets_404_for_another_orgs_ids_in_the_api(
    world: World, org_a_ids: dict[str, int]
) -> None:
    api = world.api("outsider_owner")
    patch = api.patch(
        f"/api/v1/memberships/{org_a_ids['membership']}",
        data=json.dumps({"role": "viewer"}),
        content_type="application/json",
    )
    assert patch.status_code == 404
    assert patch.json()["message"] == f"No membership with id {org_a_ids['membership']}."
    assert api.delete(f"/api/v1/memberships/{org_a_ids['membership']}").status_code == 404
    assert api.delete(f"/api/v1/invitations/{org_a_ids['invitation']}").status_code == 404
    assert api.delete(f"/api/v1/tokens/{org_a_ids['token']}").status_code == 404
    assert Membership.objects.for_org(world.org_a).get(pk=org_a_ids["membership"]).role == "member"
    assert (
        Invitation.objects.for_org(world.org_a).get(pk=org_a_ids["invitation"]).status == "pending"
    )
    assert ApiToken.objects.for_org(world.org_a).get(pk=org_a_ids["token"]).is_active


def test_an_organization_you_do_not_belong_to_is_never_listed(world: World) -> None:
    response = world.api("outsider").get("/api/v1/memberships")
    emails = {m["user"]["email"] for m in response.json()["items"]}
    assert emails == {"olga@bluth.test", "mallory@bluth.test"}
    orgs = world.api("outsider").get("/api/v1/organizations").json()["items"]
    assert [o["name"] for o in orgs] == ["Bluth"]
