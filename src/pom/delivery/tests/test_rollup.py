"""The daily rollup the overview reads: the same counts as the rows, medians within the buckets'
resolution, kept current by every write (replays included) and equal to a rebuild from scratch."""

from __future__ import annotations

import random
from datetime import timedelta
from statistics import median

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.query_counts import queries_of

from pom.delivery import buckets as b
from pom.delivery import dora, rollup, services
from pom.delivery.models import DeliveryDay, Deployment, Incident, Repository
from pom.delivery.services import records
from pom.delivery.tests import helpers as h

SHOP = "https://github.com/acme/shop"
SEARCH = "https://github.com/acme/search"


# --- The buckets ---------------------------------------------------------------------------------


def test_a_median_read_from_buckets_is_within_its_stated_resolution():
    rng = random.Random(7)
    for _ in range(200):
        values = [rng.lognormvariate(11, 2) for _ in range(rng.randint(1, 60))]
        exact = median(values)
        read = b.median(b.of(values, b.SECONDS), b.SECONDS)
        assert read is not None
        assert abs(read - exact) <= 0.025 * exact + 30  # ±2.5 %, or half the first bucket


def test_whole_numbers_are_kept_exactly_and_histograms_add_and_subtract():
    counts = [1, 4, 4, 2, 9, 3]
    assert b.median(b.of(counts, None), None) == median(counts) == 3.5
    both = b.add(b.of([60.0, 3600.0], b.SECONDS), b.of([3600.0], b.SECONDS))
    assert b.total(both) == 3
    assert b.add(both, b.of([60.0, 3600.0, 3600.0], b.SECONDS), -1) == {}
    assert b.median({}, b.SECONDS) is None
    assert b.bucket(59, b.SECONDS) == 0 and b.bucket(60, b.SECONDS) == 1
    assert b.bucket(1e30, b.SECONDS) == b.TOP
    assert b.load({"3": 2, "4": 0}) == {3: 2}


# --- Kept current by ingest ----------------------------------------------------------------------


def _pipeline(world, src, offset: int = 0) -> None:
    """Changes, then the deployments carrying them (and one change reported after its
    deployment), a failed run, incidents — some restored — across two repositories."""
    now = timezone.now().replace(microsecond=0)
    changes, deployments, incidents = [], [], []
    for i in range(12):
        repo = SHOP if i % 3 else SEARCH
        finished = now - timedelta(days=3 * i + 1, hours=i)
        lead = timedelta(hours=5 + 7 * i)
        changes.append(
            records.ChangeRecord(
                f"pr-{offset + i}",
                repo,
                first_commit_at=finished - lead,
                opened_at=finished - lead * 0.7,
                merged_at=finished - lead * 0.3,
                additions=10 * i,
                deletions=i,
            )
        )
        deployments.append(records.DeploymentRecord(f"d-{offset + i}", repo, finished_at=finished))
        if i % 4 == 1:
            incidents.append(
                records.IncidentRecord(
                    f"INC-{offset + i}",
                    "Down",
                    opened_at=finished + timedelta(minutes=10),
                    resolved_at=finished + timedelta(hours=i) if i < 8 else None,
                    repository=repo,
                )
            )
    deployments.append(
        records.DeploymentRecord(f"f-{offset}", SHOP, finished_at=now, result="failure")
    )
    records.store_changes(src, changes[:-1])
    records.store_deployments(src, deployments)
    records.store_changes(src, changes[-1:])  # after the deployment that shipped it
    records.store_incidents(src, incidents)


def _rows(org) -> list[tuple]:
    fields = ["span", "deploy_days", *rollup.FIELDS]
    rows = (
        DeliveryDay.objects.for_org(org)
        .order_by("span", "whole", "team_id", "day")
        .values_list(*fields)
    )
    return [tuple(b.load(v) if isinstance(v, dict) else v for v in row) for row in rows]


def _close(a, z, slack=30.0):
    assert (a is None) == (z is None), (a, z)
    assert a is None or abs(z - a) <= 0.025 * a + slack, (a, z)


