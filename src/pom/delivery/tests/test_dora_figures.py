"""The figures read from stored deployments, changes and incidents: a worked example through the
ingest path, the team page, the overview and the figures API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pom.delivery import dora
from pom.delivery.services import records
from pom.delivery.tests import helpers as h

pytestmark = pytest.mark.django_db
REPO = "https://github.com/acme/shop"


def grow(world):
    """Three production deployments on three days (the second caused an incident restored in
    2 hours), one to staging and one that failed; two changes with lead times of 1 and 3 days."""
    src = h.source(world)
    now = timezone.now().replace(microsecond=0)
    d1, d2, d3 = now - timedelta(days=10), now - timedelta(days=6), now - timedelta(days=2)
    records.store_changes(
        src,
        [
            records.ChangeRecord(
                "pr-1",
                REPO,
                first_commit_at=d1 - timedelta(days=1),
                opened_at=d1 - timedelta(hours=20),
                merged_at=d1 - timedelta(hours=2),
                additions=90,
                deletions=10,
            ),
            records.ChangeRecord(
                "pr-2",
                REPO,
                first_commit_at=d2 - timedelta(days=3),
                opened_at=d2 - timedelta(days=2),
                merged_at=d2 - timedelta(days=1),
                additions=30,
                deletions=0,
            ),
        ],
    )
    records.store_deployments(
        src,
        [
            records.DeploymentRecord("d1", REPO, finished_at=d1, commit_shas=[("", "a")]),
            records.DeploymentRecord("d2", REPO, finished_at=d2, commit_shas=[("", "b")]),
            records.DeploymentRecord("d3", REPO, finished_at=d3, commit_shas=[("", "c")]),
            records.DeploymentRecord("s1", REPO, finished_at=d3, environment="staging"),
            records.DeploymentRecord("f1", REPO, finished_at=d3, result="failure"),
        ],
    )
    records.store_incidents(
        src,
        [
            records.IncidentRecord(
                "INC-1",
                "Checkout down",
                opened_at=d2 + timedelta(minutes=30),
                resolved_at=d2 + timedelta(hours=2),
                repository=REPO,
            )
        ],
    )
    return src


def test_the_worked_example_reads_the_same_from_the_database(world):
    grow(world)
    team = h.team(world)
    fig = dora.figures_for(world.org_a.pk, dora.window(days=28), [team.pk])[team.pk]
    assert (fig.frequency.deployments, fig.frequency.deployment_days) == (3, 3)
    assert fig.lead_time.changes == 2 and fig.lead_time.median_seconds == 2 * 86400
    assert fig.failure_rate.failed == 1 and fig.failure_rate.rate == pytest.approx(1 / 3)
    assert fig.restore.median_seconds == 2 * 3600
    assert fig.batch.median_changes == 1 and fig.batch.median_lines == 30
    org = dora.figures_for(world.org_a.pk, dora.window(days=28))[dora.ORG]
    assert org.frequency.deployments == 3


def test_a_window_that_misses_the_data_says_there_is_none(world):
    grow(world)
    w = dora.window(end=timezone.localdate() - timedelta(days=40), days=14)
    fig = dora.figures_for(world.org_a.pk, w)[dora.ORG]
    assert (
        fig.frequency.band is None
        and fig.lead_time.median_seconds is None
        and fig.failure_rate.rate is None
    )


def test_the_team_page_shows_the_figures_with_their_bands_and_the_linked_share(world):
    grow(world)
    h.release(world, "Linked", solutions=[h.solution(world)])
    h.release(world, "Loose")
    team = h.team(world)
    page = world.client("viewer").get(reverse("delivery:team", args=[team.pk])).content.decode()
    assert "Change failure rate" in page and "33.3 %" in page
    assert "2.0 h" in page  # time to restore
    assert "1 of 2" in page and "1 unlinked" in page
    assert "2023 Accelerate State of DevOps" in page


def test_the_overview_lists_each_team(world):
    grow(world)
    h.team(world, "Search", with_bob=False)
    page = world.client("viewer").get(reverse("delivery:overview")).content.decode()
    assert "Checkout" in page and "Search" in page and "33.3 %" in page


def test_the_figures_api_for_a_team_and_a_bad_window(world):
    grow(world)
    team = h.team(world)
    r = world.api("viewer").get(f"/api/v1/delivery/teams/{team.pk}/figures")
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["deployment_frequency"]["deployments"] == 3
    assert data["change_failure_rate"]["band"] == "low"
    bad = world.api("viewer").get(
        "/api/v1/delivery/figures", {"start": "2026-05-01", "end": "2026-01-01"}
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "start"
