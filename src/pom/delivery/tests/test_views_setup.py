"""Ingest setup pages: a leader adds a source and sees its secret once; deliveries and their
errors are listed; repositories are mapped to teams."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from pom.delivery.models import Deployment, IngestSource
from pom.delivery.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_a_new_sources_secret_is_shown_once(world):
    h.team(world)
    client = world.client("leader")
    r = client.post(reverse("delivery:setup"), {"name": "Shop CI", "kind": "webhook"})
    assert r.status_code == 302
    source = IngestSource.objects.for_org(world.org_a).get()
    first = client.get(r["Location"]).content.decode()
    assert source.secret in first and "not shown again" in first
    assert f"/api/v1/delivery/hooks/{source.token}/deployments" in first
    assert source.secret not in client.get(r["Location"]).content.decode()


def test_a_duplicate_source_name_is_refused_on_the_form(world):
    h.source(world, name="Shop CI")
    r = world.client("leader").post(
        reverse("delivery:setup"), {"name": "shop ci", "kind": "github"}
    )
    assert r.status_code == 400 and "already a source named" in r.content.decode()
    assert IngestSource.objects.for_org(world.org_a).count() == 1


def test_rejected_deliveries_are_listed_with_their_error(world):
    src = h.source(world)
    Client(headers={"Authorization": f"Bearer {src.plain_secret}"}).post(
        f"/api/v1/delivery/hooks/{src.token}/deployments",
        data=json.dumps({"id": "x"}),
        content_type="application/json",
    )
    page = world.client("leader").get(src.get_absolute_url()).content.decode()
    assert "Rejected" in page and "deploymentCommits" in page


def test_a_new_secret_replaces_the_old_one(world):
    src = h.source(world)
    old = src.plain_secret
    client = world.client("leader")
    r = client.post(reverse("delivery:source_secret", args=[src.pk]))
    page = client.get(r["Location"]).content.decode()
    src.refresh_from_db()
    assert src.secret != old and src.secret in page


def test_mapping_an_unmapped_repository_from_the_setup_page(world):
    repo = h.repository(world)
    page = world.client("leader").get(reverse("delivery:setup")).content.decode()
    assert "github.com/acme/shop" in page and "Unmapped" in page
    other = h.team(world, "Search", with_bob=False)
    r = world.client("leader").post(
        reverse("delivery:repository_map", args=[repo.pk]), {"team": other.pk}
    )
    assert r.status_code == 302
    assert set(Deployment.objects.for_org(world.org_a).values_list("team_id", flat=True)) == {
        other.pk
    }


def test_members_cannot_open_setup(world):
    assert world.client("member").get(reverse("delivery:setup")).status_code == 403