def _assert_agrees(exact, read, *, row=False):
    """``read`` (from the rollup) against ``exact``: counts equal, medians within ±2.5 %. A team's
    row on the overview reads only what the row shows."""
    assert read.estimated and not exact.estimated
    assert read.frequency == exact.frequency
    assert read.failure_rate == exact.failure_rate
    assert read.lead_time.changes == exact.lead_time.changes
    assert read.restore.incidents == exact.restore.incidents
    assert read.batch.deployments == exact.batch.deployments
    assert read.batch.median_changes == exact.batch.median_changes
    assert read.cadence.releases == exact.cadence.releases
    assert read.cadence.per_week == exact.cadence.per_week
    _close(exact.lead_time.median_seconds, read.lead_time.median_seconds)
    _close(exact.restore.median_seconds, read.restore.median_seconds)
    more = [
        (exact.lead_time.coding_seconds, read.lead_time.coding_seconds, 30.0),
        (exact.lead_time.review_seconds, read.lead_time.review_seconds, 30.0),
        (exact.lead_time.deploy_seconds, read.lead_time.deploy_seconds, 30.0),
        (exact.batch.median_lines, read.batch.median_lines, 0.0),
        (exact.cadence.median_days_between, read.cadence.median_days_between, 30 / 86400),
    ]
    for a, z, slack in more:
        if row:
            assert z is None
        else:
            _close(a, z, slack)


@pytest.mark.django_db
def test_the_rollup_agrees_with_the_rows_and_a_replay_changes_nothing(world):
    src = h.source(world)
    _pipeline(world, src)
    for i in range(5):
        h.release(world, f"Release {i}", shipped_at=h.ago(2 * i + 0.5))
    org = world.org_a.pk
    for days in (7, 28, 90):
        w = dora.window(days=days)
        _assert_agrees(dora.figures_for(org, w)[dora.ORG], rollup.org_figures(org, w))
        team = h.team(world)
        exact = dora.figures_for(org, w, [team.pk])[team.pk]
        _assert_agrees(exact, rollup.team_rows(org, w, [team.pk])[team.pk], row=True)
    kept = _rows(world.org_a)
    assert kept
    _pipeline(world, src)  # the same deliveries again
    assert _rows(world.org_a) == kept
    rollup.rebuild(org)
    assert _rows(world.org_a) == kept


@pytest.mark.django_db
def test_a_window_reads_whole_weeks_and_the_days_at_its_edges_alike(world):
    """Windows starting and ending on any weekday sum week rows and day rows without overlap."""
    _pipeline(world, h.source(world))
    for i in range(6):
        h.release(world, f"Release {i}", shipped_at=h.ago(3 * i + 0.5))
    org, today = world.org_a.pk, timezone.localdate()
    team = h.team(world)
    for back, days in [(0, 7), (1, 9), (2, 13), (3, 21), (5, 30), (0, 36), (4, 3)]:
        w = dora.window(end=today - timedelta(days=back), days=days)
        _assert_agrees(dora.figures_for(org, w)[dora.ORG], rollup.org_figures(org, w))
        exact = dora.figures_for(org, w, [team.pk])[team.pk]
        _assert_agrees(exact, rollup.team_rows(org, w, [team.pk])[team.pk], row=True)
    weeks = DeliveryDay.objects.for_org(world.org_a).filter(span=rollup.WEEK)
    assert weeks.filter(whole=True).exists() and weeks.filter(whole=False).exists()


@pytest.mark.django_db
def test_every_write_keeps_the_rollup_equal_to_a_rebuild(world):
    src = h.source(world)
    _pipeline(world, src)
    leader = world.membership("leader")
    search = h.team(world, "Search", with_bob=False)
    # A repository moves to another team, and its rows with it.
    repo = Repository.objects.for_org(world.org_a).get(name="github.com/acme/search")
    services.map_repository(leader, repo, team=search)
    # A deployment reported again finishing a day later; an incident closed; one recorded by hand.
    first = Deployment.objects.for_org(world.org_a).get(external_id__endswith=":d-0")
    records.store_deployments(
        src,
        [records.DeploymentRecord("d-0", SHOP, finished_at=first.finished_at - timedelta(days=1))],
    )
    records.close_incident(src, "INC-9")
    services.record_incident(
        leader,
        title="Slow",
        opened_at=h.ago(5),
        resolved_at=h.ago(4.5),
        repository=SHOP,
        team=h.team(world).pk,
    )
    # Releases logged, moved and deleted.
    r1 = h.release(world, "One", shipped_at=h.ago(3))
    r2 = h.release(world, "Two", shipped_at=h.ago(2))
    h.release(world, "Three", shipped_at=h.ago(1))
    services.update_release(leader, r1, shipped_at=h.ago(0.5))
    services.delete_release(leader, r2)
    kept = _rows(world.org_a)
    rollup.rebuild(world.org_a.pk)
    assert _rows(world.org_a) == kept
    w = dora.window(days=90)
    org = world.org_a.pk
    _assert_agrees(dora.figures_for(org, w)[dora.ORG], rollup.org_figures(org, w))
    exact = dora.figures_for(org, w, [search.pk])[search.pk]
    assert exact.frequency.deployments == 3  # d-0 was reported again from the shop's repository
    _assert_agrees(exact, rollup.team_rows(org, w, [search.pk])[search.pk], row=True)


