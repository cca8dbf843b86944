"""The delivery list endpoints read their page through an index, on SQLite and on PostgreSQL: the
query plan of each page names the index that keeps it in order, so a page is found without
sorting every row of the organization (2,000,000 changes at a thousand teams)."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from pom.delivery import queries

pytestmark = pytest.mark.django_db


def plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # An empty test table is read fastest without any index; what matters is that the
            # planner can keep the order from an index instead of sorting.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("read", "index"),
    [
        (queries.deployments, "deploy_org_time"),
        (queries.changes, "change_org_first"),
        (queries.incidents, "incident_org_opened"),
    ],
)
def test_a_page_of_a_delivery_list_is_read_in_order_from_an_index(world, read, index):
    page = read(world.membership("viewer"))[:50]
    found = plan(page)
    assert index in found, found
    if connection.vendor == "sqlite":
        assert "USE TEMP B-TREE FOR ORDER BY" not in found, found
    else:
        # No full sort; an incremental one (the index's order, ties broken by id) is fine.
        assert not re.search(r"(^|->  )Sort  \(", found, re.MULTILINE), found


def test_a_teams_figures_and_its_rollup_read_through_the_teams_indexes(world):
    """A team's figures (its page) and the refresh of its rollup read the team's own rows: no
    plan walks every change or incident of the organization (an ordering or an index on the
    organization alone used to steer SQLite there: seconds at a thousand teams)."""
    from datetime import timedelta

    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from pom.delivery import dora, rollup
    from pom.delivery.tests import helpers as h

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans an empty test table with sequential scans anyway")
    team, org = h.team(world), world.org_a.pk
    with CaptureQueriesContext(connection) as captured:
        dora.figures_for(org, dora.window(days=90), [team.pk])
        rollup.touch(org, [(team.pk, timezone.now() - timedelta(days=3))])
    selects = [q["sql"] for q in captured if q["sql"].startswith("SELECT")]
    assert len(selects) >= 8
    with connection.cursor() as cursor:
        for sql in selects:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            found = "\n".join(str(row[-1]) for row in cursor.fetchall())
            for whole in ("change_org_first", "incident_org_opened", "SCAN delivery_"):
                assert whole not in found, (sql, found)
