"""Searching releases: the text anywhere in the title, flag key or notes, any case, the same on
SQLite (through its trigram index) and PostgreSQL, and kept current as releases change."""

from __future__ import annotations

import pytest
from django.db import connection

from pom.accounts.models import Membership
from pom.delivery import queries, services
from pom.delivery.tests import helpers as h

pytestmark = pytest.mark.django_db


def found(world, text: str) -> list[str]:
    return sorted(r.title for r in queries.releases(world.membership("viewer"), q=text))


def test_the_text_is_found_anywhere_in_a_title_flag_key_or_notes_in_any_case(world):
    h.release(world, "Reorder button on web")
    h.release(world, "Saved carts", flag_key="cart_reorder_v2")
    h.release(world, "Faster checkout", notes="Customers asked to REORDER from the receipt.")
    h.release(world, "Order history export")
    assert found(world, "reorder") == ["Faster checkout", "Reorder button on web", "Saved carts"]
    assert found(world, "ORDER B") == ["Reorder button on web"]  # across a space, mid-word
    assert found(world, "rder") == [
        "Faster checkout",
        "Order history export",
        "Reorder button on web",
        "Saved carts",
    ]
    assert found(world, "er h") == ["Order history export"]
    assert found(world, "zebra") == []


def test_short_text_and_search_syntax_are_plain_text(world):
    h.release(world, "A/B test of the hero", notes='Says "go" and NEAR(x y)')
    h.release(world, "Hero copy")
    assert found(world, "A/") == ["A/B test of the hero"]  # shorter than the index's trigrams
    assert found(world, '"go"') == ["A/B test of the hero"]
    assert found(world, "NEAR(x") == ["A/B test of the hero"]
    assert found(world, "hero OR copy") == []  # not an operator: no release holds that text
    assert found(world, "*") == []


def test_a_renamed_or_deleted_release_is_found_by_what_it_says_now(world):
    release = h.release(world, "Reorder button")
    bob = h.bob(world)
    services.update_release(bob, release, title="Quick buy button", notes="was: reorder")
    assert found(world, "quick buy") == ["Quick buy button"]
    assert found(world, "reorder button") == []
    assert found(world, "was: reorder") == ["Quick buy button"]
    services.delete_release(bob, release)
    assert found(world, "quick buy") == []


def test_another_organizations_releases_are_never_found(world):
    from pom.discovery.tests import helpers as dh

    team = dh.team(world, "Bluth team", org="b", with_bob=False)
    owner = Membership.objects.for_org(world.org_b).get(role="owner")
    services.log_release(owner, team=team, title="Their reorder button", shipped_at=h.ago(1))
    h.release(world, "Our reorder button")
    assert found(world, "reorder") == ["Our reorder button"]


def test_on_sqlite_the_search_reads_the_trigram_index_not_every_release(world):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL filters the columns (no index of its own here)")
    h.release(world, "Reorder button")
    qs = queries.releases(world.membership("viewer"), q="reorder")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "delivery_release_fts VIRTUAL TABLE INDEX" in plan, plan