@pytest.mark.django_db
def test_the_overview_and_the_figures_api_read_the_same_rollup_and_say_it_is_estimated(world):
    _pipeline(world, h.source(world))
    api = world.api("viewer").get("/api/v1/delivery/figures").json()
    read = rollup.org_figures(world.org_a.pk, dora.window())
    assert api["estimated"] is True
    assert api["lead_time"]["median_seconds"] == read.lead_time.median_seconds
    assert api["deployment_frequency"]["deployments"] == read.frequency.deployments == 12
    page = world.client("viewer").get(reverse("delivery:overview")).content.decode()
    assert "within ±2.5 %" in page and "≈" in page
    team = h.team(world)
    exact = world.api("viewer").get(f"/api/v1/delivery/teams/{team.pk}/figures").json()
    assert exact["estimated"] is False
    page = world.client("viewer").get(reverse("delivery:team", args=[team.pk])).content.decode()
    assert 'data-testid="estimated"' not in page


@pytest.mark.django_db
def test_an_organization_without_a_rollup_gets_one_after_migrate(world):
    from pom.delivery.apps import build_missing_rollups

    _pipeline(world, h.source(world))
    kept = _rows(world.org_a)
    DeliveryDay.objects.for_org(world.org_a).delete()
    build_missing_rollups(verbosity=0)
    assert _rows(world.org_a) == kept


# --- Incidents: a request of many costs what a request of few does -------------------------------


@pytest.mark.django_db
def test_storing_incidents_runs_a_fixed_number_of_queries_and_finds_each_cause(world):
    src = h.source(world)
    now = timezone.now().replace(microsecond=0)
    records.store_deployments(
        src,
        [
            records.DeploymentRecord(f"d{i}", SHOP, finished_at=now - timedelta(hours=10 * i))
            for i in range(30)
        ]
        + [records.DeploymentRecord("named", SEARCH, finished_at=now - timedelta(days=20))],
    )

    def incidents(n: int, start: int) -> list[records.IncidentRecord]:
        return [
            records.IncidentRecord(
                f"I{start + i}",
                "Down",
                opened_at=now - timedelta(hours=10 * i + 3),
                resolved_at=now - timedelta(hours=10 * i + 1),
                repository=SHOP,
                deployment_id="named" if i == 2 else "",
            )
            for i in range(n)
        ]

    def count(n: int, start: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            records.store_incidents(src, incidents(n, start))
        return len(captured)

    few, many = count(3, 100), count(25, 200)
    # SQLite splits a long insert by its limit of bound parameters: a statement per ~60 rows.
    assert many <= few + 2
    assert count(25, 200) <= few + 2  # a replay: nothing moves, nothing is written again
    stored = Incident.objects.for_org(world.org_a).filter(external_id__startswith=f"{src.pk}:I2")
    for incident in stored:
        expected = records.cause_of(world.org_a.pk, incident.repository, None, incident.opened_at)
        if incident.external_id.endswith(":I202"):
            assert incident.deployment.external_id.endswith(":named")
        else:
            assert incident.deployment_id == expected
    from pom.core.models import AuditEvent

    audited = AuditEvent.objects.filter(organization=world.org_a, object_type="Incident")
    assert audited.filter(action="create").count() == 28


def test_a_webhook_of_many_incidents_runs_as_many_queries_as_one_of_few(world):
    from pom.delivery.tests.test_ingest_webhooks import post

    src = h.source(world)
    h.repository(world, SHOP)

    def issue(i: int) -> dict:
        return {
            "issueKey": f"K{i}",
            "title": "Down",
            "type": "INCIDENT",
            "createdDate": (timezone.now() - timedelta(hours=i + 1)).isoformat(),
            "repoUrl": SHOP,
        }

    few = queries_of(lambda: post(src, src.plain_secret, "issues", [issue(i) for i in range(2)]))
    many = queries_of(
        lambda: post(src, src.plain_secret, "issues", [issue(i) for i in range(10, 60)])
    )
    assert many <= few + 2


pytestmark = pytest.mark.django_db
